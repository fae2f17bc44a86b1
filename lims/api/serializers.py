from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lims.api.base import ModelSerializer
from lims.assay.messages import MARKINGS, reason_texts
from lims.assay.models import CoinOrBar, InvestmentAssessment, Method, Result
from lims.core.choices import Metal
from lims.intake.models import Applicant, ApplicantKind, Application, Item, ItemCategory, Purpose
from lims.intake.validators import clean_identifier


class ApplicantSerializer(ModelSerializer):
    class Meta:
        model = Applicant
        fields = ["id", "kind", "name", "identifier"]
        read_only_fields = fields


class ResultSerializer(ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    verified_by = serializers.CharField(source="verified_by.username", read_only=True, allow_null=True)
    invalidated_by = serializers.CharField(source="invalidated_by.username", read_only=True, allow_null=True)
    reason_texts = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = [
            "id",
            "item",
            "lab_number",
            "metal",
            "method",
            "status",
            "raw",
            "replicate_values",
            "spread",
            "correction_mg",
            "fineness",
            "repeat_required",
            "declared_fineness",
            "judged_fineness",
            "uncertainty",
            "conforms",
            "assignable_standard",
            "is_precious_article",
            "reasons",
            "reason_texts",
            "instrument",
            "recorded_by",
            "recorded_at",
            "verified_by",
            "verified_at",
            "invalidated_by",
            "invalidated_at",
            "invalidation_reason",
            "retest_of",
        ]
        read_only_fields = fields

    def get_reason_texts(self, result) -> list[str]:
        return reason_texts(result.reasons)


class ResultInputSerializer(serializers.Serializer):
    """Raw measurements by method, named as on the worksheet (e.g. portion_1_mass_mg); see docs/ASSAY.md."""

    item = serializers.IntegerField()
    method = serializers.ChoiceField(choices=Method.choices)
    metal = serializers.ChoiceField(choices=Metal.choices, required=False, allow_blank=True, default="")
    instrument = serializers.IntegerField(required=False, allow_null=True, default=None)
    raw = serializers.DictField(child=serializers.CharField(allow_blank=True))


class EvaluationSerializer(serializers.Serializer):
    metal = serializers.CharField()
    method = serializers.CharField(source="determination.method")
    replicate_values = serializers.SerializerMethodField()
    spread = serializers.DecimalField(
        source="determination.replicates.spread", max_digits=12, decimal_places=4
    )
    correction_mg = serializers.DecimalField(
        source="determination.correction", max_digits=12, decimal_places=4, allow_null=True
    )
    fineness = serializers.DecimalField(
        source="determination.reported", max_digits=5, decimal_places=1, allow_null=True
    )
    repeat_required = serializers.BooleanField(source="determination.replicates.repeat_required")
    decisive = serializers.BooleanField(source="determination.decisive")
    judged_fineness = serializers.DecimalField(
        source="conformity.judged_value", max_digits=5, decimal_places=1, allow_null=True, default=None
    )
    conforms = serializers.BooleanField(source="conformity.conforms", allow_null=True, default=None)
    assignable_standard = serializers.DecimalField(
        source="conformity.assignable", max_digits=5, decimal_places=1, allow_null=True, default=None
    )
    is_precious_article = serializers.BooleanField(
        source="conformity.is_precious_article", allow_null=True, default=None
    )
    reasons = serializers.SerializerMethodField()
    reason_texts = serializers.SerializerMethodField()

    def get_replicate_values(self, evaluation) -> list[str]:
        return [str(v.quantize(Decimal("0.0001"))) for v in evaluation.determination.values]

    def get_reasons(self, evaluation) -> list[str]:
        return ["repeat_required"] if evaluation.conformity is None else list(evaluation.conformity.reasons)

    def get_reason_texts(self, evaluation) -> list[str]:
        return reason_texts(self.get_reasons(evaluation))


class InvalidateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class InvestmentAssessmentSerializer(ModelSerializer):
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)
    fineness = serializers.DecimalField(
        source="result.fineness", max_digits=5, decimal_places=1, read_only=True
    )
    assessed_by = serializers.CharField(source="assessed_by.username", read_only=True)

    class Meta:
        model = InvestmentAssessment
        fields = [
            "id",
            "item",
            "lab_number",
            "result",
            "fineness",
            "kind",
            "fine_gold_g",
            "minted_year",
            "proof_quality",
            "mintage",
            "market_price_kzt",
            "sale_date",
            "gold_value_kzt",
            "refined",
            "made_to_standard",
            "markings",
            "serial_contains_year",
            "is_investment_gold",
            "reasons",
            "assessed_by",
            "assessed_at",
            "current",
        ]
        read_only_fields = fields


class InvestmentInputSerializer(serializers.Serializer):
    """A coin needs minted_year, proof_quality, mintage (null: unlimited), market_price_kzt and
    sale_date; a bar needs refined, made_to_standard and markings."""

    item = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CoinOrBar.choices)
    minted_year = serializers.IntegerField(required=False, min_value=1, max_value=2100)
    proof_quality = serializers.BooleanField(required=False, default=False)
    mintage = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    market_price_kzt = serializers.DecimalField(
        required=False, max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    sale_date = serializers.DateField(required=False)
    refined = serializers.BooleanField(required=False, default=False)
    made_to_standard = serializers.BooleanField(required=False, default=False)
    markings = serializers.ListField(
        child=serializers.ChoiceField(choices=list(MARKINGS)), required=False, default=list
    )
    serial_contains_year = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs["kind"] == CoinOrBar.COIN:
            missing = [f for f in ("minted_year", "market_price_kzt", "sale_date") if f not in attrs]
            if missing:
                raise serializers.ValidationError(
                    {f: [_("This field is required for a coin.")] for f in missing}
                )
        return attrs


class ItemSerializer(ModelSerializer):
    application = serializers.CharField(source="application.number", read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "lab_number",
            "application",
            "category",
            "description",
            "quantity",
            "gross_mass_g",
            "declared_metal",
            "declared_fineness",
            "status",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ItemCategory.choices)
    description = serializers.CharField(max_length=300)
    quantity = serializers.IntegerField(min_value=1, default=1)
    gross_mass_g = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=Decimal("0.001"))
    declared_metal = serializers.ChoiceField(
        choices=Metal.choices, required=False, allow_blank=True, default=""
    )
    declared_fineness = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("1000"),
        required=False,
        allow_null=True,
        default=None,
    )


class ApplicationSerializer(ModelSerializer):
    applicant = ApplicantSerializer(read_only=True)
    organization = serializers.CharField(source="organization.short_code", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "organization",
            "applicant",
            "purpose",
            "status",
            "received_at",
            "due_at",
            "item_count",
        ]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    applicant_kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    applicant_identifier = serializers.CharField(min_length=12, max_length=12)
    applicant_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    items = ItemInputSerializer(many=True, allow_empty=False)

    def validate(self, attrs):
        try:
            attrs["applicant_identifier"] = clean_identifier(
                attrs["applicant_kind"], attrs["applicant_identifier"]
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"applicant_identifier": error.messages}) from error
        attrs["applicant"] = Applicant.objects.filter(identifier=attrs["applicant_identifier"]).first()
        if attrs["applicant"] is None and not attrs["applicant_name"]:
            raise serializers.ValidationError(
                {"applicant_name": [_("This IIN/BIN is new: enter the applicant's name.")]}
            )
        return attrs
