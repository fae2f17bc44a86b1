from django import forms
from django.utils.translation import gettext_lazy as _

from lims.core.forms import MeasuredDecimalField
from lims.gems.identification import FLAG_CODES
from lims.gems.messages import FLAG_TITLES
from lims.gems.models import (
    EvidenceKind,
    GemConstant,
    PearlType,
    Stone,
    StoneStatus,
    TreatmentCode,
    TreatmentDegree,
    Variety,
)
from lims.gems.services import MEASURED_FIELDS, Decision

# How the stone page groups the measurement fields.
FIELDSETS = (
    (
        _("Weight, measurements and appearance"),
        (
            "mounting",
            "mass_g",
            "carats",
            "weight_estimated",
            "length_mm",
            "width_mm",
            "depth_mm",
            "shape",
            "colour",
            "transparency",
        ),
    ),
    (
        _("Refractometer, polariscope and specific gravity"),
        (
            "ri_min",
            "ri_max",
            "ri_over_limit",
            "birefringence",
            "optic_character",
            "sg",
            "weight_in_air_g",
            "weight_in_water_g",
            "colour_change",
        ),
    ),
    (
        _("Observations"),
        (
            "pleochroism",
            "uv_long_wave",
            "uv_short_wave",
            "spectroscopy",
            "inclusions",
            "magnification",
            "xray_findings",
        ),
    ),
    (_("Diamond grading"), ("diamond_colour", "clarity", "cut_grade", "fluorescence")),
    (
        _("Amber (unique formation criteria)"),
        ("amber_monolithic_percent", "amber_inclusion_mm", "amber_characteristic_colour"),
    ),
)


class StoneForm(forms.ModelForm):
    """The measurements of one stone; numbers accept a decimal comma. Carats come from grams × 5 when the
    mass is given."""

    class Meta:
        model = Stone
        fields = MEASURED_FIELDS
        field_classes = {
            name: MeasuredDecimalField
            for name in MEASURED_FIELDS
            if Stone._meta.get_field(name).get_internal_type() == "DecimalField"
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("spectroscopy", "inclusions", "magnification", "xray_findings")
        } | {
            "colour_change": forms.NullBooleanSelect,
            "amber_characteristic_colour": forms.NullBooleanSelect,
        }

    def clean(self):
        data = super().clean()
        # The carats shown were derived from the old mass: a new mass derives them again.
        if "mass_g" in self.changed_data and "carats" not in self.changed_data:
            data["carats"] = None
        return data

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in FIELDSETS]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("note") or "").strip():
            raise forms.ValidationError(_("Attach a file or write the observation."))
        return data


class DecisionForm(forms.Form):
    """What the stone is: the material (from the gem constants), its status, variety, pearl type and
    treatments, with a reason for every flag the decision goes against."""

    material = forms.ModelChoiceField(
        label=_("Identified as"), queryset=GemConstant.objects.order_by("species", "code")
    )
    status = forms.ChoiceField(label=_("Status"), choices=StoneStatus.choices)
    variety = forms.ChoiceField(label=_("Variety"), choices=[("", "—"), *Variety.choices], required=False)
    pearl_type = forms.ChoiceField(
        label=_("Pearl type"), choices=[("", "—"), *PearlType.choices], required=False
    )

    def __init__(self, *args, shown_flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        for code in TreatmentCode:
            self.fields[f"treatment_{code}"] = forms.ChoiceField(
                label=code.label,
                choices=[("", _("not found")), *TreatmentDegree.choices],
                required=False,
            )
        # A reason field for every flag; the page shows those the stone raises (or the decision would).
        self.shown_flags = list(dict.fromkeys(shown_flags))
        for code in FLAG_CODES:
            self.fields[f"reason_{code}"] = forms.CharField(
                label=FLAG_TITLES.get(code, code),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Why the decision stands despite this flag (required when it goes against it)."),
            )

    def treatment_fields(self):
        return [self[f"treatment_{code}"] for code in TreatmentCode]

    def reason_fields(self):
        return [self[f"reason_{code}"] for code in self.shown_flags]

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            material=data["material"],
            status=data["status"],
            variety=data.get("variety") or "",
            pearl_type=data.get("pearl_type") or "",
            treatments={
                str(code): data[f"treatment_{code}"]
                for code in TreatmentCode
                if data.get(f"treatment_{code}")
            },
            flag_reasons={code: data[f"reason_{code}"] for code in FLAG_CODES if data.get(f"reason_{code}")},
        )
