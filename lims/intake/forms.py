from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lims.core.choices import Metal
from lims.core.forms import MeasuredDecimalField
from lims.intake.models import Applicant, ApplicantKind, ItemCategory, Purpose
from lims.intake.services import ItemData
from lims.intake.validators import clean_identifier


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Applicant is"), choices=ApplicantKind.choices)
    applicant_identifier = forms.CharField(
        label=_("IIN / BIN"), max_length=12, min_length=12, help_text=_("12 digits.")
    )
    applicant_name = forms.CharField(
        label=_("Applicant name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for a new applicant; a known IIN/BIN finds the existing record."),
    )
    applicant_email = forms.EmailField(label=_("Applicant e-mail"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        kind, identifier = data.get("applicant_kind"), data.get("applicant_identifier")
        if not kind or not identifier:
            return data
        try:
            data["applicant_identifier"] = clean_identifier(kind, identifier)
        except ValidationError as error:
            self.add_error("applicant_identifier", error)
            return data
        existing = Applicant.objects.filter(identifier=data["applicant_identifier"]).first()
        if existing is None and not data.get("applicant_name"):
            self.add_error("applicant_name", _("This IIN/BIN is new: enter the applicant's name."))
        data["applicant"] = existing
        return data


class ItemForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=ItemCategory.choices, initial=ItemCategory.JEWELRY
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    gross_mass_g = MeasuredDecimalField(
        label=_("Gross mass, g"), min_value=Decimal("0.001"), max_digits=12, decimal_places=3
    )
    declared_metal = forms.ChoiceField(
        label=_("Declared metal"), choices=[("", "—"), *Metal.choices], required=False
    )
    declared_fineness = MeasuredDecimalField(
        label=_("Declared fineness, ‰"),
        min_value=Decimal("0.1"),
        max_value=Decimal("1000"),
        max_digits=5,
        decimal_places=1,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("declared_metal")) != (data.get("declared_fineness") is not None):
            raise ValidationError(_("Give the declared metal and its fineness together, or neither."))
        return data

    def item_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            category=data["category"],
            description=data["description"],
            quantity=data["quantity"],
            gross_mass_g=data["gross_mass_g"],
            declared_metal=data.get("declared_metal") or "",
            declared_fineness=data.get("declared_fineness"),
        )


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.has_changed() and not self._should_delete_form(form) for form in self.forms):
            raise ValidationError(_("Add at least one item."))

    def item_data(self) -> list[ItemData]:
        return [form.item_data() for form in self.forms if form.has_changed()]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=3, max_num=500, validate_max=True
)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
