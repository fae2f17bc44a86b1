from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lims.assay.models import Method
from lims.core.choices import Metal
from lims.core.forms import MeasuredDecimalField


class ResultForm(forms.Form):
    """One row of the results worksheet: the item's fineness determination. Blank rows are skipped."""

    item_id = forms.IntegerField(widget=forms.HiddenInput)
    metal = forms.ChoiceField(label=_("Metal"), choices=Metal.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    fineness = MeasuredDecimalField(
        label=_("Fineness, ‰"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        max_digits=5,
        decimal_places=1,
        required=False,
    )
    instrument = forms.TypedChoiceField(label=_("Instrument"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", "—"), *[(i.pk, str(i)) for i in instruments]]
