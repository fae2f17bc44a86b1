"""REST API of stone identification, scoped exactly like the pages: the same selectors, the same services.

Wired in `lims/api/urls.py` with
    router.register("stones", StoneViewSet, basename="stone")
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lims.accounts import permissions
from lims.api.base import ModelSerializer
from lims.api.views import service_call
from lims.gems.identification import FLAG_CODES
from lims.gems.models import (
    Evidence,
    EvidenceKind,
    GemConstant,
    PearlType,
    Stone,
    StoneStatus,
    Treatment,
    TreatmentCode,
    TreatmentDegree,
    Variety,
)
from lims.gems.selectors import stones_for
from lims.gems.services import MEASURED_FIELDS, Decision, evidence_add, stone_decide, stone_record
from lims.intake.selectors import items_for


class EvidenceSerializer(ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "file", "sha256", "note", "recorded_at"]
        read_only_fields = fields


class TreatmentSerializer(ModelSerializer):
    class Meta:
        model = Treatment
        fields = ["code", "degree"]


class StoneSerializer(ModelSerializer):
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)
    material = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    treatments = TreatmentSerializer(many=True, read_only=True)

    class Meta:
        model = Stone
        fields = [
            "id",
            "item",
            "lab_number",
            "number",
            *MEASURED_FIELDS,
            "sg_derived",
            "candidates",
            "flags",
            "material",
            "species",
            "variety",
            "status",
            "pearl_type",
            "flag_reasons",
            "is_precious",
            "precious_reason",
            "decided_at",
            "evidence",
            "treatments",
        ]
        read_only_fields = fields


class MeasurementsSerializer(ModelSerializer):
    """The measured fields, all optional; numbers as strings or numbers with a decimal point."""

    class Meta:
        model = Stone
        fields = list(MEASURED_FIELDS)
        extra_kwargs = {name: {"required": False} for name in MEASURED_FIELDS}


class StoneCreateSerializer(MeasurementsSerializer):
    item = serializers.IntegerField()

    class Meta(MeasurementsSerializer.Meta):
        fields = ["item", *MEASURED_FIELDS]


class DecisionSerializer(serializers.Serializer):
    material = serializers.SlugRelatedField(slug_field="code", queryset=GemConstant.objects.all())
    status = serializers.ChoiceField(choices=StoneStatus.choices)
    variety = serializers.ChoiceField(choices=Variety.choices, required=False, allow_blank=True, default="")
    pearl_type = serializers.ChoiceField(
        choices=PearlType.choices, required=False, allow_blank=True, default=""
    )
    treatments = serializers.DictField(
        child=serializers.ChoiceField(choices=TreatmentDegree.choices),
        required=False,
        default=dict,
        help_text=_("Treatment code → degree."),
    )
    flag_reasons = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        default=dict,
        help_text=_("Flag code → why the decision stands against it."),
    )

    def validate_treatments(self, value):
        unknown = sorted(set(value) - set(TreatmentCode.values))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown treatment: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return value

    def validate_flag_reasons(self, value):
        unknown = sorted(set(value) - set(FLAG_CODES))
        if unknown:
            raise serializers.ValidationError(_("Unknown flag: %(codes)s.") % {"codes": ", ".join(unknown)})
        return value


class EvidenceCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StoneSerializer
    filterset_fields = ["item", "species", "status", "is_precious"]

    def get_queryset(self):
        return (
            stones_for(self.request.user)
            .prefetch_related("evidence", "treatments")
            .order_by("item_id", "number")
        )

    def _require_recorder(self):
        if not permissions.can_record_results(self.request.user):
            raise exceptions.PermissionDenied()

    @extend_schema(request=StoneCreateSerializer, responses={201: StoneSerializer})
    def create(self, request):
        """Record a new stone of an item from its measurements; returns the candidates and flags."""
        self._require_recorder()
        payload = StoneCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        item = get_object_or_404(items_for(request.user), pk=data.pop("item"))
        stone = service_call(stone_record, actor=request.user, item=item, data=data)
        return Response(StoneSerializer(stone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasurementsSerializer, responses=StoneSerializer)
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        """Change some measurements; a decided stone is reopened."""
        self._require_recorder()
        stone = self.get_object()
        payload = MeasurementsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stone = service_call(
            stone_record, actor=request.user, item=stone.item, stone=stone, data=dict(payload.validated_data)
        )
        return Response(StoneSerializer(self.get_queryset().get(pk=stone.pk)).data)

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer})
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser],
    )
    def evidence(self, request, pk=None):
        """Keep a file (photo, spectrum, radiograph) or a written observation as evidence."""
        self._require_recorder()
        stone = self.get_object()
        payload = EvidenceCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = service_call(evidence_add, actor=request.user, stone=stone, **payload.validated_data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=StoneSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Record what the stone is; refused with every problem (missing evidence, flags without a reason)."""
        self._require_recorder()
        stone = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stone = service_call(
            stone_decide, actor=request.user, stone=stone, choice=Decision(**payload.validated_data)
        )
        return Response(StoneSerializer(self.get_queryset().get(pk=stone.pk)).data)
