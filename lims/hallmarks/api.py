"""REST API of the mark registries, hallmark checks and hallmarked articles, scoped exactly like the pages:
the same selectors, the same services. Plus the public lookup of a verification ID (no login, rate-limited
per client IP together with the page).

Wired in `lims/api/urls.py` with
    router.register("name-marks", NameMarkViewSet, basename="name-mark")
    router.register("assay-marks", AssayMarkViewSet, basename="assay-mark")
    router.register("hallmark-checks", HallmarkCheckViewSet, basename="hallmark-check")
    router.register("hallmarked-articles", HallmarkedArticleViewSet, basename="hallmarked-article")
    path("v1/hallmark-verify/<str:code>/", HallmarkVerifyView.as_view(), name="api-hallmark-verify")
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lims.api.base import ModelSerializer
from lims.api.views import service_call
from lims.core.choices import Metal
from lims.hallmarks import authenticity, codes, services
from lims.hallmarks import permissions as hallmark_permissions
from lims.hallmarks.filters import AssayMarkFilter, NameMarkFilter
from lims.hallmarks.messages import reason_text
from lims.hallmarks.models import (
    AssayMark,
    HallmarkCheck,
    HallmarkedArticle,
    HallmarkingMethod,
    MarkPresence,
    NameMark,
)
from lims.hallmarks.selectors import (
    articles_for,
    assay_marks_for,
    checks_for,
    lab_items_for,
    name_marks_for,
    public_article,
)
from lims.hallmarks.throttling import VerifyThrottle
from lims.intake.models import ApplicantKind, ItemCategory


class ReadsRegistries(permissions.BasePermission):
    """Staff of any laboratory and control officers; applicants get 403 (pages do the same)."""

    def has_permission(self, request, view):
        return hallmark_permissions.can_read_registries(request.user)


class NameMarkSerializer(ModelSerializer):
    organization = serializers.CharField(source="organization.short_code", read_only=True)
    producer_identifier = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = NameMark
        fields = [
            "id",
            "code",
            "producer_kind",
            "producer_name",
            "producer_identifier",
            "email",
            "organization",
            "registered_on",
            "status",
            "status_reason",
            "status_changed_at",
        ]
        read_only_fields = fields

    def _contact(self, mark) -> bool:
        return hallmark_permissions.can_see_producer_contact(self.context["request"].user, mark)

    def get_producer_identifier(self, mark) -> str | None:
        """Shown for legal entities (BIN), and to the registering organization and control officers."""
        if mark.producer_kind == ApplicantKind.LEGAL_ENTITY or self._contact(mark):
            return mark.producer_identifier
        return None

    def get_email(self, mark) -> str | None:
        """Shown to the registering organization and control officers only."""
        return mark.email if self._contact(mark) else None


class NameMarkCreateSerializer(serializers.Serializer):
    producer_kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    producer_name = serializers.CharField(max_length=200)
    producer_identifier = serializers.CharField(max_length=12)
    code = serializers.CharField(max_length=codes.CODE_MAX_LENGTH + 8)
    email = serializers.EmailField()
    registered_on = serializers.DateField(required=False, allow_null=True, default=None)
    image = serializers.ImageField(required=False, allow_null=True, default=None)


class NameMarkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The name-mark registry of every organization. `?code=` finds one code (in either script); `?q=`
    searches codes, producers and IIN/BIN. Heads of laboratory and organization administrators register."""

    serializer_class = NameMarkSerializer
    filterset_class = NameMarkFilter
    permission_classes = [permissions.IsAuthenticated, ReadsRegistries]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return name_marks_for(self.request.user).order_by("code")

    @extend_schema(request=NameMarkCreateSerializer, responses=NameMarkSerializer)
    def create(self, request):
        if not hallmark_permissions.can_register_name_mark(request.user):
            raise exceptions.PermissionDenied()
        payload = NameMarkCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        mark = service_call(services.name_mark_register, actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(mark).data, status=status.HTTP_201_CREATED)


class AssayMarkSerializer(ModelSerializer):
    class Meta:
        model = AssayMark
        fields = [
            "id",
            "office_code",
            "metal",
            "fineness",
            "valid_from",
            "valid_to",
            "description",
            "verified",
        ]
        read_only_fields = fields


class AssayMarkViewSet(viewsets.ReadOnlyModelViewSet):
    """The assay-mark registry (reference data, kept in the Django admin)."""

    serializer_class = AssayMarkSerializer
    filterset_class = AssayMarkFilter
    permission_classes = [permissions.IsAuthenticated, ReadsRegistries]

    def get_queryset(self):
        return assay_marks_for(self.request.user)


class HallmarkCheckSerializer(ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)
    checked_by = serializers.CharField(source="checked_by.username", read_only=True)
    reason_texts = serializers.SerializerMethodField()

    class Meta:
        model = HallmarkCheck
        fields = [
            "id",
            "item",
            "lab_number",
            "assay_mark_presence",
            "observed_fineness",
            "observed_office_code",
            "name_mark_presence",
            "observed_name_code",
            "stamped_on",
            "notes",
            "assay_mark",
            "name_mark",
            "result",
            "measured_fineness",
            "verdict",
            "reasons",
            "reason_texts",
            "checked_by",
            "checked_at",
            "current",
        ]
        read_only_fields = fields

    def get_reason_texts(self, check) -> list[str]:
        return [reason_text(code) for code in check.reasons]


class HallmarkCheckInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    assay_mark_presence = serializers.ChoiceField(choices=MarkPresence.choices)
    observed_fineness = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    observed_office_code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    name_mark_presence = serializers.ChoiceField(choices=MarkPresence.choices)
    observed_name_code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    stamped_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class HallmarkCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hallmark authenticity checks of the organization's articles; a new check supersedes the item's
    current one (kept, `current` false)."""

    serializer_class = HallmarkCheckSerializer
    filterset_fields = ["item", "verdict", "current"]

    def get_queryset(self):
        return checks_for(self.request.user).order_by("id")

    @extend_schema(request=HallmarkCheckInputSerializer, responses=HallmarkCheckSerializer)
    def create(self, request):
        if not hallmark_permissions.can_check_hallmarks(request.user):
            raise exceptions.PermissionDenied()
        payload = HallmarkCheckInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        item = get_object_or_404(lab_items_for(request.user), pk=data["item"])
        observation = authenticity.Observation(
            assay_mark=data["assay_mark_presence"],
            name_mark=data["name_mark_presence"],
            assay_fineness=data.get("observed_fineness"),
            assay_office=data["observed_office_code"],
            name_code=data["observed_name_code"],
            stamped_on=data["stamped_on"],
            notes=data["notes"],
        )
        check = service_call(
            services.hallmark_check_record, actor=request.user, item=item, observation=observation
        )
        return Response(self.get_serializer(check).data, status=status.HTTP_201_CREATED)


class HallmarkedArticleSerializer(ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)
    application = serializers.CharField(source="item.application.number", read_only=True)
    display_id = serializers.CharField(read_only=True, help_text=_("The ID as printed: K7M2-9QXA."))
    metal = serializers.ChoiceField(source="assay_mark.metal", choices=Metal.choices, read_only=True)
    fineness = serializers.DecimalField(
        source="assay_mark.fineness", max_digits=5, decimal_places=1, read_only=True
    )
    hallmarked_by = serializers.CharField(source="hallmarked_by.username", read_only=True)

    class Meta:
        model = HallmarkedArticle
        fields = [
            "id",
            "item",
            "lab_number",
            "application",
            "article_number",
            "verification_id",
            "display_id",
            "assay_mark",
            "metal",
            "fineness",
            "method",
            "result",
            "hallmarked_by",
            "hallmarked_at",
        ]
        read_only_fields = fields


class HallmarkingInputSerializer(serializers.Serializer):
    # Ids are database keys: a number past them is a validation error, not an overflow in the database.
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=False
    )
    assay_mark = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    method = serializers.ChoiceField(choices=HallmarkingMethod.choices)


class HallmarkedArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hallmarked articles of the organization, each with its public verification ID."""

    serializer_class = HallmarkedArticleSerializer
    filterset_fields = ["item", "method", "assay_mark", "item__application"]

    def get_queryset(self):
        return articles_for(self.request.user).order_by("id")

    @extend_schema(request=HallmarkingInputSerializer, responses=HallmarkedArticleSerializer(many=True))
    @action(detail=False, methods=["post"])
    def hallmark(self, request):
        """Record the hallmarking of a batch of items: every article of each gets its verification ID. The
        whole batch is refused, with one message per refused item, if any item may not be hallmarked."""
        if not hallmark_permissions.can_hallmark(request.user):
            raise exceptions.PermissionDenied()
        payload = HallmarkingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        wanted = set(data["items"])
        items = list(lab_items_for(request.user).filter(pk__in=wanted))
        if len(items) != len(wanted):
            raise Http404
        assay_mark = get_object_or_404(AssayMark, pk=data["assay_mark"])
        rows = service_call(
            services.hallmarking_record,
            actor=request.user,
            items=items,
            assay_mark=assay_mark,
            method=data["method"],
        )
        rows = (
            self.get_queryset().filter(pk__in=[row.pk for row in rows]).order_by("item_id", "article_number")
        )
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class PublicArticleSerializer(serializers.Serializer):
    verification_id = serializers.CharField(help_text=_("As printed: K7M2-9QXA."))
    metal = serializers.ChoiceField(choices=Metal.choices)
    metal_label = serializers.CharField()
    fineness = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text=_("The assay mark's figure, ‰.")
    )
    organization = serializers.CharField(help_text=_("The accredited organization that hallmarked it."))
    hallmarked_on = serializers.DateField()
    category = serializers.ChoiceField(choices=ItemCategory.choices)
    category_label = serializers.CharField()


class HallmarkVerifyView(APIView):
    """Public, no login: what a hallmarked article's assay mark certifies, by its verification ID (with or
    without the dash, any case). 404 for an unknown ID; 429 past the rate limit per client IP."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [VerifyThrottle]

    @extend_schema(responses=PublicArticleSerializer)
    def get(self, request, code: str):
        facts = public_article(codes.parse_verification_id(code))
        if facts is None:
            raise exceptions.NotFound(
                _("No hallmarked article has the verification ID %(code)s.") % {"code": code[:32]}
            )
        return Response(PublicArticleSerializer(facts).data)
