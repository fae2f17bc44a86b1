"""Forms of the instrument pages. Choices are scoped to the user's laboratory by the view."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from instruments.models import (
    AnalyteUnit,
    CalibrationKind,
    ImportFormat,
    InstrumentStatus,
    InstrumentType,
    InstrumentUse,
)
from instruments.services.imports import too_large
from lims.core.forms import MeasuredDecimalField

DATE = forms.DateInput(attrs={"type": "date"})


class InstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    type = forms.ChoiceField(label=_("Type"), choices=InstrumentType.choices)
    make = forms.CharField(label=_("Make"), max_length=80, required=False)
    model = forms.CharField(label=_("Model"), max_length=80, required=False)
    serial_number = forms.CharField(label=_("Serial number"), max_length=80)
    location = forms.CharField(label=_("Location"), max_length=120, required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=get_user_model().objects.none(), required=False
    )
    uses = forms.MultipleChoiceField(
        label=_("Methods it serves"),
        choices=InstrumentUse.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Left empty, the usual methods of its type."),
    )

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(organization_id=organization_id, is_active=True)
            .order_by("username")
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InstrumentStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CalibrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CalibrationKind.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80)
    performed_on = forms.DateField(label=_("Date"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    file = forms.FileField(label=_("Certificate file"), required=False)


class ReferenceMaterialForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    producer = forms.CharField(label=_("Producer"), max_length=160, required=False)
    lot = forms.CharField(label=_("Lot or serial"), max_length=80, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE, required=False)


class CertifiedValueForm(forms.Form):
    analyte = forms.CharField(label=_("Analyte"), max_length=40, help_text=_("Au, Ag, mass…"))
    unit = forms.ChoiceField(label=_("Unit"), choices=AnalyteUnit.choices)
    value = MeasuredDecimalField(label=_("Certified value"), max_digits=14, decimal_places=6)
    uncertainty = MeasuredDecimalField(
        label=_("Expanded uncertainty (k=2)"), max_digits=14, decimal_places=6, min_value=Decimal(0)
    )
    tolerance = MeasuredDecimalField(
        label=_("QC tolerance, ±"), max_digits=14, decimal_places=6, min_value=Decimal("0.000001")
    )


class QcCheckForm(forms.Form):
    certified_value = forms.ModelChoiceField(label=_("Reference material"), queryset=None)
    measured = MeasuredDecimalField(label=_("Measured value"), max_digits=14, decimal_places=6)
    performed_at = forms.DateTimeField(
        label=_("Measured at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        required=False,
        help_text=_("Empty: now."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)

    def __init__(self, *args, certified_values, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certified_value"].queryset = certified_values

    def clean_performed_at(self):
        return self.cleaned_data["performed_at"] or timezone.now()


class TokenForm(forms.Form):
    label = forms.CharField(label=_("PC or place"), max_length=120)


class ImportForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=None)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("Recognise from the file")), *ImportFormat.choices], required=False
    )
    file = forms.FileField(label=_("Result file"))

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments

    def clean_file(self):
        file = self.cleaned_data["file"]
        problem = too_large(file)
        if problem:
            raise forms.ValidationError(problem)
        return file


class BalanceForm(forms.Form):
    """On the worksheet: a balance log whose readings fill the weighing fields."""

    balance = forms.ModelChoiceField(label=_("Balance"), queryset=None)
    log = forms.FileField(label=_("Balance log (MT-SICS)"))

    def __init__(self, *args, balances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["balance"].queryset = balances
