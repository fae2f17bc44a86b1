"""REST API, scoped exactly like the pages: the same selectors, the same services."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from lims.accounts import permissions
from lims.api import serializers
from lims.assay.models import Result
from lims.assay.services import result_record
from lims.intake import services as intake_services
from lims.intake.filters import ApplicationFilter, ItemFilter
from lims.intake.selectors import applications_for, items_for
from lims.intake.services import ItemData


def _service_call(func, **kwargs):
    """Map service-layer exceptions to API errors."""
    try:
        return func(**kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise exceptions.ValidationError(error.messages) from error


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return (
            applications_for(self.request.user)
            .annotate(item_count=Count("items"))
            .order_by("-received_at", "-id")
        )

    @extend_schema(
        request=serializers.ApplicationCreateSerializer, responses=serializers.ApplicationSerializer
    )
    def create(self, request):
        if not permissions.can_register(request.user):
            raise exceptions.PermissionDenied()
        payload = serializers.ApplicationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        application = _service_call(
            intake_services.application_register_for_applicant,
            actor=request.user,
            existing=data["applicant"],
            kind=data["applicant_kind"],
            identifier=data["applicant_identifier"],
            name=data["applicant_name"],
            purpose=data["purpose"],
            notes=data["notes"],
            items=[ItemData(**item) for item in data["items"]],
        )
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)


class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ItemSerializer
    filterset_class = ItemFilter

    def get_queryset(self):
        return items_for(self.request.user).order_by("id")


class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ResultSerializer
    filterset_fields = ["item", "metal", "method"]

    def get_queryset(self):
        items = items_for(self.request.user).values("pk")
        return Result.objects.filter(item__in=items).select_related("item").order_by("id")

    @extend_schema(request=serializers.ResultCreateSerializer, responses=serializers.ResultSerializer)
    def create(self, request):
        if not permissions.can_record_results(request.user):
            raise exceptions.PermissionDenied()
        payload = serializers.ResultCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        item = get_object_or_404(items_for(request.user), pk=data["item"])
        result = _service_call(
            result_record,
            actor=request.user,
            item=item,
            metal=data["metal"],
            method=data["method"],
            fineness=data["fineness"],
        )
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)
