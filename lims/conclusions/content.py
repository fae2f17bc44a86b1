"""What a conclusion says: every item of the application with its findings, frozen as plain data.

`snapshot(application)` is taken when the conclusion is reviewed. It holds codes and numbers, not
translated words, so the same content prints in Kazakh and Russian (or English) and can always be printed
again exactly; `content_digest` fingerprints it. The findings are the ones the conclusion may cite:
verified results of decisive methods (XRF screening never appears), decided stones, the current hallmark
check, the current investment-gold assessment, and the recorded precious-metal content of raw goods.
"""

import hashlib
import json

from django.db.models import Prefetch
from django.utils import timezone

from lims.assay.models import InvestmentAssessment, Method, Result, ResultStatus
from lims.gems.models import Stone
from lims.hallmarks.models import HallmarkCheck
from lims.intake.models import Application
from lims.rawgoods.models import MetalContent

VERSION = 1


def _text(value) -> str | None:
    return None if value is None else str(value)


def _local_date(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _result(result: Result) -> dict:
    return {
        "id": result.pk,
        "metal": result.metal,
        "method": result.method,
        "fineness": _text(result.fineness),
        "conforms": result.conforms,
        "assignable_standard": _text(result.assignable_standard),
        "is_precious_article": result.is_precious_article,
    }


def _stone(stone: Stone) -> dict:
    material = stone.material
    return {
        "number": stone.number,
        "name": {
            "en": material.name,
            "kk": material.name_kk or material.name,
            "ru": material.name_ru or material.name,
        },
        "variety": stone.variety,
        "status": stone.status,
        "pearl_type": stone.pearl_type,
        "carats": _text(stone.carats),
        "is_precious": stone.is_precious,
    }


def _content(row: MetalContent) -> dict:
    return {
        "element": row.element,
        "unit": row.unit,
        "value": _text(row.value),
        "not_detected": row.not_detected,
        "detection_limit": _text(row.detection_limit),
    }


def items_with_findings(application: Application):
    """The application's items in order, each with its citable findings prefetched (a fixed number of
    queries, whatever the number of items)."""
    return application.items.prefetch_related(
        Prefetch(
            "results",
            queryset=Result.objects.filter(status=ResultStatus.VERIFIED)
            .exclude(method=Method.XRF)
            .order_by("metal", "method", "id"),
            to_attr="findings",
        ),
        Prefetch(
            "stones",
            queryset=Stone.objects.decided().select_related("material").order_by("number"),
            to_attr="identified_stones",
        ),
        Prefetch(
            "hallmark_checks", queryset=HallmarkCheck.objects.filter(current=True), to_attr="current_checks"
        ),
        Prefetch(
            "investment_assessments",
            queryset=InvestmentAssessment.objects.filter(current=True),
            to_attr="assessments",
        ),
        Prefetch("metal_contents", queryset=MetalContent.objects.order_by("id"), to_attr="contents"),
    ).order_by("sequence")


def snapshot(application: Application, kinds: list[str]) -> dict:
    """The content of the conclusion for `application` as it stands now; `kinds` are the kinds of expertise
    it reports (they decide which accreditation the signer's organization needs)."""
    organization, applicant = application.organization, application.applicant
    items = []
    for item in items_with_findings(application):
        items.append(
            {
                "lab_number": item.lab_number,
                "category": item.category,
                "description": item.description,
                "quantity": item.quantity,
                "gross_mass_g": _text(item.gross_mass_g),
                "declared_metal": item.declared_metal,
                "declared_fineness": _text(item.declared_fineness),
                "results": [_result(result) for result in item.findings],
                "stones": [_stone(stone) for stone in item.identified_stones],
                "hallmarks": [check.verdict for check in item.current_checks],
                "investment": [assessment.is_investment_gold for assessment in item.assessments],
                "content": [_content(row) for row in item.contents],
            }
        )
    return {
        "version": VERSION,
        "application": {
            "number": application.number,
            "purpose": application.purpose,
            "received_on": _local_date(application.received_at),
        },
        "applicant": {
            "name": applicant.name,
            "kind": applicant.kind,
            "identifier": applicant.identifier,
            "address": applicant.address,
        },
        "organization": {
            "name": organization.name,
            "bin": organization.bin,
            "address": organization.address,
            "accreditation_number": organization.accreditation_number,
            "accredited_from": organization.accredited_from.isoformat(),
            "accredited_until": organization.accredited_until.isoformat(),
        },
        "kinds": sorted(kinds),
        "items": items,
    }


def cited_result_ids(content: dict) -> list[int]:
    return [result["id"] for item in content.get("items", []) for result in item["results"]]


def content_digest(content: dict) -> str:
    """SHA-256 of the content in a canonical JSON form (sorted keys, no spaces)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
