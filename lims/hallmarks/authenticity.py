"""Whether the hallmarks on an article are authentic (Law art.1 p.2(c): verification of the authenticity of
assay-mark impressions; art.13 p.1, rule R4: jewelry is sold with both an assay mark and a name mark).
Pure: no Django. Dataclasses in, a verdict and stable reason codes out (translated by
`lims.hallmarks.messages`).

What is observed on the article: the assay mark (present, absent or unreadable; when present, its fineness
figure and assay-office code) and the name mark (present, absent or unreadable; when present, its code),
optionally the date the article was hallmarked when documents or a verification ID tell it. What it is
compared with: the assay-mark registry (office code, metal, fineness figure, period of use), the name-mark
registry (code, status, registration date), and the article's measured fineness (its current verified
decisive assay result), when there is one.

Rules, each giving one reason code:

Assay mark
- absent → `assay_mark_absent`; unreadable → `assay_mark_unreadable`.
- no registered mark with this office code and figure → `assay_mark_not_registered` (counterfeit).
- registered, but only for another metal than the article's → `assay_mark_wrong_metal` (counterfeit).
  The article's metal is the measured one, else the declared one; when neither is known the metal is not
  compared.
- registered for the metal, period of use checked on the date of hallmarking when it is known:
  - in use on that date → `assay_mark_registered`;
  - not in use on that date → `assay_mark_outside_period` (counterfeit).
- the date of hallmarking unknown, so the period is checked against the day of the check:
  - in use today → `assay_mark_registered`;
  - first used only after today → `assay_mark_not_yet_in_use` (counterfeit: it cannot have been struck);
  - withdrawn before today → `assay_mark_withdrawn` (a note only: an article struck while the mark was in
    use keeps it, and without the date we cannot say it was not).
- the stamped figure above the measured fineness → `fineness_above_measured` (counterfeit: the mark
  certifies a fineness the alloy does not have; no negative tolerance, as in the assay verdict); at or
  below it → `fineness_confirmed`; no verified decisive result to compare with → `fineness_not_measured`
  (a note).

Name mark
- absent → `name_mark_absent`; unreadable → `name_mark_unreadable`.
- no registered mark with this code → `name_mark_not_registered` (counterfeit).
- revoked → `name_mark_revoked` (counterfeit).
- suspended → `name_mark_suspended`: a note, not counterfeit. We chose this because a suspension stops a
  producer marking new articles, not the marks already struck, and the date of striking is rarely known;
  the note tells the expert and the conclusion to say so.
- registered after the (known) date of hallmarking → `name_mark_not_yet_registered` (counterfeit).
- otherwise → `name_mark_registered`.

Verdict, first that applies: any counterfeit reason → COUNTERFEIT (positive evidence of a false mark
outweighs a missing one); else a mark absent → ABSENT (R4: the article may not be sold); else a mark
unreadable → UNREADABLE; else AUTHENTIC (notes may accompany it).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lims.hallmarks.codes import match_key

PRESENT = "present"
ABSENT = "absent"
UNREADABLE = "unreadable"
PRESENCES = (PRESENT, ABSENT, UNREADABLE)

AUTHENTIC = "authentic"
COUNTERFEIT = "counterfeit"
VERDICTS = (AUTHENTIC, COUNTERFEIT, ABSENT, UNREADABLE)

# Stable reason codes and the verdict each one pushes towards (None: a note or a match, no effect).
EFFECT = {
    "assay_mark_absent": ABSENT,
    "assay_mark_unreadable": UNREADABLE,
    "assay_mark_not_registered": COUNTERFEIT,
    "assay_mark_wrong_metal": COUNTERFEIT,
    "assay_mark_outside_period": COUNTERFEIT,
    "assay_mark_not_yet_in_use": COUNTERFEIT,
    "assay_mark_withdrawn": None,
    "assay_mark_registered": None,
    "fineness_above_measured": COUNTERFEIT,
    "fineness_confirmed": None,
    "fineness_not_measured": None,
    "name_mark_absent": ABSENT,
    "name_mark_unreadable": UNREADABLE,
    "name_mark_not_registered": COUNTERFEIT,
    "name_mark_revoked": COUNTERFEIT,
    "name_mark_suspended": None,
    "name_mark_not_yet_registered": COUNTERFEIT,
    "name_mark_registered": None,
}
REASONS = tuple(EFFECT)

# Name-mark registry statuses (the model's TextChoices use these values).
ACTIVE = "active"
SUSPENDED = "suspended"
REVOKED = "revoked"


@dataclass(frozen=True)
class Observation:
    """What the expert sees on the article. `stamped_on`: the date of hallmarking when known."""

    assay_mark: str
    name_mark: str
    assay_fineness: Decimal | None = None
    assay_office: str = ""
    name_code: str = ""
    stamped_on: date | None = None
    notes: str = ""  # kept with the check; no rule reads it


@dataclass(frozen=True)
class Article:
    """The article as the laboratory knows it: its metal (measured, else declared; None if neither) and its
    measured fineness (None without a verified decisive result)."""

    metal: str | None = None
    measured_fineness: Decimal | None = None


@dataclass(frozen=True)
class AssayMarkEntry:
    id: int
    office_code: str
    metal: str
    fineness: Decimal
    valid_from: date
    valid_to: date | None = None

    def in_use_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class NameMarkEntry:
    id: int
    code: str
    status: str
    registered_on: date


@dataclass(frozen=True)
class Problem:
    """Why an observation cannot be judged: `field` names the input at fault, `code` is stable."""

    field: str
    code: str


@dataclass(frozen=True)
class Judgement:
    verdict: str
    reasons: tuple[str, ...]
    assay_mark_id: int | None = None  # the registry entry matched, if any
    name_mark_id: int | None = None


def observation_problems(observation: Observation) -> list[Problem]:
    """Everything missing or inconsistent in an observation; empty when it can be judged."""
    problems = [
        Problem(field, "presence_unknown")
        for field in ("assay_mark", "name_mark")
        if getattr(observation, field) not in PRESENCES
    ]
    if problems:
        return problems
    if observation.assay_mark == PRESENT:
        figure = observation.assay_fineness
        if figure is None:
            problems.append(Problem("assay_fineness", "figure_required"))
        elif not figure.is_finite() or figure <= 0 or figure > 1000:
            problems.append(Problem("assay_fineness", "figure_out_of_range"))
        if not match_key(observation.assay_office):
            problems.append(Problem("assay_office", "office_required"))
    elif observation.assay_fineness is not None or match_key(observation.assay_office):
        problems.append(Problem("assay_mark", "details_without_mark"))
    if observation.name_mark == PRESENT:
        if not match_key(observation.name_code):
            problems.append(Problem("name_code", "code_required"))
    elif match_key(observation.name_code):
        problems.append(Problem("name_mark", "details_without_mark"))
    return problems


def _assay_reasons(
    observation: Observation, article: Article, registry: Iterable[AssayMarkEntry], checked_on: date
) -> tuple[list[str], int | None]:
    if observation.assay_mark == ABSENT:
        return ["assay_mark_absent"], None
    if observation.assay_mark == UNREADABLE:
        return ["assay_mark_unreadable"], None
    office = match_key(observation.assay_office)
    figure = observation.assay_fineness
    same = [e for e in registry if match_key(e.office_code) == office and e.fineness == figure]
    reasons = []
    matched = None
    if not same:
        reasons.append("assay_mark_not_registered")
    else:
        for_metal = [e for e in same if article.metal is None or e.metal == article.metal]
        if not for_metal:
            reasons.append("assay_mark_wrong_metal")
        else:
            day = observation.stamped_on or checked_on
            in_use = [e for e in for_metal if e.in_use_on(day)]
            if in_use:
                reasons.append("assay_mark_registered")
                matched = in_use[0].id
            elif observation.stamped_on is not None:
                reasons.append("assay_mark_outside_period")
            elif all(e.valid_from > checked_on for e in for_metal):
                reasons.append("assay_mark_not_yet_in_use")
            else:
                reasons.append("assay_mark_withdrawn")
                matched = max(for_metal, key=lambda e: e.valid_from).id
    if article.measured_fineness is None:
        reasons.append("fineness_not_measured")
    elif figure > article.measured_fineness:
        reasons.append("fineness_above_measured")
    else:
        reasons.append("fineness_confirmed")
    return reasons, matched


def _name_reasons(observation: Observation, entry: NameMarkEntry | None) -> list[str]:
    if observation.name_mark == ABSENT:
        return ["name_mark_absent"]
    if observation.name_mark == UNREADABLE:
        return ["name_mark_unreadable"]
    if entry is None:
        return ["name_mark_not_registered"]
    if entry.status == REVOKED:
        return ["name_mark_revoked"]
    reasons = []
    if observation.stamped_on is not None and observation.stamped_on < entry.registered_on:
        reasons.append("name_mark_not_yet_registered")
    reasons.append("name_mark_suspended" if entry.status == SUSPENDED else "name_mark_registered")
    return reasons


def verdict_of(reasons: Iterable[str]) -> str:
    effects = {EFFECT[code] for code in reasons}
    for verdict in (COUNTERFEIT, ABSENT, UNREADABLE):
        if verdict in effects:
            return verdict
    return AUTHENTIC


def judge(
    observation: Observation,
    *,
    article: Article,
    assay_registry: Iterable[AssayMarkEntry],
    name_registry: Iterable[NameMarkEntry],
    checked_on: date,
) -> Judgement:
    """The verdict on an article's hallmarks. The registries may be whole or already narrowed to the
    observed codes: entries are matched here by `match_key`. Raises ValueError on an observation with
    problems (call `observation_problems` first to show them)."""
    if problems := observation_problems(observation):
        raise ValueError(f"Observation cannot be judged: {[p.code for p in problems]}")
    assay, assay_id = _assay_reasons(observation, article, assay_registry, checked_on)
    name_entry = None
    if observation.name_mark == PRESENT:
        key = match_key(observation.name_code)
        name_entry = next((e for e in name_registry if match_key(e.code) == key), None)
    name = _name_reasons(observation, name_entry)
    reasons = (*assay, *name)
    return Judgement(
        verdict=verdict_of(reasons),
        reasons=reasons,
        assay_mark_id=assay_id,
        name_mark_id=None if name_entry is None else name_entry.id,
    )
