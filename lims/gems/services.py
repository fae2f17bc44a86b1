"""Identifying stones (Law art.1 p.1-3): measurements, evidence and the technician's decision, each audited.

- `stone_record` saves what was measured and described; the engine's candidates and flags are stored with
  it. Changing the measurements of a decided stone reopens its decision.
- `evidence_add` keeps a file (photo, spectrum, radiograph) or a written observation, with its SHA-256.
- `stone_decide` records the material, status, variety and treatments, refused while evidence is missing
  (reference rule 6) or while a flag the decision goes against has no written reason. Whether the stone is
  a precious stone under the Law is computed here, never typed.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.core.audit import audit_record
from lims.core.files import IMAGE_EXTENSIONS, check_upload, file_sha256
from lims.gems import decision, identification, reference
from lims.gems.messages import DECISION_PROBLEMS, FLAG_TITLES, INPUT_ERRORS, QUANTITIES
from lims.gems.models import Evidence, GemConstant, Stone, StoneStatus, Treatment
from lims.intake import services as intake_services
from lims.intake.models import Application, Item, ItemCategory

# Items that are stones themselves: they are tested once every stone in them is decided. Jewelry with
# inserts is tested by its assay; its stones are identified for the conclusion and the label (R4).
STONE_CATEGORIES = frozenset({ItemCategory.PRECIOUS_STONE, ItemCategory.ROUGH_DIAMOND})

MEASURED_FIELDS = (
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
    "ri_min",
    "ri_max",
    "ri_over_limit",
    "birefringence",
    "sg",
    "weight_in_air_g",
    "weight_in_water_g",
    "optic_character",
    "colour_change",
    "pleochroism",
    "uv_long_wave",
    "uv_short_wave",
    "spectroscopy",
    "inclusions",
    "magnification",
    "xray_findings",
    "diamond_colour",
    "clarity",
    "cut_grade",
    "fluorescence",
    "amber_monolithic_percent",
    "amber_inclusion_mm",
    "amber_characteristic_colour",
)
DECISION_FIELDS = ("material", "species", "variety", "status", "pearl_type", "flag_reasons", "is_precious")


@dataclass(frozen=True)
class Decision:
    material: GemConstant
    status: str
    variety: str = ""
    pearl_type: str = ""
    treatments: dict[str, str] = field(default_factory=dict)  # treatment code -> degree
    flag_reasons: dict[str, str] = field(default_factory=dict)  # flag code -> why the decision stands


def _text(value) -> str | None:
    return None if value is None else str(value)


def stone_snapshot(stone: Stone) -> dict:
    data = {name: getattr(stone, name) for name in MEASURED_FIELDS}
    data.update(
        {
            "item": stone.item.lab_number,
            "number": stone.number,
            "carats": stone.carats,
            "sg_derived": stone.sg_derived,
            "material": stone.material.code if stone.material_id else None,
            "species": stone.species,
            "variety": stone.variety,
            "status": stone.status,
            "pearl_type": stone.pearl_type,
            "is_precious": stone.is_precious,
            "flag_reasons": stone.flag_reasons,
            "treatments": {t.code: t.degree for t in stone.treatments.all()} if stone.pk else {},
        }
    )
    return {name: _text(value) if isinstance(value, Decimal) else value for name, value in data.items()}


def input_error_message(error: identification.GemInputError) -> str:
    message = str(INPUT_ERRORS.get(error.code, error))
    if "%(quantity)s" in message:
        return message % {
            "quantity": QUANTITIES.get(error.params.get("quantity"), error.params.get("quantity"))
        }
    return message


def measurements_of(stone: Stone, *, claimed_code: str | None = None) -> identification.Measurements:
    """The engine's view of a stone's measurements (GemInputError when they cannot be compared)."""
    return identification.Measurements(
        ri_min=stone.ri_min,
        ri_max=stone.ri_max,
        ri_over_limit=stone.ri_over_limit,
        birefringence=stone.birefringence,
        optic_character=stone.optic_character or None,
        sg=stone.sg,
        weight_in_air_g=stone.weight_in_air_g,
        weight_in_water_g=stone.weight_in_water_g,
        colour_change=stone.colour_change,
        claimed_code=claimed_code,
        mass_g=stone.mass_g,
    )


def _jsonable(detail: dict) -> dict:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in detail.items()}


def _evaluate(stone: Stone, constants, *, claimed_code: str | None) -> None:
    """Derive carats and SG, and store the engine's candidates and flags on the stone (unsaved)."""
    try:
        measured = measurements_of(stone, claimed_code=claimed_code)
        if stone.mass_g is not None and stone.carats is not None and measured.carats != stone.carats:
            raise identification.GemInputError("mass_and_carats", "mass and carats both given")
        if measured.carats is not None:
            stone.carats = measured.carats
        stone.sg_derived = measured.specific_gravity
        candidates = identification.rank(measured, constants)
        flags = identification.flags(measured, constants)
    except identification.GemInputError as error:
        raise ValidationError(input_error_message(error), code=error.code) from error
    stone.candidates = [
        {
            "code": c.code,
            "species": c.species,
            "kind": c.kind,
            "score": c.score,
            "matched": list(c.matched),
            "mismatched": list(c.mismatched),
        }
        for c in candidates
    ]
    stone.flags = [{"code": f.code, "detail": _jsonable(f.detail)} for f in flags]


def _ensure_may_record(actor, item: Item) -> None:
    # Technicians (the head of laboratory standing in) of the item's own organization only.
    if not permissions.can_record_results(actor) or item.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not identify the stones of this item."))


@transaction.atomic
def stone_record(*, actor, item: Item, data: dict, stone: Stone | None = None) -> Stone:
    """Create a stone of the item (numbered next) or change the measurements of `stone`. `data` holds
    cleaned values of MEASURED_FIELDS; fields not given keep their value. Carats follow from grams × 5."""
    _ensure_may_record(actor, item)
    item = Item.objects.select_related("application").select_for_update().get(pk=item.pk)
    intake_services.ensure_open(item.application)
    unknown = set(data) - set(MEASURED_FIELDS)
    if unknown:
        raise ValueError(f"not measured fields: {sorted(unknown)}")
    if stone is None:
        number = (item.stones.aggregate(top=Max("number"))["top"] or 0) + 1
        stone = Stone(item=item, number=number, recorded_by=actor, recorded_at=timezone.now())
        before = None
    else:
        stone = Stone.objects.select_for_update().get(pk=stone.pk, item=item)
        before = stone_snapshot(stone)
    if "mass_g" in data and data["mass_g"] is not None and data.get("carats") is None:
        stone.carats = None  # recomputed from the mass
    for name, value in data.items():
        setattr(stone, name, "" if value is None and _is_text(name) else value)
    measurements_changed = before is None or any(
        stone_snapshot(stone)[name] != before[name] for name in MEASURED_FIELDS
    )
    if not measurements_changed:
        return stone
    reopened = stone.decided_at is not None
    if reopened:
        _clear_decision(stone)
    _evaluate(stone, reference.constants(), claimed_code=None)
    stone.recorded_by, stone.recorded_at = actor, timezone.now()
    stone.save()
    action = "stone.record" if before is None else "stone.change"
    reason = _("Measurements changed: the decision is reopened.") if reopened else ""
    audit_record(
        actor=actor,
        action=action,
        obj=stone,
        application=item.application,
        before=before,
        after=stone_snapshot(stone),
        reason=reason,
    )
    _refresh_item(actor, item)
    return stone


def _is_text(name: str) -> bool:
    return Stone._meta.get_field(name).get_internal_type() in {"CharField", "TextField"}


def _clear_decision(stone: Stone) -> None:
    stone.material = None
    stone.species = stone.variety = stone.status = stone.pearl_type = stone.precious_reason = ""
    stone.flag_reasons = {}
    stone.is_precious = None
    stone.decided_by = stone.decided_at = None
    stone.treatments.all().delete()


@transaction.atomic
def evidence_add(*, actor, stone: Stone, kind: str, file=None, note: str = "") -> Evidence:
    """Keep a photo, spectrum or radiograph (as uploaded, with its SHA-256) or a written observation."""
    item = stone.item
    _ensure_may_record(actor, item)
    intake_services.ensure_open(item.application)
    note = note.strip()
    if file is None and not note:
        raise ValidationError(_("Attach a file or write the observation."))
    evidence = Evidence(stone=stone, kind=kind, note=note, recorded_by=actor)
    if file is not None:
        check_upload(
            file,
            extensions=(*IMAGE_EXTENSIONS, ".pdf", ".csv", ".txt", ".spc", ".jdx", ".dx"),
            max_bytes=settings.GEM_EVIDENCE_MAX_BYTES,
            expected=_("Upload a photo (JPEG, PNG, TIFF), a PDF or a spectrum (CSV, TXT, SPC, JCAMP-DX)."),
        )
        evidence.sha256 = file_sha256(file)
        evidence.file = file
    evidence.save()
    audit_record(
        actor=actor,
        action="stone.evidence",
        obj=stone,
        application=item.application,
        after={"kind": kind, "file": evidence.file.name, "sha256": evidence.sha256, "note": note},
    )
    return evidence


def decision_problems(stone: Stone, choice: Decision) -> tuple[list[str], list[dict]]:
    """What stands in the way of the decision (translated messages), and the flags it would be recorded
    with (the engine's flags with the decided material as the claim)."""
    material = choice.material
    species = material.species
    problems = []
    if code := decision.variety_problem(species, choice.variety):
        problems.append(str(DECISION_PROBLEMS[code]) % {"species": species})
    if code := decision.status_problem(
        material.kind, choice.status, species=species, pearl_type=choice.pearl_type
    ):
        problems.append(str(DECISION_PROBLEMS[code]) % {"status": StoneStatus(choice.status).label.lower()})
    problems.extend(
        str(DECISION_PROBLEMS[code])
        for code in decision.evidence_problems(
            species=species,
            status=choice.status,
            evidence_count=stone.evidence.count(),
            xray_findings=stone.xray_findings,
        )
    )
    flags = decision_flags(stone, material)
    against = decision.flags_needing_reason(
        [(flag["code"], flag["detail"]) for flag in flags], status=choice.status
    )
    problems.extend(
        str(DECISION_PROBLEMS["flag_reason_required"]) % {"flag": FLAG_TITLES[code]}
        for code in against
        if not choice.flag_reasons.get(code, "").strip()
    )
    return problems, flags


def decision_flags(stone: Stone, material: GemConstant) -> list[dict]:
    """The engine's flags for the stone's measurements with `material` as the claim (the stone unchanged)."""
    probe = Stone(**{name: getattr(stone, name) for name in MEASURED_FIELDS}, item_id=stone.item_id)
    _evaluate(probe, reference.constants(), claimed_code=material.code)
    return probe.flags


@transaction.atomic
def stone_decide(*, actor, stone: Stone, choice: Decision) -> Stone:
    """Record what the stone is. Refused with every problem at once (ValidationError)."""
    item = stone.item
    _ensure_may_record(actor, item)
    stone = Stone.objects.select_related("item__application").select_for_update().get(pk=stone.pk)
    intake_services.ensure_open(stone.item.application)
    problems, flags = decision_problems(stone, choice)
    if problems:
        raise ValidationError(problems)
    before = stone_snapshot(stone)
    species = choice.material.species
    amber_unique = species == decision.AMBER and decision.unique_amber(
        reference.amber_criteria(),
        {
            "mass_g": stone.mass_g,
            "monolithic_percent": stone.amber_monolithic_percent,
            "inclusion_mm": stone.amber_inclusion_mm,
            "characteristic_colour": stone.amber_characteristic_colour,
        },
    )
    precious, reason = decision.is_precious(
        species=species,
        variety=choice.variety,
        status=choice.status,
        pearl_type=choice.pearl_type,
        amber_is_unique=amber_unique,
    )
    stone.material, stone.species = choice.material, species
    stone.variety, stone.status, stone.pearl_type = choice.variety, choice.status, choice.pearl_type
    flagged = {flag["code"] for flag in flags}
    stone.flag_reasons = {
        code: text.strip() for code, text in choice.flag_reasons.items() if code in flagged and text.strip()
    }
    stone.flags = flags
    stone.is_precious, stone.precious_reason = precious, reason
    stone.decided_by, stone.decided_at = actor, timezone.now()
    stone.save()
    stone.treatments.all().delete()
    Treatment.objects.bulk_create(
        [
            Treatment(stone=stone, code=code, degree=degree)
            for code, degree in sorted(choice.treatments.items())
        ]
    )
    audit_record(
        actor=actor,
        action="stone.decide",
        obj=stone,
        application=stone.item.application,
        before=before,
        after=stone_snapshot(stone),
        reason="; ".join(f"{code}: {text}" for code, text in stone.flag_reasons.items()),
    )
    _refresh_item(actor, stone.item)
    return stone


def _refresh_item(actor, item: Item) -> None:
    """A stone item is tested when it has stones and every one is decided."""
    if item.category not in STONE_CATEGORIES:
        return
    stones = item.stones.all()
    if stones.exists() and not stones.undecided().exists():
        intake_services.item_mark_tested(actor=actor, item=item)
    else:
        intake_services.item_mark_untested(actor=actor, item=item, reason=_("A stone awaits its decision."))
    intake_services.application_refresh_status(actor=actor, application=item.application)


def issue_blockers(application: Application) -> list[str]:
    """One line per stone without a decision, and per stone item with no stone recorded: the conclusion
    reports every identification (Law art.1 p.2-3)."""
    reasons = [
        _("Stone %(lab)s #%(number)s: not identified yet.") % {"lab": lab, "number": number}
        for lab, number in Stone.objects.filter(item__application=application, decided_at__isnull=True)
        .order_by("item__sequence", "number")
        .values_list("item__lab_number", "number")
    ]
    empty = (
        application.items.filter(category__in=STONE_CATEGORIES, stones__isnull=True)
        .order_by("sequence")
        .values_list("lab_number", flat=True)
    )
    reasons.extend(_("Item %(lab)s: no stone recorded.") % {"lab": lab} for lab in empty)
    return reasons
