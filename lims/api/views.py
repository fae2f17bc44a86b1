"""REST API, scoped exactly like the pages: the same selectors, the same services."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from instruments.models import Instrument
from lims.accounts import permissions
from lims.api import serializers
from lims.assay import services as assay_services
from lims.assay.forms import clean_raw
from lims.assay.models import CoinOrBar, InvestmentAssessment, Result, ResultStatus
from lims.intake import services as intake_services
from lims.intake.filters import ApplicationFilter, ItemFilter
from lims.intake.selectors import applications_for, items_for
from lims.intake.services import ItemData


def service_call(func, **kwargs):
    """Map service-layer exceptions to API errors; a service's errors by field stay by field
    ({"hs_code": [...]}), the others are a list of messages."""
    try:
        return func(**kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise exceptions.ValidationError(detail) from error


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
        application = service_call(
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


def _scoped_item(request, pk):
    return get_object_or_404(items_for(request.user), pk=pk)


def _raw_input(request):
    """Validate a result's input the way the worksheet does: (item, method, metal, raw, instrument)."""
    if not permissions.can_record_results(request.user):
        raise exceptions.PermissionDenied()
    payload = serializers.ResultInputSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    item = _scoped_item(request, data["item"])
    try:
        raw = clean_raw(data["method"], data["raw"])
    except DjangoValidationError as error:
        raise exceptions.ValidationError({"raw": error.message_dict}) from error
    instrument = None
    if data["instrument"] is not None:
        instrument = Instrument.objects.filter(
            pk=data["instrument"], organization_id=request.user.organization_id
        ).first()
        if instrument is None:
            raise exceptions.ValidationError({"instrument": [_("No such instrument.")]})
    return item, data["method"], data["metal"] or None, raw, instrument


class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Fineness results: record from raw measurements, preview without saving, verify (a second person),
    invalidate with a reason. Invalidated results stay listed (status "invalidated")."""

    serializer_class = serializers.ResultSerializer
    filterset_fields = ["item", "metal", "method", "status"]

    def get_queryset(self):
        items = items_for(self.request.user).values("pk")
        results = Result.objects.filter(item__in=items)
        if permissions.is_applicant(self.request.user):
            # As on the application's page: a withdrawn result is the laboratory's history, not a finding.
            results = results.exclude(status=ResultStatus.INVALIDATED)
        return results.select_related("item", "recorded_by", "verified_by", "invalidated_by").order_by("id")

    @extend_schema(request=serializers.ResultInputSerializer, responses=serializers.ResultSerializer)
    def create(self, request):
        item, method, metal, raw, instrument = _raw_input(request)
        result = service_call(
            assay_services.result_record,
            actor=request.user,
            item=item,
            method=method,
            metal=metal,
            raw=raw,
            instrument=instrument,
        )
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ResultInputSerializer, responses=serializers.EvaluationSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request):
        """The fineness and verdict the raw measurements give, without saving anything."""
        item, method, metal, raw, _instrument = _raw_input(request)
        evaluation = service_call(assay_services.evaluate, item=item, method=method, metal=metal, raw=raw)
        return Response(serializers.EvaluationSerializer(evaluation).data)

    @extend_schema(request=None, responses=serializers.ResultSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        result = service_call(assay_services.result_verify, actor=request.user, result=self.get_object())
        return Response(self.get_serializer(result).data)

    @extend_schema(request=serializers.InvalidateSerializer, responses=serializers.ResultSerializer)
    @action(detail=True, methods=["post"])
    def invalidate(self, request, pk=None):
        result = self.get_object()  # another laboratory's result is a 404 before the body is read
        if not permissions.can_record_results(request.user):
            raise exceptions.PermissionDenied(_("You may not invalidate results of this item."))
        payload = serializers.InvalidateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = service_call(
            assay_services.result_invalidate,
            actor=request.user,
            result=result,
            reason=payload.validated_data["reason"],
        )
        return Response(self.get_serializer(result).data)


class InvestmentAssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Investment-gold assessments of coins and bars (Law art.1 p.15), each with every criterion."""

    serializer_class = serializers.InvestmentAssessmentSerializer
    filterset_fields = ["item", "kind", "is_investment_gold", "current"]

    def get_queryset(self):
        items = items_for(self.request.user).values("pk")
        return (
            InvestmentAssessment.objects.filter(item__in=items)
            .select_related("item", "result", "assessed_by")
            .order_by("id")
        )

    @extend_schema(
        request=serializers.InvestmentInputSerializer, responses=serializers.InvestmentAssessmentSerializer
    )
    def create(self, request):
        if not permissions.can_record_results(request.user):
            raise exceptions.PermissionDenied()
        payload = serializers.InvestmentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        item = _scoped_item(request, data.pop("item"))
        kind = data.pop("kind")
        if kind == CoinOrBar.COIN:
            facts = assay_services.CoinData(
                **{
                    k: data[k]
                    for k in ("minted_year", "proof_quality", "mintage", "market_price_kzt", "sale_date")
                }
            )
        else:
            facts = assay_services.BarData(
                kind=kind,
                refined=data["refined"],
                made_to_standard=data["made_to_standard"],
                markings=frozenset(data["markings"]),
                serial_contains_year=data["serial_contains_year"],
            )
        assessment = service_call(assay_services.investment_assess, actor=request.user, item=item, data=facts)
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)
