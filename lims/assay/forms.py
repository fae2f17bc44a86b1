"""Worksheet forms. The raw-measurement form is built from the method's field list in `lims.assay.methods`,
and the API validates its `raw` object with the same form, so a value accepted on one is accepted on both."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lims.assay.messages import MARKINGS
from lims.assay.methods import FIELDS, METAL_OF, Kind, MethodCode
from lims.assay.models import CoinOrBar, Method, MethodSetting
from lims.core.choices import Metal
from lims.core.forms import MeasuredDecimalField, PlainTextInput

# Input precision per kind of raw quantity (ISO 11426 weighs portions to 0.01 mg).
PRECISION = {
    Kind.MASS_MG: (9, 2),
    Kind.MASS_G: (9, 4),
    Kind.VOLUME_ML: (9, 3),
    Kind.CONCENTRATION: (8, 5),
    Kind.FACTOR: (8, 5),
    Kind.FINENESS: (5, 1),
}

LABELS = {
    "mass_mg": _("Portion, mg"),
    "cornet_mg": _("Cornet, mg"),
    "gold_mg": _("Gold taken, mg"),
    "weighed_mg": _("Weighed form, mg"),
    "mass_g": _("Portion, g"),
    "titrant_ml": _("KBr used, ml"),
    "concentration_mol_l": _("KBr concentration, mol/l"),
    "titer_factor": _("Titer factor"),
    "impurities": _("Impurities, mg/kg"),
    "reading": _("Reading, ‰"),
}

REQUIRED_PROOFS = 2  # ISO 11426: at least two proof assays

# Metals a method that does not fix its metal may determine.
FREE_METALS = {
    MethodCode.BY_DIFFERENCE: [Metal.GOLD, Metal.SILVER, Metal.PLATINUM, Metal.PALLADIUM],
    MethodCode.XRF: [Metal.GOLD, Metal.SILVER, Metal.PLATINUM, Metal.PALLADIUM],
}


def default_method(item) -> str:
    """The decisive method a technician most likely uses for the item's declared metal and fineness."""
    if item.declared_fineness is not None and item.declared_fineness >= Decimal("999"):
        return Method.ICP_BY_DIFFERENCE
    return {
        "Au": Method.FIRE_ASSAY,
        "Ag": Method.SILVER_TITRATION,
        "Pt": Method.PLATINUM_GRAVIMETRIC,
        "Pd": Method.PALLADIUM_GRAVIMETRIC,
    }.get(item.declared_metal, Method.FIRE_ASSAY)


class ResultEntryForm(forms.Form):
    """Method, metal and instrument of a determination; the raw measurements are a `RawForm`."""

    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    metal = forms.ChoiceField(label=_("Metal"), choices=Metal.choices, required=False)
    instrument = forms.TypedChoiceField(label=_("Instrument"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", "—"), *[(i.pk, str(i)) for i in instruments]]


class RawForm(forms.Form):
    """The raw fields of one method. Portions up to the method's replicate minimum are required, and for the
    fire assay two proofs (ISO 11426); the rest are optional extra replicates."""

    def __init__(self, *args, method: str, minimum: int = 2, metal: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.method = MethodCode(method)
        self.metal_choices = [(m.value, m.label) for m in FREE_METALS.get(self.method, [])]
        self.metal_selected = metal
        for spec in FIELDS[self.method]:
            label = LABELS[spec.name.split("_", 2)[-1] if spec.replicate or spec.proof else spec.name]
            if spec.replicate:
                required = spec.replicate <= minimum
            elif spec.proof:
                required = spec.proof <= REQUIRED_PROOFS
            else:
                required = spec.name != "titer_factor"  # a titer factor left empty is 1
            if spec.kind == Kind.IMPURITIES:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=500,
                    widget=PlainTextInput(attrs={"placeholder": "Ag=12; Cu=4.5"}),
                )
            else:
                digits, places = PRECISION[spec.kind]
                field = MeasuredDecimalField(
                    label=label,
                    required=required,
                    max_digits=digits,
                    decimal_places=places,
                    min_value=Decimal(0),
                )
            field.spec = spec
            self.fields[spec.name] = field

    def shared(self):
        return [
            self[name]
            for name, field in self.fields.items()
            if not field.spec.replicate and not field.spec.proof
        ]

    def portions(self):
        return self._grouped("replicate")

    def proofs(self):
        return self._grouped("proof")

    def _grouped(self, attribute):
        rows: dict[int, list] = {}
        for name, field in self.fields.items():
            number = getattr(field.spec, attribute)
            if number:
                rows.setdefault(number, []).append(self[name])
        return sorted(rows.items())


def caption(field) -> str:
    """A raw field named for a person: "portion 2, Cornet, mg"."""
    spec = field.spec
    if spec.replicate:
        return _("portion %(number)s, %(field)s") % {"number": spec.replicate, "field": field.label}
    if spec.proof:
        return _("proof %(number)s, %(field)s") % {"number": spec.proof, "field": field.label}
    return str(field.label)


def fixed_metal(method: str) -> str | None:
    return METAL_OF[MethodCode(method)]


class InvalidateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.TextInput)


class CoinForm(forms.Form):
    minted_year = forms.IntegerField(label=_("Year minted"), min_value=1, max_value=2100)
    proof_quality = forms.BooleanField(label=_("Proof quality"), required=False)
    mintage = forms.IntegerField(label=_("Mintage (empty: unlimited)"), min_value=1, required=False)
    market_price_kzt = MeasuredDecimalField(
        label=_("Market price, KZT"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    sale_date = forms.DateField(label=_("Sale date"), widget=forms.DateInput(attrs={"type": "date"}))


class BarForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (CoinOrBar.STANDARD_BAR, CoinOrBar.STANDARD_BAR.label),
            (CoinOrBar.MEASURED_BAR, CoinOrBar.MEASURED_BAR.label),
        ],
    )
    refined = forms.BooleanField(label=_("Refined"), required=False)
    made_to_standard = forms.BooleanField(
        label=_("Made to a national or international standard"), required=False
    )
    markings = forms.MultipleChoiceField(
        label=_("Markings present"),
        choices=list(MARKINGS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    serial_contains_year = forms.BooleanField(
        label=_("The year is part of the serial number"), required=False
    )


def clean_raw(method: str, data: dict) -> dict:
    """Raw measurements given as text (API, demo data, tests) → the typed values the services take, through
    the worksheet's own form; field errors are raised as one ValidationError keyed by field."""
    minimum = MethodSetting.objects.filter(method=method).values_list("minimum_replicates", flat=True).first()
    form = RawForm({k: v for k, v in data.items() if v is not None}, method=method, minimum=minimum or 2)
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data
