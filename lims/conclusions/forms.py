from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lims.conclusions.models import DocumentLanguages
from lims.hallmarks import codes


class PrepareForm(forms.Form):
    languages = forms.ChoiceField(
        label=_("Languages of the document"),
        choices=DocumentLanguages.choices,
        initial=DocumentLanguages.KK_RU,
    )
    amendment_reason = forms.CharField(
        label=_("Reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for correcting an issued conclusion: the amendment supersedes it."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VerifyForm(forms.Form):
    """The number and the short code printed at the foot of every page of the document."""

    number = forms.CharField(label=_("Conclusion number"), max_length=32, help_text=_("e.g. ALM-2026-C00012"))
    code = forms.CharField(
        label=_("Verification code"), max_length=16, help_text=_("8 characters as printed, e.g. K7M2-9QXA.")
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self):
        value = codes.parse_verification_id(self.cleaned_data["code"])
        if value is None:
            raise ValidationError(
                _("The code is 8 letters and digits (without 0, 1, I, L, O and U), e.g. K7M2-9QXA.")
            )
        return value
