"""Demo data for `make run`: organizations, users of every role, applicants and applications in every state.

Idempotent: when the demo organizations exist, nothing is created again and the logins are printed.
Everything goes through the same services the pages use, so the audit trail is real.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from instruments import demo as instruments_demo
from lims.accounts.models import Organization, Role, User
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record, result_verify
from lims.conclusions.demo import issue_conclusion
from lims.conclusions.services import conclusion_prepare, conclusion_review
from lims.control import demo as control_demo
from lims.control import services as control_services
from lims.core.choices import ExpertiseKind, Metal
from lims.dashboard import demo as dashboard_demo
from lims.gems import demo as gems_demo
from lims.hallmarks import demo as hallmarks_demo
from lims.intake.identifiers import complete
from lims.intake.models import Applicant, ApplicantKind, ItemCategory, Purpose
from lims.intake.services import ItemData, application_register, application_withdraw
from lims.market.services import market_data_upload

MARKET_SAMPLES = Path(__file__).resolve().parents[4] / "fixtures" / "market"

DEMO_PASSWORD = "synama-demo-2026"

ORGANIZATIONS = [
    {
        "short_code": "ALM",
        "name": "«Алтын Сынама» зертханасы ЖШС",
        "bin": complete("15034000123"),
        "address": "Алматы қ., Абай даңғылы, 52",
        "accreditation_number": "KZ.T.02.1234",
        "scope": [
            ExpertiseKind.METAL_ASSAY,
            ExpertiseKind.GEM_IDENTIFICATION,
            ExpertiseKind.HALLMARK_VERIFICATION,
        ],
    },
    {
        "short_code": "AST",
        "name": "ТОО «Астанинская пробирная лаборатория»",
        "bin": complete("18114000456"),
        "address": "г. Астана, ул. Кенесары, 40",
        "accreditation_number": "KZ.T.01.0987",
        "scope": [ExpertiseKind.METAL_ASSAY, ExpertiseKind.RAW_GOODS_CONTENT],
    },
]

USERS = [
    ("tech.alm", "Айгүл", "Сәрсенова", Role.TECHNICIAN, "ALM", None),
    ("tech2.alm", "Нұрлан", "Омаров", Role.TECHNICIAN, "ALM", None),
    ("head.alm", "Ерлан", "Жақсыбеков", Role.MANAGER, "ALM", None),
    ("admin.alm", "Дана", "Ахметова", Role.ORG_ADMIN, "ALM", None),
    ("tech.ast", "Дмитрий", "Ковалёв", Role.TECHNICIAN, "AST", None),
    ("head.ast", "Ольга", "Петрова", Role.MANAGER, "AST", None),
    ("applicant.altyn", "Сәуле", "Бекова", Role.APPLICANT, None, "altyn"),
    ("applicant.ivanov", "Сергей", "Иванов", Role.APPLICANT, None, "ivanov"),
    ("control.officer", "Арман", "Тұрсынов", Role.CONTROL_OFFICER, None, None),
]

APPLICANTS = {
    "altyn": (
        ApplicantKind.LEGAL_ENTITY,
        "ТОО «Алтын Әлем Зергер»",
        complete("09044000777"),
        "altyn@example.kz",
    ),
    "ivanov": (
        ApplicantKind.INDIVIDUAL,
        "Иванов Сергей Петрович",
        complete("85031230012"),
        "ivanov@example.kz",
    ),
    "sapphire": (ApplicantKind.LEGAL_ENTITY, "ТОО «Sapphire Trade KZ»", complete("12074000321"), ""),
    "diamonds": (
        ApplicantKind.LEGAL_ENTITY,
        "ТОО «Qazaq Rough Diamonds»",
        complete("16054000555"),
        "rough@example.kz",
    ),
    "nbk": (
        ApplicantKind.LEGAL_ENTITY,
        "Қазақстан Республикасының Ұлттық Банкі",
        complete("94124000002"),
        "",
    ),
}


def ring(description="Кольцо золотое", mass="3.250", fineness="585"):
    return ItemData(ItemCategory.JEWELRY, description, Decimal(mass), 1, Metal.GOLD, Decimal(fineness))


def create_people() -> tuple[dict, dict, dict]:
    """The demo's laboratories, applicants and people (by short code, key and username), without any work:
    the first step of the demo, also used by the benchmarks' scratch databases."""
    today = timezone.localdate()
    orgs = {
        data["short_code"]: Organization.objects.create(
            **data,
            accredited_from=date(today.year - 2, 1, 15),
            accredited_until=date(today.year + 3, 1, 14),
        )
        for data in ORGANIZATIONS
    }
    applicants = {
        key: Applicant.objects.create(kind=kind, name=name, identifier=identifier, email=email)
        for key, (kind, name, identifier, email) in APPLICANTS.items()
    }
    users = {}
    for username, first, last, role, org, applicant in USERS:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            organization=orgs.get(org),
            applicant=applicants.get(applicant),
            email=f"{username}@synama.example.kz",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return orgs, applicants, users


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print a login for each role."

    def handle(self, *args, **options):
        if Organization.objects.filter(short_code="ALM").exists():
            self.stdout.write("Demo data already present.")
        else:
            # A command's background threads would die with it: make the demo's PDFs before returning.
            with override_settings(EAGER_TASKS_IN_THREAD=False):
                self.create()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.print_logins()

    @transaction.atomic
    def create(self):
        orgs, applicants, users = create_people()
        admin = User(
            username="admin", first_name="Synama", last_name="Admin", is_staff=True, is_superuser=True
        )
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        # Sample LBMA Gold Price AM and KZT/USD rates (Jan-Feb 2026) for investment-gold coins.
        for kind, name in (("prices", "sample_lbma_gold_am.csv"), ("rates", "sample_kzt_usd.csv")):
            path = MARKET_SAMPLES / name
            market_data_upload(actor=admin, kind=kind, file_name=name, content=path.read_bytes())
        # Eight weeks of finished work first, so the lab numbers follow the order of registration.
        dashboard_demo.seed(organizations=orgs, users=users, applicants=applicants)
        self.create_applications(users, applicants)
        hallmarks_demo.seed(organizations=orgs, users=users)
        instruments_demo.seed(
            organization=orgs["ALM"],
            head=users["head.alm"],
            technician=users["tech.alm"],
            applicant=applicants["altyn"],
        )

    def create_applications(self, users, applicants):
        now = timezone.now()
        tech, tech2, head = users["tech.alm"], users["tech2.alm"], users["head.alm"]

        def assay(actor, verifier, item, method, raw):
            """A result from raw measurements through the real engine; verified by a colleague if given."""
            result = result_record(
                actor=actor, item=item, method=method, metal=item.declared_metal, raw=clean_raw(method, raw)
            )
            if verifier is not None:
                result_verify(actor=verifier, result=result)

        def register(actor, applicant, purpose, items, days_ago):
            return application_register(
                actor=actor,
                applicant=applicants[applicant],
                purpose=purpose,
                items=items,
                received_at=now - timedelta(days=days_ago, hours=2),
            )

        # Received, nothing tested yet.
        register(
            tech,
            "altyn",
            Purpose.DOMESTIC_HALLMARKING,
            [ring(), ring("Серьги золотые", "4.120", "585"), ring("Цепь золотая", "12.800", "750")],
            0,
        )
        # Received: one of each kind of metal article, for trying the worksheet from raw measurements.
        register(
            tech,
            "altyn",
            Purpose.EXPORT,
            [
                ring("Кольцо золотое", "3.250", "585"),
                ItemData(
                    ItemCategory.JEWELRY,
                    "Ложка серебряная",
                    Decimal("38.400"),
                    1,
                    Metal.SILVER,
                    Decimal("925"),
                ),
                ItemData(
                    ItemCategory.BAR,
                    "Слиток золотой 50 г",
                    Decimal("50.010"),
                    1,
                    Metal.GOLD,
                    Decimal("999.9"),
                ),
                ItemData(
                    ItemCategory.COIN,
                    "Монета «Сункар» 1/4 oz",
                    Decimal("7.780"),
                    1,
                    Metal.GOLD,
                    Decimal("999.9"),
                ),
            ],
            0,
        )
        # In testing: one of two items has its result.
        partial = register(
            tech,
            "ivanov",
            Purpose.VOLUNTARY,
            [
                ring("Обручальное кольцо", "5.010", "585"),
                ItemData(
                    ItemCategory.JEWELRY,
                    "Ложка серебряная",
                    Decimal("42.300"),
                    1,
                    Metal.SILVER,
                    Decimal("925"),
                ),
            ],
            2,
        )
        first = partial.items.order_by("sequence").first()
        assay(tech, None, first, Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.6")))
        # Results ready, waiting for the head of laboratory.
        ready = register(tech, "altyn", Purpose.EXPORT, [ring("Браслет золотой", "18.450", "750")], 3)
        for item in ready.items.all():
            assay(tech, tech2, item, Method.FIRE_ASSAY, samples.fire_assay(Decimal("750.4")))
        # Its conclusion is drafted: the head of laboratory reviews, signs and issues it.
        conclusion_prepare(actor=tech, application=ready)
        # In review (received six days ago, so due about now): a conclusion reviewed by a second technician
        # awaits the head's signature.
        in_review = register(
            tech, "altyn", Purpose.DOMESTIC_HALLMARKING, [ring("Серьги золотые", "3.120", "585")], 6
        )
        for item in in_review.items.all():
            assay(tech, tech2, item, Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.6")))
        conclusion_review(actor=tech2, conclusion=conclusion_prepare(actor=tech, application=in_review))
        # Issued: conclusion with PDF.
        done = register(
            tech,
            "altyn",
            Purpose.EXPORT,
            [
                ring("Кольцо с бриллиантом", "4.870", "750"),
                ItemData(
                    ItemCategory.BAR,
                    "Слиток золотой 100 г",
                    Decimal("100.020"),
                    1,
                    Metal.GOLD,
                    Decimal("999.9"),
                ),
            ],
            6,
        )
        ring_item, bar_item = done.items.order_by("sequence")
        assay(tech, tech2, ring_item, Method.FIRE_ASSAY, samples.fire_assay(Decimal("751.2")))
        assay(tech2, tech, bar_item, Method.ICP_BY_DIFFERENCE, samples.by_difference(Decimal("999.94")))
        issue_conclusion(done, preparer=tech, reviewer=tech2, signer=head)
        # Stones for import: a ruby and a synthetic moissanite identified, a pearl awaiting its decision;
        # received ten days ago, it shows as overdue.
        gems_demo.seed(
            actor=tech, application=register(tech, "sapphire", Purpose.IMPORT, gems_demo.ITEMS, 10)
        )
        # Withdrawn.
        withdrawn = register(tech, "ivanov", Purpose.VOLUNTARY, [ring("Кулон золотой", "2.300", "585")], 4)
        application_withdraw(actor=tech, application=withdrawn, reason="Заявитель отозвал заявку")
        # Second organization: an import in testing and an issued one.
        tech_ast, head_ast = users["tech.ast"], users["head.ast"]
        register(
            tech_ast,
            "sapphire",
            Purpose.IMPORT,
            [
                ItemData(
                    ItemCategory.JEWELRY,
                    "Колье платиновое",
                    Decimal("21.700"),
                    1,
                    Metal.PLATINUM,
                    Decimal("950"),
                )
            ],
            1,
        )
        issued_ast = register(
            tech_ast,
            "ivanov",
            Purpose.VOLUNTARY,
            [
                ItemData(
                    ItemCategory.COIN,
                    "Монета «Барыс» 1 oz",
                    Decimal("31.110"),
                    1,
                    Metal.GOLD,
                    Decimal("999.9"),
                )
            ],
            5,
        )
        for item in issued_ast.items.all():
            assay(
                tech_ast, head_ast, item, Method.ICP_BY_DIFFERENCE, samples.by_difference(Decimal("999.93"))
            )
        issue_conclusion(issued_ast, preparer=tech_ast, reviewer=head_ast, signer=head_ast)
        # ... and amended: the original stays on record, superseded.
        issue_conclusion(
            issued_ast,
            preparer=tech_ast,
            reviewer=head_ast,
            signer=head_ast,
            amendment_reason="Уточнено описание монеты по паспорту изделия",
        )
        self.create_control_cases(users, applicants, register, assay)

    def create_control_cases(self, users, applicants, register, assay):
        """State control: a jewelry import and a rough-diamond export waiting for the officer, an import
        refused for an expired KP certificate, released lots for the statistics, a traveller's jewelry."""
        tech, tech2, head = users["tech.alm"], users["tech2.alm"], users["head.alm"]
        jewelry_import = register(
            tech,
            "altyn",
            Purpose.IMPORT,
            [ring("Кольцо золотое 750, Италия", "4.100", "750") for _ in range(3)],
            2,
        )
        for item in jewelry_import.items.all():
            assay(tech, tech2, item, Method.FIRE_ASSAY, samples.fire_assay(Decimal("750.6")))
        jewelry_import.refresh_from_db()
        cast = control_demo.Cast(officer=users["control.officer"], technician=tech, reviewer=tech2, head=head)
        cases = control_demo.seed(
            cast=cast,
            jeweller=applicants["altyn"],
            diamonds=applicants["diamonds"],
            tested_jewelry_import=jewelry_import,
        )
        with translation.override("ru"):  # the officer's record, in the officer's language
            reasons = control_services.receive_blockers(cases["expired_import"], timezone.localdate())
        control_services.act_refuse(
            actor=cast.officer, case=cases["expired_import"], reason="\n".join(reasons)
        )
        # A traveller's own jewelry: the officer records that state control does not apply (R12).
        control_services.case_open(
            actor=cast.officer,
            applicant=applicants["ivanov"],
            direction="import",
            category="jewelry",
            hs_code="7113.19",
            partner_country="TR",
            description="Личные украшения: цепочка и кольцо золотые",
            quantity=2,
            unit="pcs",
            value=Decimal("2400.00"),
            customs_post="Алматы, «Аэропорт»",
        )

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        rows = [("admin", "system administrator (Django admin)", "")]
        rows += [(u[0], str(u[3].label), u[4] or "") for u in USERS]
        for username, role, org in rows:
            self.stdout.write(f"  {username:<18} {role:<28} {org}")
        files = [path for path in sorted(instruments_demo.demo_dir().glob("*")) if path.is_file()]
        if files:
            self.stdout.write("Instrument files to upload (Instruments → Result files, or the worksheet):")
            for path in files:
                self.stdout.write(f"  {path}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in.")
