"""Permission-scoped querysets of marks, checks and hallmarked articles, in the style of
`lims.intake.selectors`."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lims.accounts import permissions as account_permissions
from lims.assay.models import Method, Result, ResultStatus
from lims.hallmarks import permissions
from lims.hallmarks.models import AssayMark, HallmarkCheck, HallmarkedArticle, NameMark
from lims.intake.models import ApplicationStatus, Item, ItemCategory
from lims.intake.selectors import items_for


def name_marks_for(user) -> QuerySet[NameMark]:
    """The whole registry for staff of any laboratory and control officers; nothing for anyone else."""
    base = NameMark.objects.select_related("organization")
    return base if permissions.can_read_registries(user) else base.none()


def assay_marks_for(user) -> QuerySet[AssayMark]:
    return AssayMark.objects.all() if permissions.can_read_registries(user) else AssayMark.objects.none()


def lab_items_for(user) -> QuerySet[Item]:
    """The items of the user's own organization: checks and hallmarking are laboratory work, not shown to
    applicants."""
    if not account_permissions.can_view_lab_work(user):
        return Item.objects.none()
    return items_for(user)


def checks_for(user) -> QuerySet[HallmarkCheck]:
    return HallmarkCheck.objects.filter(item__in=lab_items_for(user).values("pk")).select_related(
        "item", "assay_mark", "name_mark", "checked_by"
    )


def articles_for(user) -> QuerySet[HallmarkedArticle]:
    return HallmarkedArticle.objects.filter(item__in=lab_items_for(user).values("pk")).select_related(
        "item", "item__application", "assay_mark", "hallmarked_by"
    )


def decisive_results(item: Item, metal: str | None = None) -> QuerySet[Result]:
    """The item's verified results by a decisive method (never XRF screening), newest first."""
    results = Result.objects.filter(item=item, status=ResultStatus.VERIFIED).exclude(method=Method.XRF)
    if metal:
        results = results.filter(metal=metal)
    return results.order_by("-verified_at", "-id")


def measured_result(item: Item) -> Result | None:
    """The result an article's hallmark is compared with: the newest verified decisive result for its
    declared metal, else for any metal; None when there is none."""
    if item.declared_metal:
        result = decisive_results(item, item.declared_metal).first()
        if result is not None:
            return result
    return decisive_results(item).first()


def hallmarkable_items(items: QuerySet[Item]) -> QuerySet[Item]:
    """Jewelry with a conforming verified decisive result and no article hallmarked yet (the batch page's
    candidates; the service checks each guard again, with a message)."""
    conforming = (
        Result.objects.filter(item=OuterRef("pk"), status=ResultStatus.VERIFIED, conforms=True)
        .exclude(method=Method.XRF)
        .values("pk")
    )
    return (
        items.filter(category=ItemCategory.JEWELRY)
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .filter(Exists(conforming))
        .exclude(Exists(HallmarkedArticle.objects.filter(item=OuterRef("pk"))))
    )


def public_article(verification_id: str | None) -> dict | None:
    """What anyone may learn from an article's verification ID: the metal and fineness its mark certifies,
    who hallmarked it (the organization, never a person) and when, and the kind of article. Nothing about
    the applicant or the staff. None for an unknown ID."""
    if verification_id is None:
        return None
    article = (
        HallmarkedArticle.objects.select_related("assay_mark", "item__organization")
        .filter(verification_id=verification_id)
        .first()
    )
    if article is None:
        return None
    mark = article.assay_mark
    return {
        "verification_id": article.display_id,
        "metal": mark.metal,
        "metal_label": mark.get_metal_display(),
        "fineness": mark.fineness,
        "organization": article.item.organization.name,
        "hallmarked_on": timezone.localdate(article.hallmarked_at),
        "category": article.item.category,
        "category_label": article.item.get_category_display(),
    }
