"""Demo marks, a hallmark check and a hallmarked batch for `make run`, made through the real services.

The assay marks are invented: the real office codes of Kazakhstan's assay marks are not known to us, so the
entries say so in their description, are marked not verified, and use the office code `DEMO`.

Called by `seed_demo` after the demo applications exist:
    hallmarks_demo.seed(organizations=orgs, users=users)
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from lims.core.choices import ExpertiseKind, Metal
from lims.hallmarks import authenticity, services
from lims.hallmarks.models import AssayMark, HallmarkingMethod, NameMarkStatus
from lims.hallmarks.selectors import hallmarkable_items
from lims.intake.identifiers import complete
from lims.intake.models import EDITABLE_STATUSES, ApplicantKind, Item, ItemCategory

DEMO_OFFICE = "DEMO"
DEMO_NOTE = "Demo data: an invented assay mark, not a real Kazakh assay-office code or mark."

ASSAY_MARKS = [
    (Metal.GOLD, "375"),
    (Metal.GOLD, "585"),
    (Metal.GOLD, "750"),
    (Metal.GOLD, "999"),
    (Metal.SILVER, "875"),
    (Metal.SILVER, "925"),
    (Metal.PLATINUM, "950"),
]


def seed(*, organizations: dict, users: dict) -> None:
    """`organizations` by short code (ALM, AST), `users` by username, as `seed_demo` makes them."""
    for metal, figure in ASSAY_MARKS:
        AssayMark.objects.create(
            office_code=DEMO_OFFICE,
            metal=metal,
            fineness=Decimal(figure),
            valid_from=date(2016, 1, 1),
            description=DEMO_NOTE,
            verified=False,
            source="demo",
        )
    # A mark withdrawn from use, to show the period rule.
    AssayMark.objects.create(
        office_code=DEMO_OFFICE,
        metal=Metal.GOLD,
        fineness=Decimal("583"),
        valid_from=date(2000, 1, 1),
        valid_to=date(2015, 12, 31),
        description=DEMO_NOTE,
        verified=False,
        source="demo",
    )

    head = users["head.alm"]
    today = timezone.localdate()
    zerger = services.name_mark_register(
        actor=head,
        producer_kind=ApplicantKind.LEGAL_ENTITY,
        producer_name="ТОО «Алтын Әлем Зергер»",
        producer_identifier=complete("09044000777"),
        code="АӘЗ",
        email="altyn@example.kz",
        registered_on=date(today.year - 1, 3, 10),
    )
    workshop = services.name_mark_register(
        actor=users["admin.alm"],
        producer_kind=ApplicantKind.INDIVIDUAL,
        producer_name="ИП Иванов С. П.",
        producer_identifier=complete("85031230012"),
        code="ИСП",
        email="ivanov@example.kz",
        registered_on=date(today.year - 1, 9, 1),
    )
    services.name_mark_status_change(
        actor=head,
        name_mark=workshop,
        status=NameMarkStatus.SUSPENDED,
        reason="Не устранены нарушения по уведомлению камерального контроля (демо)",
    )

    alm = organizations["ALM"]
    technician = users["tech.alm"]
    # Hallmark checks belong to the accreditation scope "hallmark verification"; the demo ALM has it.
    if alm.covers(ExpertiseKind.HALLMARK_VERIFICATION, today):
        article = (
            Item.objects.filter(
                organization=alm,
                category=ItemCategory.JEWELRY,
                declared_metal=Metal.GOLD,
                application__status__in=EDITABLE_STATUSES,
            )
            .order_by("application__received_at", "sequence")
            .first()
        )
        if article is not None:
            services.hallmark_check_record(
                actor=technician,
                item=article,
                observation=authenticity.Observation(
                    assay_mark=authenticity.PRESENT,
                    assay_fineness=article.declared_fineness,
                    assay_office=DEMO_OFFICE,
                    name_mark=authenticity.PRESENT,
                    name_code=zerger.code,
                ),
            )

    # One batch: the first application's conforming gold jewelry of one fineness, struck with the demo mark.
    ready = hallmarkable_items(Item.objects.filter(organization=alm, declared_metal=Metal.GOLD))
    first = ready.order_by("application_id", "sequence").first()
    if first is None:
        return
    mark = AssayMark.objects.filter(
        office_code=DEMO_OFFICE, metal=Metal.GOLD, fineness=first.declared_fineness
    ).first()
    if mark is not None:
        services.hallmarking_record(
            actor=technician,
            items=list(ready.filter(application_id=first.application_id, declared_fineness=mark.fineness)),
            assay_mark=mark,
            method=HallmarkingMethod.LASER,
        )
