"""Turn a conclusion's content (codes and numbers) into words, in whichever language is active when they are
printed: each phrase is lazy, so the bilingual PDF evaluates the same phrase once in Kazakh and once in
Russian (`conclusion_tags.bi`)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lims.assay.models import Method
from lims.core.choices import Metal
from lims.gems.models import PearlType, StoneStatus, Variety
from lims.hallmarks.models import Verdict
from lims.intake.models import ApplicantKind, ItemCategory, Purpose
from lims.rawgoods.models import ContentUnit


class Phrase:
    """A translatable message with parameters, formatted when it is turned into text. Decimal and date
    parameters follow the active language's number and date formats."""

    def __init__(self, message, **params):
        self.message, self.params = message, params

    @staticmethod
    def _format(value) -> str:
        if isinstance(value, Decimal):
            return formats.number_format(value, use_l10n=True)
        if isinstance(value, date):
            return formats.date_format(value, "d.m.Y")
        return str(value)

    def __str__(self) -> str:
        text = str(self.message)
        if not self.params:
            return text
        return text % {name: self._format(value) for name, value in self.params.items()}


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _label(choices, code: str):
    return choices(code).label if code in choices.values else code


class StoneName:
    """A material's name in the active language (the names were frozen in three languages)."""

    def __init__(self, names: dict):
        self.names = names

    def __str__(self) -> str:
        return self.names.get((get_language() or "ru")[:2]) or self.names.get("en", "")


def result_phrases(result: dict) -> list[Phrase]:
    fineness = _decimal(result["fineness"])
    phrases = [
        Phrase(
            _("%(metal)s %(fineness)s ‰ (%(method)s)."),
            metal=_label(Metal, result["metal"]),
            fineness=fineness if fineness is not None else "—",
            method=_label(Method, result["method"]),
        )
    ]
    if result["conforms"] is True:
        phrases.append(Phrase(_("Conforms to the declared fineness.")))
    elif result["conforms"] is False:
        phrases.append(Phrase(_("Does not conform to the declared fineness.")))
    if result["assignable_standard"]:
        phrases.append(Phrase(_("Standard fineness %(s)s."), s=_decimal(result["assignable_standard"])))
    elif result["is_precious_article"] is False:
        phrases.append(Phrase(_("Not a precious-metal article of this metal.")))
    return phrases


class Lower:
    """A label in lower case, in the active language (for labels inside a sentence)."""

    def __init__(self, value):
        self.value = value

    def __str__(self) -> str:
        return str(self.value).lower()


class Joined:
    """Lazy parts joined with commas, lower-cased after the first, in the active language."""

    def __init__(self, parts):
        self.parts = parts

    def __str__(self) -> str:
        texts = [str(part) for part in self.parts]
        return ", ".join(texts[:1] + [text[:1].lower() + text[1:] for text in texts[1:]])


def stone_phrases(stone: dict) -> list[Phrase]:
    described = [StoneName(stone["name"])]
    for choices, key in ((Variety, "variety"), (StoneStatus, "status"), (PearlType, "pearl_type")):
        if stone[key]:
            described.append(_label(choices, stone[key]))
    if stone["carats"]:
        described.append(Phrase(_("%(carats)s ct"), carats=_decimal(stone["carats"])))
    phrases = [Phrase(_("Stone %(n)s: %(description)s."), n=stone["number"], description=Joined(described))]
    if stone["is_precious"] is True:
        phrases.append(Phrase(_("A precious stone under the Law.")))
    elif stone["is_precious"] is False:
        phrases.append(Phrase(_("Not a precious stone under the Law.")))
    return phrases


def content_phrase(row: dict) -> Phrase:
    if row["not_detected"]:
        return Phrase(
            _("%(element)s: not detected (below %(limit)s %(unit)s)."),
            element=row["element"],
            limit=_decimal(row["detection_limit"]) if row["detection_limit"] else "—",
            unit=_label(ContentUnit, row["unit"]),
        )
    return Phrase(
        _("%(element)s: %(value)s %(unit)s."),
        element=row["element"],
        value=_decimal(row["value"]),
        unit=_label(ContentUnit, row["unit"]),
    )


@dataclass
class ItemRow:
    number: int
    lab_number: str
    category: object
    description: str
    quantity: int
    gross_mass_g: Decimal | None
    declared: Phrase | None
    findings: list[list[Phrase]] = field(default_factory=list)


def item_rows(content: dict) -> list[ItemRow]:
    rows = []
    for number, item in enumerate(content.get("items", []), start=1):
        declared = None
        if item["declared_metal"]:
            declared = Phrase(
                _("%(metal)s %(fineness)s ‰"),
                metal=_label(Metal, item["declared_metal"]),
                fineness=_decimal(item["declared_fineness"]) if item["declared_fineness"] else "—",
            )
        findings = [result_phrases(result) for result in item["results"]]
        findings += [stone_phrases(stone) for stone in item["stones"]]
        findings += [
            [Phrase(_("Hallmarks: %(verdict)s."), verdict=Lower(_label(Verdict, verdict)))]
            for verdict in item["hallmarks"]
        ]
        findings += [
            [
                Phrase(
                    _("Investment gold (Law art. 1 p. 15).")
                    if is_investment
                    else _("Not investment gold (Law art. 1 p. 15).")
                )
            ]
            for is_investment in item["investment"]
        ]
        if item["content"]:
            findings.append([content_phrase(row) for row in item["content"]])
        rows.append(
            ItemRow(
                number=number,
                lab_number=item["lab_number"],
                category=_label(ItemCategory, item["category"]),
                description=item["description"],
                quantity=item["quantity"],
                gross_mass_g=_decimal(item["gross_mass_g"]),
                declared=declared,
                findings=findings,
            )
        )
    return rows


def header(content: dict) -> dict:
    """The application, applicant and organization facts as printed."""
    applicant = content["applicant"]
    organization = content["organization"]
    return {
        "application_number": content["application"]["number"],
        "received_on": date.fromisoformat(content["application"]["received_on"]),
        "purpose": _label(Purpose, content["application"]["purpose"]),
        "applicant_name": applicant["name"],
        "applicant_id_label": _("IIN") if applicant["kind"] == ApplicantKind.INDIVIDUAL else _("BIN"),
        "applicant_identifier": applicant["identifier"],
        "applicant_address": applicant["address"],
        "organization": organization,
        "accredited_from": date.fromisoformat(organization["accredited_from"]),
        "accredited_until": date.fromisoformat(organization["accredited_until"]),
    }
