"""`PlainTextInput` writes the worksheet's inputs without a template (docs/BENCHMARKS.md, L4); it must give
exactly the markup Django's own text input gives, for every state a raw field can be in."""

from decimal import Decimal

import pytest
from django import forms

from lims.assay.forms import RawForm
from lims.assay.methods import MethodCode
from lims.core.forms import MeasuredDecimalField, PlainTextInput


def django_markup(widget: forms.TextInput, name, value, attrs=None) -> str:
    return forms.TextInput.render(widget, name, value, attrs)


@pytest.mark.parametrize("value", [None, "", "250.12", Decimal("3.250"), 0, '"><script>x</script>', "3,25"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_i7-portion_1_mass_mg", "required": True},
        {
            "id": "x",
            "aria-invalid": "true",
            "disabled": False,
            "placeholder": "Ag=12; Cu=4.5",
            "maxlength": 500,
        },
    ],
)
def test_the_markup_is_djangos_own(value, attrs):
    widget = PlainTextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    assert widget.render("i7-portion_1_mass_mg", value, attrs) == django_markup(
        widget, "i7-portion_1_mass_mg", value, attrs
    )


@pytest.mark.parametrize(
    "method", [MethodCode.FIRE_ASSAY, MethodCode.SILVER_TITRATION, MethodCode.BY_DIFFERENCE]
)
def test_a_bound_raw_form_renders_as_with_djangos_widgets(method):
    """Every field of a raw form, bound with a good, a bad and a missing value, as the worksheet shows it."""
    form = RawForm(
        method=method, prefix="i7", data={"i7-portion_1_mass_mg": "250,1", "i7-portion_1_cornet_mg": "x"}
    )
    form.is_valid()
    for bound in form:
        ours = str(bound)
        widget = bound.field.widget
        widget.__class__ = forms.TextInput  # the same widget, drawn by Django's template
        try:
            assert ours == str(bound), bound.name
        finally:
            widget.__class__ = PlainTextInput


def test_measured_fields_use_the_plain_input():
    assert isinstance(MeasuredDecimalField().widget, PlainTextInput)
