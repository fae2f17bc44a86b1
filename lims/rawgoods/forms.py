from django import forms
from django.utils.translation import gettext_lazy as _

from lims.core.choices import Metal
from lims.core.forms import MeasuredDecimalField
from lims.rawgoods import content
from lims.rawgoods.models import ContentUnit, MetalContent
from lims.rawgoods.services import ContentEntry, describe_problem


class ContentRowForm(forms.Form):
    """One precious metal of the content sheet: a mass fraction, or "not detected" with its limit. A row
    left entirely blank is skipped."""

    value = MeasuredDecimalField(label=_("Mass fraction"), required=False)
    unit = forms.ChoiceField(
        label=_("Unit"), choices=ContentUnit.choices, initial=ContentUnit.G_PER_T, required=False
    )
    not_detected = forms.BooleanField(label=_("Not detected"), required=False)
    detection_limit = MeasuredDecimalField(label=_("Detection limit"), required=False)
    method = forms.CharField(label=_("Method"), max_length=100, required=False)

    def __init__(self, *args, element: str, recorded: MetalContent | None = None, **kwargs):
        if recorded is not None:
            kwargs["initial"] = {
                "value": recorded.value,
                "unit": recorded.unit,
                "not_detected": recorded.not_detected,
                "detection_limit": recorded.detection_limit,
                "method": recorded.method,
            }
        super().__init__(*args, prefix=element, **kwargs)
        self.element = element
        self.element_label = Metal(element).label
        self.recorded = recorded

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return (
            data.get("value") is None and not data.get("not_detected") and data.get("detection_limit") is None
        )

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            if not self.errors and self.recorded is not None:
                # Nothing is deleted from a content record; a wrong figure is corrected instead.
                raise forms.ValidationError(_("A recorded figure cannot be removed; correct it instead."))
            return data
        for problem in content.entry_problems(
            unit=data.get("unit", ""),
            value=data.get("value"),
            not_detected=data.get("not_detected", False),
            detection_limit=data.get("detection_limit"),
        ):
            self.add_error(problem.field, describe_problem(problem))
        return data

    def entry(self) -> ContentEntry:
        data = self.cleaned_data
        return ContentEntry(
            element=self.element,
            unit=data["unit"],
            value=data.get("value"),
            not_detected=data.get("not_detected", False),
            detection_limit=data.get("detection_limit"),
            method=data.get("method", ""),
        )


class ContentSheet:
    """All eight precious metals of one item in one form, in canonical order."""

    def __init__(self, data=None, *, recorded: dict[str, MetalContent], disabled: bool = False):
        self.rows = [
            ContentRowForm(data, element=element, recorded=recorded.get(element))
            for element in content.ELEMENTS
        ]
        if disabled:
            for row in self.rows:
                for field in row.fields.values():
                    field.disabled = True

    def __iter__(self):
        return iter(self.rows)

    def is_valid(self) -> bool:
        valid = [row.is_valid() for row in self.rows]  # validate every row, so every error shows
        return all(valid)

    def entries(self) -> list[ContentEntry]:
        return [row.entry() for row in self.rows if not row.is_blank()]
