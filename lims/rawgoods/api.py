"""REST API of content records, scoped exactly like the pages: the same selectors, the same service.

Wired in `lims/api/urls.py` with
    router.register("metal-contents", MetalContentViewSet, basename="metal-content")
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lims.accounts import permissions
from lims.api.base import ModelSerializer
from lims.api.views import service_call
from lims.core.choices import Metal
from lims.intake.selectors import items_for
from lims.rawgoods import content
from lims.rawgoods.models import ContentUnit, MetalContent
from lims.rawgoods.selectors import contents_for
from lims.rawgoods.services import ContentEntry, content_record, missing_elements


class MetalContentSerializer(ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)

    class Meta:
        model = MetalContent
        fields = [
            "id",
            "item",
            "lab_number",
            "element",
            "unit",
            "value",
            "not_detected",
            "detection_limit",
            "method",
            "recorded_at",
        ]
        read_only_fields = fields


class ContentEntrySerializer(serializers.Serializer):
    element = serializers.ChoiceField(choices=Metal.choices)
    unit = serializers.ChoiceField(choices=ContentUnit.choices)
    # Not limited to 4 decimals here: the service quantizes to 0.0001 and refuses what would round to 0.
    value = serializers.DecimalField(max_digits=None, decimal_places=None, required=False, allow_null=True)
    not_detected = serializers.BooleanField(default=False)
    detection_limit = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )
    method = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ContentRecordSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    entries = ContentEntrySerializer(many=True, allow_empty=False)


class ItemContentSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    lab_number = serializers.CharField()
    # A plain string (registered / tested): a second enum for the item's status would collide in the schema
    # with ItemSerializer's until ENUM_NAME_OVERRIDES names it.
    status = serializers.CharField(help_text=_("The item's status: registered or tested."))
    missing = serializers.ListField(
        child=serializers.ChoiceField(choices=Metal.choices),
        help_text=_("Precious metals with no figure yet; the content document needs all eight."),
    )
    contents = MetalContentSerializer(many=True)


class MetalContentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MetalContentSerializer
    filterset_fields = ["item", "element", "unit", "not_detected"]

    def get_queryset(self):
        return contents_for(self.request.user).order_by("item_id", "id")

    @extend_schema(request=ContentRecordSerializer, responses=ItemContentSerializer)
    @action(detail=False, methods=["post"])
    def record(self, request):
        """Record or correct the content of some or all eight precious metals of one raw-goods item."""
        if not permissions.can_record_results(request.user):
            raise exceptions.PermissionDenied()
        payload = ContentRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        item = get_object_or_404(items_for(request.user), pk=data["item"])
        service_call(
            content_record,
            actor=request.user,
            item=item,
            entries=[ContentEntry(**entry) for entry in data["entries"]],
        )
        item.refresh_from_db(fields=["status"])
        rows = sorted(item.metal_contents.all(), key=lambda row: content.ELEMENTS.index(row.element))
        body = {
            "item": item.pk,
            "lab_number": item.lab_number,
            "status": item.status,
            "missing": missing_elements(item),
            "contents": rows,
        }
        return Response(ItemContentSerializer(body).data)
