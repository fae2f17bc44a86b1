from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.core.forms import MeasuredDecimalField
from lims.hallmarks import authenticity, codes
from lims.hallmarks.messages import code_error_message, problem_text
from lims.hallmarks.models import AssayMark, HallmarkingMethod, MarkPresence, NameMark, NameMarkStatus
from lims.hallmarks.services import TRANSITIONS
from lims.intake.models import ApplicantKind
from lims.intake.validators import clean_identifier

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _clean_code_field(value: str) -> str:
    try:
        return codes.normalize_code(value)
    except codes.CodeError as error:
        raise ValidationError(code_error_message(error), code=error.code) from error


class NameMarkForm(forms.Form):
    producer_kind = forms.ChoiceField(label=_("Producer is"), choices=ApplicantKind.choices)
    producer_name = forms.CharField(label=_("Producer"), max_length=200)
    producer_identifier = forms.CharField(
        label=_("Producer IIN / BIN"), max_length=12, min_length=12, help_text=_("12 digits.")
    )
    code = forms.CharField(
        label=_("Mark code"),
        max_length=codes.CODE_MAX_LENGTH + 8,  # spaces are dropped before the length is checked
        help_text=_("Letters and digits as on the mark; stored upper-case."),
    )
    email = forms.EmailField(label=_("E-mail for notices"), help_text=_("Notices of desk control go here."))
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE, required=False)
    image = forms.ImageField(label=_("Impression image"), required=False)

    def clean_code(self):
        return _clean_code_field(self.cleaned_data["code"])

    def clean_registered_on(self):
        day = self.cleaned_data.get("registered_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("The registration date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        kind, identifier = data.get("producer_kind"), data.get("producer_identifier")
        if kind and identifier:
            try:
                data["producer_identifier"] = clean_identifier(kind, identifier)
            except ValidationError as error:
                self.add_error("producer_identifier", error)
        return data


class NameMarkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=NameMarkStatus.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, name_mark: NameMark, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[NameMarkStatus(name_mark.status)]
        self.fields["status"].choices = [
            (value, label) for value, label in NameMarkStatus.choices if value in allowed
        ]


class HallmarkCheckForm(forms.Form):
    assay_mark = forms.ChoiceField(
        label=_("Assay mark"),
        choices=MarkPresence.choices,
        initial=MarkPresence.PRESENT,
    )
    assay_fineness = MeasuredDecimalField(
        label=_("Fineness figure seen, ‰"), required=False, max_digits=5, decimal_places=1
    )
    assay_office = forms.CharField(label=_("Assay-office code seen"), max_length=32, required=False)
    name_mark = forms.ChoiceField(
        label=_("Name mark"),
        choices=MarkPresence.choices,
        initial=MarkPresence.PRESENT,
    )
    name_code = forms.CharField(label=_("Name-mark code seen"), max_length=32, required=False)
    stamped_on = forms.DateField(
        label=_("Date of hallmarking, if known"),
        required=False,
        widget=DATE,
        help_text=_("From documents or a verification ID; leave empty when unknown."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for problem in authenticity.observation_problems(self.observation()):
            self.add_error(problem.field, problem_text(problem))
        return data

    def observation(self) -> authenticity.Observation:
        data = self.cleaned_data
        return authenticity.Observation(
            assay_mark=data.get("assay_mark", ""),
            name_mark=data.get("name_mark", ""),
            assay_fineness=data.get("assay_fineness"),
            assay_office=data.get("assay_office", ""),
            name_code=data.get("name_code", ""),
            stamped_on=data.get("stamped_on"),
            notes=data.get("notes", ""),
        )


class HallmarkingForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Items"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )
    assay_mark = forms.ModelChoiceField(label=_("Assay mark"), queryset=None)
    method = forms.ChoiceField(label=_("Method"), choices=HallmarkingMethod.choices)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda item: item.lab_number
        self.fields["assay_mark"].queryset = AssayMark.objects.filter(valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        self.fields["assay_mark"].label_from_instance = lambda mark: (
            f"{mark.get_metal_display()} {mark.fineness.normalize():f} · {mark.office_code}"
        )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification ID"),
        max_length=32,
        help_text=_("8 characters as printed beside the hallmark, e.g. K7M2-9QXA."),
    )

    def clean_code(self):
        value = codes.parse_verification_id(self.cleaned_data["code"])
        if value is None:
            raise ValidationError(
                _("A verification ID is 8 letters and digits (without 0, 1, I, L, O and U), e.g. K7M2-9QXA.")
            )
        return value
