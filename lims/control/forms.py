"""Forms of the control officer's pages. The rules live in the services; these forms only parse input."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lims.control.countries import MIXED, country_choices
from lims.control.models import (
    CaseStatus,
    ControlCase,
    ControlDocument,
    Direction,
    ExemptionGround,
    GoodsCategory,
    SealState,
)
from lims.control.rules import KP_HS_CODES
from lims.intake.models import Applicant

DATE = forms.DateInput(attrs={"type": "date"})


def _countries():
    return [("", "—"), *country_choices()]


class CaseForm(forms.Form):
    applicant = forms.CharField(
        label=_("Applicant's IIN / BIN"), max_length=12, help_text=_("12 digits, as registered in Synama.")
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    category = forms.ChoiceField(label=_("Goods"), choices=GoodsCategory.choices)
    hs_code = forms.CharField(label=_("HS code"), max_length=16, help_text=_("e.g. 7113.19 or 7102.31"))
    partner_country = forms.ChoiceField(
        label=_("Partner country"),
        choices=_countries,
        help_text=_("Where the lot comes from (import) or goes to (export)."),
    )
    description = forms.CharField(label=_("Description of the goods"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3, min_value=0.001)
    unit = forms.ChoiceField(label=_("Unit"), choices=ControlCase._meta.get_field("unit").choices)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2, min_value=0.01)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    customs_post = forms.CharField(label=_("Customs post"), max_length=200, required=False)

    def clean_applicant(self):
        identifier = self.cleaned_data["applicant"].strip()
        try:
            return Applicant.objects.get(identifier=identifier)
        except Applicant.DoesNotExist:
            raise forms.ValidationError(
                _("No applicant with IIN / BIN %(identifier)s is registered.") % {"identifier": identifier}
            ) from None


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ControlDocument
        fields = [
            "kind",
            "file",
            "reference",
            "document_date",
            "language",
            "certified_by_position",
            "certified_on",
            "signed",
            "sealed",
        ]
        widgets = {"document_date": DATE, "certified_on": DATE}


class ConclusionForm(forms.Form):
    number = forms.CharField(
        label=_("Conclusion number"),
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": "ALM-2026-C00012"}),
    )


class RegistrationForm(forms.Form):
    number = forms.CharField(label=_("Registration number"), max_length=64)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    file = forms.FileField(label=_("Scan"), required=False)


class CertificateForm(forms.Form):
    """The KP certificate: one row of carats and USD per HS code in the scheme (an empty row is left out)."""

    number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), choices=_countries, required=False)
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=200, required=False)
    authority_email = forms.EmailField(label=_("Issuing authority's e-mail"), required=False)
    issued_on = forms.DateField(label=_("Date of issue"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Date of expiry"), required=False, widget=DATE)
    origin = forms.ChoiceField(
        label=_("Country of origin"), choices=lambda: [(MIXED, _("mixed")), *_countries()[1:]]
    )
    exporter = forms.CharField(label=_("Exporter"), max_length=300)
    importer = forms.CharField(label=_("Importer"), max_length=300)
    parcels = forms.IntegerField(label=_("Number of parcels"), min_value=1)

    def __init__(self, *args, direction: str = Direction.IMPORT, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        if direction == Direction.EXPORT:
            for name in (
                "number",
                "issuing_country",
                "issuing_authority",
                "authority_email",
                "issued_on",
                "expires_on",
            ):
                del self.fields[name]
        for code in KP_HS_CODES:
            key = code.replace(".", "_")
            self.fields[f"carats_{key}"] = forms.DecimalField(
                label=_("HS %(code)s, carats") % {"code": code},
                required=False,
                decimal_places=2,
                min_value=0.01,
            )
            self.fields[f"usd_{key}"] = forms.DecimalField(
                label=_("HS %(code)s, USD") % {"code": code}, required=False, decimal_places=2, min_value=0.01
            )

    def clean(self):
        data = super().clean()
        lines = []
        for code in KP_HS_CODES:
            key = code.replace(".", "_")
            carats, usd = data.pop(f"carats_{key}", None), data.pop(f"usd_{key}", None)
            if carats is None and usd is None:
                continue
            if carats is None or usd is None:
                raise forms.ValidationError(_("HS %(code)s: give both carats and value.") % {"code": code})
            lines.append((code, carats, usd))
        data["lines"] = lines
        return data


class SealForm(forms.Form):
    number = forms.CharField(label=_("Seal number"), max_length=64)
    state = forms.ChoiceField(label=_("State"), choices=SealState.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 3}))


class ExemptForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground (R12)"), choices=ExemptionGround.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    category = django_filters.ChoiceFilter(label=_("Goods"), choices=GoodsCategory.choices)
    number = django_filters.CharFilter(label=_("Number"), field_name="number", lookup_expr="icontains")

    class Meta:
        model = ControlCase
        fields = ["status", "direction", "category", "number"]
