from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lims.assay.models import Method, Result
from lims.core.choices import Metal
from lims.intake.models import Applicant, ApplicantKind, Application, Item, ItemCategory, Purpose
from lims.intake.validators import clean_identifier


class ApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Applicant
        fields = ["id", "kind", "name", "identifier"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)
    lab_number = serializers.CharField(source="item.lab_number", read_only=True)

    class Meta:
        model = Result
        fields = ["id", "item", "lab_number", "metal", "method", "fineness", "instrument", "recorded_at"]
        read_only_fields = fields


class ResultCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    metal = serializers.ChoiceField(choices=Metal.choices)
    method = serializers.ChoiceField(choices=Method.choices)
    fineness = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal("0"), max_value=Decimal("1000")
    )


class ItemSerializer(serializers.ModelSerializer):
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


class ApplicationSerializer(serializers.ModelSerializer):
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
