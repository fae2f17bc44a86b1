from decimal import Decimal

from django import forms


class MeasuredDecimalField(forms.DecimalField):
    """A measured quantity typed by a person: accepts a decimal comma or point in any language and never
    reads either as a thousands separator (so "3,25" is 3.25 g, not 325 g)."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        return str(value) if isinstance(value, Decimal) else value
