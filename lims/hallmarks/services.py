"""The name-mark registry, hallmark authenticity checks and the hallmarking of assayed jewelry.

Every change runs in one transaction with its audit event. The verdict on a check is the pure engine's
(`lims.hallmarks.authenticity`); this module reads the registries, applies the guards and stores the outcome.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.assay.models import Method, Result, ResultStatus
from lims.core.audit import audit_record, audit_record_many
from lims.core.choices import ExpertiseKind
from lims.core.files import IMAGE_EXTENSIONS, check_upload
from lims.hallmarks import authenticity, codes, permissions
from lims.hallmarks.messages import code_error_message, problem_text
from lims.hallmarks.models import (
    AssayMark,
    HallmarkCheck,
    HallmarkedArticle,
    HallmarkingMethod,
    NameMark,
    NameMarkStatus,
)
from lims.hallmarks.selectors import measured_result
from lims.intake import services as intake_services
from lims.intake.models import ApplicationStatus, Item, ItemCategory
from lims.intake.validators import clean_identifier

# A fresh batch of verification IDs is drawn again this many times if the database holds one already.
ID_ATTEMPTS = 5


# --- Name-mark registry ------------------------------------------------------------------------------------


def name_mark_snapshot(mark: NameMark) -> dict:
    return {
        "code": mark.code,
        "producer_name": mark.producer_name,
        "producer_identifier": mark.producer_identifier,
        "email": mark.email,
        "registered_on": mark.registered_on.isoformat(),
        "status": mark.status,
    }


def clean_code(text: str) -> str:
    try:
        return codes.normalize_code(text)
    except codes.CodeError as error:
        raise ValidationError(code_error_message(error), code=error.code) from error


@transaction.atomic
def name_mark_register(
    *,
    actor,
    producer_kind: str,
    producer_name: str,
    producer_identifier: str,
    code: str,
    email: str,
    image=None,
    registered_on: date | None = None,
) -> NameMark:
    """Register a producer's name mark with the actor's organization (Law art.6 p.5-5). The producer's
    e-mail is required: notices of desk control go there (rule R13)."""
    if not permissions.can_register_name_mark(actor):
        raise PermissionDenied(_("You may not register name marks."))
    organization = actor.organization
    today = timezone.localdate()
    # Only an accredited organization registers name marks.
    if not organization.is_accredited_on(today):
        raise ValidationError(
            _("The accreditation of %(org)s is not valid on %(day)s.") % {"org": organization, "day": today}
        )
    errors = []
    try:
        producer_identifier = clean_identifier(producer_kind, producer_identifier)
    except ValidationError as error:
        errors.extend(error.messages)
    try:
        code = clean_code(code)
    except ValidationError as error:
        errors.extend(error.messages)
        code = ""
    producer_name, email = producer_name.strip(), email.strip()
    if not producer_name:
        errors.append(_("Enter the producer's name."))
    if not email:
        errors.append(_("Enter the producer's e-mail: notices of control go there."))
    else:
        try:
            validate_email(email)
        except ValidationError as error:
            errors.extend(error.messages)
    if registered_on is not None and registered_on > today:
        errors.append(_("The registration date cannot be in the future."))
    existing = None
    if code:
        existing = (
            NameMark.objects.select_related("organization").filter(code_key=codes.match_key(code)).first()
        )
    if existing is not None:
        errors.append(
            _("Name mark %(code)s is already registered (as %(existing)s, with %(org)s).")
            % {"code": code, "existing": existing.code, "org": existing.organization}
        )
    if errors:
        raise ValidationError(errors)
    mark = NameMark(
        organization=organization,
        producer_kind=producer_kind,
        producer_name=producer_name,
        producer_identifier=producer_identifier,
        code=code,
        code_key=codes.match_key(code),
        email=email,
        registered_on=registered_on or today,
        registered_by=actor,
    )
    if image:
        check_upload(
            image,
            extensions=IMAGE_EXTENSIONS,
            max_bytes=settings.MARK_IMAGE_MAX_BYTES,
            expected=_("Upload the impression as a JPEG, PNG or TIFF image."),
        )
        mark.image = image
    mark.save()
    audit_record(actor=actor, action="name_mark.register", obj=mark, after=name_mark_snapshot(mark))
    return mark


# Which status may follow which: a revoked registration is final (a new one is registered instead).
TRANSITIONS = {
    NameMarkStatus.ACTIVE: {NameMarkStatus.SUSPENDED, NameMarkStatus.REVOKED},
    NameMarkStatus.SUSPENDED: {NameMarkStatus.ACTIVE, NameMarkStatus.REVOKED},
    NameMarkStatus.REVOKED: set(),
}


@transaction.atomic
def name_mark_status_change(*, actor, name_mark: NameMark, status: str, reason: str) -> NameMark:
    """Suspend, revoke or reinstate a name mark, always with the reason."""
    if not permissions.can_change_name_mark_status(actor, name_mark):
        raise PermissionDenied(
            _("Only the organization name mark %(code)s is registered with may change its status.")
            % {"code": name_mark.code}
        )
    mark = NameMark.objects.select_for_update().get(pk=name_mark.pk)
    reason = reason.strip()
    if status not in NameMarkStatus.values:
        raise ValidationError(_("Unknown status."))
    if status not in TRANSITIONS[mark.status]:
        raise ValidationError(
            _("Name mark %(code)s is %(status)s; it cannot become %(new)s.")
            % {
                "code": mark.code,
                "status": mark.get_status_display().lower(),
                "new": NameMarkStatus(status).label.lower(),
            }
        )
    if not reason:
        raise ValidationError(
            _("Give the reason for the change of status of %(code)s.") % {"code": mark.code}
        )
    before = mark.status
    mark.status, mark.status_reason = status, reason
    mark.status_changed_at, mark.status_changed_by = timezone.now(), actor
    mark.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"])
    audit_record(
        actor=actor,
        action="name_mark.status",
        obj=mark,
        before={"status": before},
        after={"status": status},
        reason=reason,
    )
    return mark


# --- Hallmark authenticity checks --------------------------------------------------------------------------


def check_snapshot(check: HallmarkCheck) -> dict:
    return {
        "item": check.item.lab_number,
        "assay_mark": check.assay_mark_presence,
        "fineness": None if check.observed_fineness is None else str(check.observed_fineness),
        "office_code": check.observed_office_code,
        "name_mark": check.name_mark_presence,
        "name_code": check.observed_name_code,
        "stamped_on": None if check.stamped_on is None else check.stamped_on.isoformat(),
        "verdict": check.verdict,
        "reasons": check.reasons,
    }


@transaction.atomic
def hallmark_check_record(*, actor, item: Item, observation: authenticity.Observation) -> HallmarkCheck:
    """Record what was observed on an article's hallmarks and the verdict against both registries and the
    measured fineness. A re-check supersedes the current check, which stays as history."""
    # Technicians (the head of laboratory standing in) of the item's own organization only.
    if not permissions.can_check_hallmarks(actor) or item.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not check the hallmarks of this item."))
    item = Item.objects.select_related("application", "organization").select_for_update().get(pk=item.pk)
    # Assay and name marks are struck on jewelry and other articles (Law art.1 p.12, 21, 22).
    if item.category != ItemCategory.JEWELRY:
        raise ValidationError(
            _("Item %(lab)s is not jewelry or another article; it carries no hallmarks to check.")
            % {"lab": item.lab_number}
        )
    intake_services.ensure_open(item.application)
    today = timezone.localdate()
    # Verifying assay-mark impressions is expertise (Law art.1 p.2(c)): the accreditation must cover it.
    if not item.organization.covers(ExpertiseKind.HALLMARK_VERIFICATION, today):
        raise ValidationError(
            _("The accreditation of %(org)s does not cover %(kind)s on %(day)s.")
            % {"org": item.organization, "kind": ExpertiseKind.HALLMARK_VERIFICATION.label, "day": today}
        )
    if problems := authenticity.observation_problems(observation):
        raise ValidationError([f"{item.lab_number}: {problem_text(p)}" for p in problems])

    result = measured_result(item)
    article = authenticity.Article(
        metal=result.metal if result else (item.declared_metal or None),
        measured_fineness=result.fineness if result else None,
    )
    assay_registry = []
    if observation.assay_mark == authenticity.PRESENT:
        assay_registry = [m.entry() for m in AssayMark.objects.filter(fineness=observation.assay_fineness)]
    name_marks = {}
    if observation.name_mark == authenticity.PRESENT:
        key = codes.match_key(observation.name_code)
        name_marks = {m.pk: m for m in NameMark.objects.filter(code_key=key)}
    judgement = authenticity.judge(
        observation,
        article=article,
        assay_registry=assay_registry,
        name_registry=[
            authenticity.NameMarkEntry(m.pk, m.code, m.status, m.registered_on) for m in name_marks.values()
        ],
        checked_on=today,
    )

    previous = item.hallmark_checks.select_for_update().filter(current=True).first()
    if previous is not None:
        previous.current = False
        previous.save(update_fields=["current"])
    check = HallmarkCheck.objects.create(
        item=item,
        assay_mark_presence=observation.assay_mark,
        observed_fineness=observation.assay_fineness
        if observation.assay_mark == authenticity.PRESENT
        else None,
        observed_office_code="".join(observation.assay_office.split()).upper(),
        name_mark_presence=observation.name_mark,
        observed_name_code="".join(observation.name_code.split()).upper(),
        stamped_on=observation.stamped_on,
        notes=observation.notes.strip(),
        assay_mark_id=judgement.assay_mark_id,
        name_mark=name_marks.get(judgement.name_mark_id),
        result=result,
        measured_fineness=article.measured_fineness,
        verdict=judgement.verdict,
        reasons=list(judgement.reasons),
        checked_by=actor,
    )
    audit_record(
        actor=actor,
        action="hallmark_check.record",
        obj=check,
        application=item.application,
        before=None if previous is None else {"check": previous.pk, "verdict": previous.verdict},
        after=check_snapshot(check),
    )
    return check


# --- Hallmarking -------------------------------------------------------------------------------------------


def _guard(
    actor, item: Item, assay_mark: AssayMark, *, hallmarked: bool, results: list[Result]
) -> Result | str:
    """The conforming result the item is hallmarked on, or why it may not be hallmarked with this mark.
    Each guard with its reason."""
    lab = item.lab_number
    # Only the organization that assayed the item strikes its mark.
    if item.organization_id != actor.organization_id:
        return _("Item %(lab)s belongs to another organization.") % {"lab": lab}
    if item.application.status == ApplicationStatus.WITHDRAWN:
        return _("Item %(lab)s: its application is withdrawn.") % {"lab": lab}
    # Assay marks are struck on jewelry and other articles, not on bars, coins, stones or raw goods.
    if item.category != ItemCategory.JEWELRY:
        return _("Item %(lab)s is not jewelry or another article.") % {"lab": lab}
    if hallmarked:
        return _("Item %(lab)s is already hallmarked.") % {"lab": lab}
    # Hallmarking follows an assay by a decisive method, verified by a second person (R2, R4).
    if not results:
        return _("Item %(lab)s has no verified assay result by a decisive method.") % {"lab": lab}
    same_metal = [r for r in results if r.metal == assay_mark.metal]
    if not same_metal:
        return _("Item %(lab)s was assayed as %(metal)s; the mark is for %(mark_metal)s.") % {
            "lab": lab,
            "metal": ", ".join(sorted({str(r.get_metal_display()) for r in results})),
            "mark_metal": assay_mark.get_metal_display(),
        }
    result = same_metal[0]
    # The assay must have found the declared fineness (no negative tolerance).
    if result.conforms is not True:
        return _("Item %(lab)s does not conform to its declared fineness (measured %(fineness)s ‰).") % {
            "lab": lab,
            "fineness": result.fineness,
        }
    # The mark may not certify more than the alloy holds.
    if assay_mark.fineness > result.fineness:
        return _(
            "Item %(lab)s: the mark's figure %(figure)s is above the measured fineness %(fineness)s ‰."
        ) % {
            "lab": lab,
            "figure": assay_mark.fineness,
            "fineness": result.fineness,
        }
    return result


def _new_ids(count: int) -> list[str]:
    """`count` verification IDs, distinct among themselves and from every stored one."""
    fresh: set[str] = set()
    while len(fresh) < count:
        drawn = {codes.new_verification_id() for _ in range(count - len(fresh))} - fresh
        taken = set(
            HallmarkedArticle.objects.filter(verification_id__in=drawn).values_list(
                "verification_id", flat=True
            )
        )
        fresh |= drawn - taken
    return sorted(fresh)


@transaction.atomic
def hallmarking_record(
    *, actor, items: list[Item], assay_mark: AssayMark, method: str
) -> list[HallmarkedArticle]:
    """Record that every article of the given items was hallmarked with `assay_mark` by `method`, each
    article with its own public verification ID. The whole batch is refused, with one message per refused
    item, if any item may not be hallmarked."""
    if not permissions.can_hallmark(actor):
        raise PermissionDenied(_("You may not record hallmarking."))
    if not items:
        raise ValidationError(_("Choose at least one item to hallmark."))
    if method not in HallmarkingMethod.values:
        raise ValidationError(_("Choose the hallmarking method."))
    today = timezone.localdate()
    assay_mark = AssayMark.objects.get(pk=assay_mark.pk)
    # A mark is struck only during its period of use.
    if not assay_mark.in_use_on(today):
        raise ValidationError(
            _("Assay mark %(mark)s is not in use on %(day)s.") % {"mark": assay_mark, "day": today}
        )
    locked = list(
        Item.objects.select_related("application", "organization")
        .select_for_update()
        .filter(pk__in=[item.pk for item in items])
        .order_by("application_id", "sequence")
    )
    hallmarked = set(
        HallmarkedArticle.objects.filter(item__in=locked).values_list("item_id", flat=True).distinct()
    )
    results = defaultdict(list)
    for result in (
        Result.objects.filter(item__in=locked, status=ResultStatus.VERIFIED)
        .exclude(method=Method.XRF)
        .order_by("-verified_at", "-id")
    ):
        results[result.item_id].append(result)
    conforming, errors = {}, []
    for item in locked:
        outcome = _guard(actor, item, assay_mark, hallmarked=item.pk in hallmarked, results=results[item.pk])
        if isinstance(outcome, str):
            errors.append(outcome)
        else:
            conforming[item.pk] = outcome
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    for attempt in range(ID_ATTEMPTS):
        ids = iter(_new_ids(sum(item.quantity for item in locked)))
        rows = [
            HallmarkedArticle(
                item=item,
                article_number=number,
                verification_id=next(ids),
                assay_mark=assay_mark,
                method=method,
                result=conforming[item.pk],
                hallmarked_by=actor,
                hallmarked_at=now,
            )
            for item in locked
            for number in range(1, item.quantity + 1)
        ]
        try:
            # A savepoint: an ID taken by a concurrent batch since it was drawn is drawn again.
            with transaction.atomic():
                created = HallmarkedArticle.objects.bulk_create(rows)
            break
        except IntegrityError:
            if attempt == ID_ATTEMPTS - 1:
                raise
    by_application = defaultdict(list)
    for row in created:
        by_application[row.item.application].append(row)
    for application, rows in by_application.items():
        audit_record_many(actor=actor, action="hallmark.apply", objects=rows, application=application)
    return created
