"""Recording, verifying and invalidating fineness results, and assessing investment gold.

Every change runs in one transaction with its audit event. The computation is the pure engine's
(`lims.assay.methods`, `lims.assay.fineness`, `lims.assay.investment`); this module only reads reference data,
applies the guards and stores the outcome.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from instruments import gate
from lims.accounts import permissions
from lims.assay import investment, methods, reference
from lims.assay.fineness import AssayInputError, Conformity
from lims.assay.messages import input_error_message
from lims.assay.models import CoinOrBar, InvestmentAssessment, Method, Result, ResultStatus
from lims.core.audit import audit_record
from lims.core.units import MASS_G
from lims.intake import services as intake_services
from lims.intake.models import Item, ItemCategory
from lims.market.services import gold_value_inputs

# Fineness is assayed on articles, bars and coins; stones and raw goods have records of their own.
METAL_CATEGORIES = (ItemCategory.JEWELRY, ItemCategory.BAR, ItemCategory.COIN)
STORED = Decimal("0.0001")  # replicate finenesses and spread are stored to 0.0001 ‰, unrounded before


@dataclass(frozen=True)
class Evaluation:
    """What the worksheet shows as you type and what a saved result stores."""

    metal: str
    determination: methods.Determination
    conformity: Conformity | None
    uncertainty: Decimal
    subtract_uncertainty: bool


def result_metal(method: str, metal: str | None) -> str:
    fixed = methods.METAL_OF[methods.MethodCode(method)]
    if fixed is not None:
        return fixed
    if not metal:
        raise ValidationError(_("Say which metal this method determines."))
    return metal


def evaluate(*, item: Item, method: str, metal: str | None, raw: dict) -> Evaluation:
    """Compute the determination and its verdict without saving anything (the live preview and the API's
    preview use this, and so does `result_record`)."""
    metal = result_metal(method, metal)
    setting = reference.method_setting(method)
    try:
        determination = methods.determine(
            method,
            raw,
            limit=setting.agreement_limit,
            minimum=setting.minimum_replicates,
            gravimetric_factor=setting.gravimetric_factor,
        )
    except AssayInputError as error:
        raise ValidationError(input_error_message(error), code=error.code) from error
    subtract = reference.subtracts_uncertainty(item.organization_id)
    standards = reference.standards_for(metal)
    if not standards:
        raise ValidationError(_("No standard finenesses are set for %(metal)s.") % {"metal": metal})
    declared = item.declared_fineness if item.declared_metal == metal else None
    conformity = methods.verdict(
        determination,
        declared=declared,
        standards=standards,
        uncertainty=setting.expanded_uncertainty,
        subtract_uncertainty=subtract,
    )
    return Evaluation(metal, determination, conformity, setting.expanded_uncertainty, subtract)


def _ensure_lab_member(actor, item: Item, message: str) -> None:
    if not permissions.can_record_results(actor) or item.organization_id != actor.organization_id:
        raise PermissionDenied(message)


def _jsonable(raw: dict) -> dict:
    return {key: str(value) for key, value in raw.items() if value is not None and value != ""}


@transaction.atomic
def result_record(
    *,
    actor,
    item: Item,
    method: str,
    raw: dict,
    metal: str | None = None,
    instrument=None,
    source_import=None,
) -> Result:
    """Record a determination from raw measurements. A result that replaces an invalidated one of the same
    item, metal and method is linked to it as its retest. A cited instrument must pass the calibration gate
    (`instruments.gate`) for the method today; `source_import` is the instrument file the values came from."""
    _ensure_lab_member(actor, item, _("You may not record results for this item."))
    item = Item.objects.select_related("application").select_for_update().get(pk=item.pk)
    intake_services.ensure_open(item.application)
    if item.category not in METAL_CATEGORIES:
        raise ValidationError(
            _("Fineness is assayed on articles, bars and coins, not on a %(category)s item.")
            % {"category": item.get_category_display().lower()}
        )
    if instrument is not None:
        if instrument.organization_id != item.organization_id:
            raise ValidationError(_("The instrument belongs to another organization."))
        gate.ensure_usable(instrument, use=method)
    if source_import is not None and source_import.organization_id != item.organization_id:
        raise ValidationError(_("The instrument file belongs to another organization."))
    evaluation = evaluate(item=item, method=method, metal=metal, raw=raw)
    if (
        item.results.filter(metal=evaluation.metal, method=method)
        .exclude(status=ResultStatus.INVALIDATED)
        .exists()
    ):
        raise ValidationError(
            _("Item %(lab)s already has a current %(method)s result; invalidate it to retest.")
            % {"lab": item.lab_number, "method": Method(method).label}
        )
    determination, conformity = evaluation.determination, evaluation.conformity
    result = Result.objects.create(
        item=item,
        organization_id=item.organization_id,
        application_id=item.application_id,
        applicant_id=item.application.applicant_id,
        metal=evaluation.metal,
        method=method,
        raw=_jsonable(raw),
        replicate_values=[str(v.quantize(STORED)) for v in determination.values],
        spread=determination.replicates.spread.quantize(STORED),
        correction_mg=None if determination.correction is None else determination.correction.quantize(STORED),
        fineness=determination.reported,
        repeat_required=determination.replicates.repeat_required,
        declared_fineness=item.declared_fineness if item.declared_metal == evaluation.metal else None,
        judged_fineness=conformity.judged_value if conformity else None,
        uncertainty=evaluation.uncertainty if evaluation.subtract_uncertainty else Decimal(0),
        conforms=conformity.conforms if conformity else None,
        assignable_standard=conformity.assignable if conformity else None,
        is_precious_article=conformity.is_precious_article if conformity else None,
        reasons=(["repeat_required"] if conformity is None else list(conformity.reasons)),
        instrument=instrument,
        source_import=source_import,
        recorded_by=actor,
        retest_of=item.results.filter(metal=evaluation.metal, method=method, status=ResultStatus.INVALIDATED)
        .order_by("-invalidated_at", "-id")
        .first(),
    )
    audit_record(
        actor=actor,
        action="result.record",
        obj=result,
        application=item.application,
        after={
            "item": item.lab_number,
            "metal": result.metal,
            "method": method,
            "raw": result.raw,
            "fineness": None if result.fineness is None else str(result.fineness),
            "reasons": result.reasons,
            "instrument": str(instrument) if instrument else None,
            "file": source_import.file_name if source_import else None,
        },
    )
    intake_services.application_refresh_status(actor=actor, application=item.application)
    return result


def _locked(result: Result) -> Result:
    return Result.objects.select_related("item__application").select_for_update().get(pk=result.pk)


@transaction.atomic
def result_verify(*, actor, result: Result) -> Result:
    """A second person confirms the result; never the one who entered it. A verified decisive result makes
    its item tested."""
    _ensure_lab_member(actor, result.item, _("You may not verify results of this item."))
    result = _locked(result)
    item = result.item
    intake_services.ensure_open(item.application)
    if result.recorded_by_id == actor.pk:
        raise PermissionDenied(_("A result is verified by someone other than the person who entered it."))
    if result.status != ResultStatus.ENTERED:
        raise ValidationError(
            _("Only an entered result can be verified; this one is %(status)s.")
            % {"status": result.get_status_display()}
        )
    if result.repeat_required:
        raise ValidationError(_("The replicates disagree: invalidate this result and repeat the assay."))
    result.status, result.verified_by, result.verified_at = ResultStatus.VERIFIED, actor, timezone.now()
    result.save(update_fields=["status", "verified_by", "verified_at"])
    audit_record(
        actor=actor,
        action="result.verify",
        obj=result,
        application=item.application,
        before={"status": ResultStatus.ENTERED},
        after={"status": ResultStatus.VERIFIED},
    )
    if result.decisive:
        intake_services.item_mark_tested(actor=actor, item=item)
    intake_services.application_refresh_status(actor=actor, application=item.application)
    return result


@transaction.atomic
def result_invalidate(*, actor, result: Result, reason: str) -> Result:
    """Withdraw a result with the reason (to retest it, or because it was wrong). It stays in the history;
    the item is untested again unless another verified decisive result stands."""
    _ensure_lab_member(actor, result.item, _("You may not invalidate results of this item."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for invalidating the result."))
    result = _locked(result)
    item = result.item
    intake_services.ensure_open(item.application)
    if result.status == ResultStatus.INVALIDATED:
        raise ValidationError(_("This result is already invalidated."))
    before = result.status
    result.status = ResultStatus.INVALIDATED
    result.invalidated_by, result.invalidated_at, result.invalidation_reason = (
        actor,
        timezone.now(),
        reason.strip(),
    )
    result.save(update_fields=["status", "invalidated_by", "invalidated_at", "invalidation_reason"])
    audit_record(
        actor=actor,
        action="result.invalidate",
        obj=result,
        application=item.application,
        before={"status": before},
        after={"status": ResultStatus.INVALIDATED},
        reason=result.invalidation_reason,
    )
    InvestmentAssessment.objects.filter(result=result, current=True).update(current=False)
    still_tested = item.results.filter(status=ResultStatus.VERIFIED).exclude(method=Method.XRF).exists()
    if not still_tested:
        intake_services.item_mark_untested(actor=actor, item=item, reason=result.invalidation_reason)
    intake_services.application_refresh_status(actor=actor, application=item.application)
    return result


# --- Investment gold ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoinData:
    minted_year: int
    proof_quality: bool
    mintage: int | None
    market_price_kzt: Decimal
    sale_date: datetime.date


@dataclass(frozen=True)
class BarData:
    kind: str  # CoinOrBar.STANDARD_BAR or MEASURED_BAR
    refined: bool
    made_to_standard: bool
    markings: frozenset[str]
    serial_contains_year: bool = False


def gold_result_for(item: Item) -> Result:
    result = (
        item.results.filter(metal="Au", status=ResultStatus.VERIFIED)
        .exclude(method=Method.XRF)
        .order_by("-verified_at", "-id")
        .first()
    )
    if result is None:
        raise ValidationError(
            _("Investment gold is judged on a verified gold result by a decisive method; there is none yet.")
        )
    return result


@transaction.atomic
def investment_assess(*, actor, item: Item, data: CoinData | BarData) -> InvestmentAssessment:
    """Classify a coin or bar as investment gold or not (Law art.1 p.15), storing the inputs, the verdict and
    every reason. For a coin the fine gold is gross mass × reported fineness / 1000, to 1 mg."""
    _ensure_lab_member(actor, item, _("You may not assess items of this organization."))
    item = Item.objects.select_related("application").select_for_update().get(pk=item.pk)
    intake_services.ensure_open(item.application)
    result = gold_result_for(item)
    fields: dict = {}
    if isinstance(data, CoinData):
        fine_gold_g = (item.gross_mass_g * result.fineness / 1000).quantize(MASS_G)
        try:
            price, rate = gold_value_inputs(data.sale_date)
            classification = investment.classify_coin(
                investment.Coin(
                    fineness=result.fineness,
                    fine_gold_g=fine_gold_g,
                    minted_year=data.minted_year,
                    proof_quality=data.proof_quality,
                    mintage=data.mintage,
                    market_price_kzt=data.market_price_kzt,
                ),
                lbma_am_usd_per_oz=price,
                kzt_per_usd=rate,
            )
        except investment.MissingMarketData as error:
            raise ValidationError(str(error)) from error
        fields = {
            "kind": CoinOrBar.COIN,
            "fine_gold_g": fine_gold_g,
            "minted_year": data.minted_year,
            "proof_quality": data.proof_quality,
            "mintage": data.mintage,
            "market_price_kzt": data.market_price_kzt,
            "sale_date": data.sale_date,
            "gold_value_kzt": investment.gold_content_value_kzt(fine_gold_g, price, rate),
        }
    else:
        bar_kind = (
            investment.BarKind.STANDARD
            if data.kind == CoinOrBar.STANDARD_BAR
            else investment.BarKind.MEASURED
        )
        classification = investment.classify_bar(
            investment.Bar(
                fineness=result.fineness,
                refined=data.refined,
                kind=bar_kind,
                made_to_standard=data.made_to_standard,
                markings=data.markings,
                serial_contains_year=data.serial_contains_year,
            )
        )
        fields = {
            "kind": data.kind,
            "refined": data.refined,
            "made_to_standard": data.made_to_standard,
            "markings": sorted(data.markings),
            "serial_contains_year": data.serial_contains_year,
        }
    item.investment_assessments.filter(current=True).update(current=False)
    assessment = InvestmentAssessment.objects.create(
        item=item,
        result=result,
        is_investment_gold=classification.is_investment_gold,
        reasons=[
            {"code": r.code, "passed": r.passed, "detail": {k: _detail(v) for k, v in r.detail.items()}}
            for r in classification.reasons
        ],
        assessed_by=actor,
        **fields,
    )
    audit_record(
        actor=actor,
        action="investment.assess",
        obj=assessment,
        application=item.application,
        after={
            "item": item.lab_number,
            "investment_gold": assessment.is_investment_gold,
            "failed": classification.failed(),
        },
    )
    return assessment


def _detail(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    return value
