"""Demo data for state control, made through the real services (so the audit trail is real): a jewelry
import and a rough-diamond export ready for the control officer, a rough-diamond import whose KP
certificate has expired (R7), and released lots of this quarter for the KP statistics."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from lims.conclusions.demo import issue_conclusion
from lims.control import services
from lims.control.countries import MIXED
from lims.control.models import Direction, DocumentKind, GoodsCategory, QuantityUnit, SealState
from lims.gems.models import GemConstant
from lims.gems.services import Decision, evidence_add, stone_decide, stone_record
from lims.intake.models import ItemCategory, Purpose
from lims.intake.services import ItemData, application_register

D = Decimal
PDF = b"%PDF-1.4\n% demo document\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def rough_diamond_application(*, technician, applicant, purpose: str, masses_g: list[Decimal]):
    """An application of rough diamonds, each identified as a natural diamond with its evidence (the
    gem rules refuse "natural diamond" without it), so its conclusion can be issued."""
    application = application_register(
        actor=technician,
        applicant=applicant,
        purpose=purpose,
        items=[
            ItemData(ItemCategory.ROUGH_DIAMOND, f"Алмаз необработанный, октаэдр, партия {n}", mass)
            for n, mass in enumerate(masses_g, start=1)
        ],
    )
    diamond = GemConstant.objects.get(code="diamond")
    for item in application.items.order_by("sequence"):
        stone = stone_record(
            actor=technician,
            item=item,
            data={
                "mass_g": D(item.gross_mass_g).quantize(D("0.0001")),
                "shape": "октаэдр",
                "colour": "бесцветный",
                "transparency": "transparent",
                "ri_over_limit": True,
                "optic_character": "isotropic",
                "sg": D("3.52"),
            },
        )
        evidence_add(
            actor=technician,
            stone=stone,
            kind="spectroscopy",
            file=ContentFile(b"cm-1,absorbance\n1282,0.40\n1175,0.22\n", name=f"{item.lab_number}-ftir.csv"),
            note="FTIR: тип Ia, азот в агрегатах A и B — природный",
        )
        stone_decide(actor=technician, stone=stone, choice=Decision(diamond, "natural"))
    application.refresh_from_db()
    return application


@dataclass
class Cast:
    officer: object
    technician: object
    reviewer: object
    head: object


def _document(case, officer, kind, name, **fields):
    return services.document_add(
        actor=officer, case=case, kind=kind, file=ContentFile(PDF, name=name), **fields
    )


def seed(*, cast: Cast, jeweller, diamonds, tested_jewelry_import) -> dict:
    """`tested_jewelry_import`: an import application of jewelry with every item tested; `jeweller` its
    applicant; `diamonds` the rough-diamond trader. Returns the cases by name."""
    officer, today = cast.officer, timezone.localdate()
    people = {"preparer": cast.technician, "reviewer": cast.reviewer, "signer": cast.head}
    for applicant in (jeweller, diamonds):
        services.registration_record(
            actor=officer,
            applicant=applicant,
            number=f"SR-{applicant.identifier[-6:]}",
            issued_on=today - timedelta(days=400),
        )
    cases = {}

    # A jewelry import from Italy: contract in Italian; the officer still needs the certified translation.
    conclusion = issue_conclusion(tested_jewelry_import, **people)
    pieces = sum(item.quantity for item in tested_jewelry_import.items.all())
    case = services.case_open(
        actor=officer,
        applicant=jeweller,
        direction=Direction.IMPORT,
        category=GoodsCategory.JEWELRY,
        hs_code="7113.19",
        partner_country="IT",
        description="Кольца и серьги из золота 750 пробы",
        quantity=pieces,
        unit=QuantityUnit.PIECES,
        value=D("18400.00"),
        customs_post="Алматы, «Аэропорт»",
    )
    _document(
        case, officer, DocumentKind.CONTRACT, "contratto-2026-117.pdf", reference="117/2026", language="other"
    )
    services.conclusion_attach(actor=officer, case=case, conclusion=conclusion)
    cases["jewelry_import"] = case

    # A rough-diamond export to Belgium, documents received: the act (and Kazakhstan's KP certificate) is due.
    export = rough_diamond_application(
        technician=cast.technician,
        applicant=diamonds,
        purpose=Purpose.EXPORT,
        masses_g=[D("24.100"), D("10.050")],
    )
    conclusion = issue_conclusion(export, **people)
    case = services.case_open(
        actor=officer,
        applicant=diamonds,
        direction=Direction.EXPORT,
        category=GoodsCategory.ROUGH_DIAMONDS,
        hs_code="7102.31",
        partner_country="BE",
        description="Алмазы необработанные, ювелирные",
        quantity=D("170.75"),
        unit=QuantityUnit.CARATS,
        value=D("212500.00"),
        customs_post="Астана, «Аэропорт»",
    )
    _document(
        case, officer, DocumentKind.CONTRACT, "contract-KZ-BE-044.pdf", reference="044/2026", language="ru"
    )
    services.conclusion_attach(actor=officer, case=case, conclusion=conclusion)
    services.certificate_record(
        actor=officer,
        case=case,
        origin="KZ",
        exporter=diamonds.name,
        importer="Antwerp Rough Trading BV, Hoveniersstraat 30, Antwerpen",
        parcels=2,
        lines=[("7102.31", D("170.75"), D("212500.00"))],
    )
    services.seal_record(actor=officer, case=case, number="KZ-S-000871", state=SealState.INTACT)
    services.case_receive_documents(actor=officer, case=case)
    cases["diamond_export"] = case

    # A rough-diamond import from Botswana whose KP certificate expired last week (R7: refused).
    case = services.case_open(
        actor=officer,
        applicant=diamonds,
        direction=Direction.IMPORT,
        category=GoodsCategory.ROUGH_DIAMONDS,
        hs_code="7102.10",
        partner_country="BW",
        description="Алмазы необработанные, несортированные",
        quantity=D("58.20"),
        unit=QuantityUnit.CARATS,
        value=D("41000.00"),
    )
    _document(
        case, officer, DocumentKind.CONTRACT, "contract-BW-2026-09.pdf", reference="BW-09", language="other"
    )
    services.certificate_record(
        actor=officer,
        case=case,
        number="BW 0412283",
        issuing_country="BW",
        issuing_authority="Government Diamond Valuator, Ministry of Minerals",
        authority_email="kp@example.bw",
        issued_on=today - timedelta(days=50),
        expires_on=today - timedelta(days=7),
        origin="BW",
        exporter="Okavango Diamond Company, Gaborone",
        importer=diamonds.name,
        parcels=1,
        lines=[("7102.10", D("58.20"), D("41000.00"))],
    )
    services.seal_record(actor=officer, case=case, number="BW-112233", state=SealState.INTACT)
    cases["expired_import"] = case

    # Lots released this quarter, for the KP statistics.
    for name, direction, partner, hs_code, masses, usd in (
        ("released_import_ae", Direction.IMPORT, "AE", "7102.10", [D("12.000"), D("8.500")], D("61500.00")),
        ("released_export_in", Direction.EXPORT, "IN", "7102.21", [D("40.000")], D("18000.00")),
    ):
        cases[name] = released_diamond_case(
            cast=cast,
            applicant=diamonds,
            direction=direction,
            partner=partner,
            hs_code=hs_code,
            masses_g=masses,
            usd=usd,
        )
    return cases


def released_diamond_case(*, cast: Cast, applicant, direction, partner, hs_code, masses_g, usd):
    """A rough-diamond lot taken from its documents to the act, through every service."""
    officer, today = cast.officer, timezone.localdate()
    purpose = Purpose.IMPORT if direction == Direction.IMPORT else Purpose.EXPORT
    application = rough_diamond_application(
        technician=cast.technician, applicant=applicant, purpose=purpose, masses_g=masses_g
    )
    conclusion = issue_conclusion(
        application, preparer=cast.technician, reviewer=cast.reviewer, signer=cast.head
    )
    carats = sum(masses_g, D(0)) * 5
    case = services.case_open(
        actor=officer,
        applicant=applicant,
        direction=direction,
        category=GoodsCategory.ROUGH_DIAMONDS,
        hs_code=hs_code,
        partner_country=partner,
        description="Алмазы необработанные",
        quantity=carats,
        unit=QuantityUnit.CARATS,
        value=usd,
    )
    _document(
        case,
        officer,
        DocumentKind.CONTRACT,
        f"contract-{partner}.pdf",
        reference=f"{partner}-1",
        language="ru",
    )
    services.conclusion_attach(actor=officer, case=case, conclusion=conclusion)
    if direction == Direction.IMPORT:
        services.certificate_record(
            actor=officer,
            case=case,
            number=f"{partner} {case.pk:07d}",
            issuing_country=partner,
            issuing_authority="Kimberley Process Office",
            authority_email=f"kp@example.{partner.lower()}",
            issued_on=today - timedelta(days=10),
            expires_on=today + timedelta(days=50),
            origin=MIXED,
            exporter=f"Rough Exports ({partner})",
            importer=applicant.name,
            parcels=len(masses_g),
            lines=[(hs_code, carats, usd)],
        )
    else:
        services.certificate_record(
            actor=officer,
            case=case,
            origin="KZ",
            exporter=applicant.name,
            importer=f"Rough Imports ({partner})",
            parcels=len(masses_g),
            lines=[(hs_code, carats, usd)],
        )
    services.seal_record(actor=officer, case=case, number=f"S-{case.pk:06d}", state=SealState.INTACT)
    services.case_receive_documents(actor=officer, case=case)
    return services.act_issue(actor=officer, case=case)
