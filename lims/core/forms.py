from decimal import Decimal
from html import escape

from django import forms
from django.utils.safestring import mark_safe


class PlainTextInput(forms.TextInput):
    """The `<input>` Django's template for a text input gives, written without the template: the batch
    worksheet draws ~360 of them a page, and each template render costs about a third of a millisecond
    (docs/BENCHMARKS.md, L4). Same markup, proven equal by a test."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        parts = [f'<input type="{self.input_type}" name="{escape(name)}"']
        if value is not None:
            parts.append(f' value="{escape(value)}"')
        for key, setting in self.build_attrs(self.attrs, attrs).items():
            if setting is True:
                parts.append(f" {escape(key)}")
            elif setting is not False:
                parts.append(f' {escape(key)}="{escape(str(setting))}"')
        return mark_safe("".join(parts) + ">")  # noqa: S308 - every part above is escaped


class MeasuredDecimalField(forms.DecimalField):
    """A measured quantity typed by a person: accepts a decimal comma or point in any language and never
    reads either as a thousands separator (so "3,25" is 3.25 g, not 325 g)."""

    widget = PlainTextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        return str(value) if isinstance(value, Decimal) else value
