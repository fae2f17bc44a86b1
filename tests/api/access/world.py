"""The world of the API's tests over real records (tests/api/access/, tests/api/test_fuzz.py): ALM's
application for Pavel with every kind of record the API shows, AST's own work for Quinn, the instrument
registers with their PCs' keys, and the state control's cases; built once per module (tests/worlds.py)."""

from datetime import timedelta
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone
from rest_framework.authtoken.models import Token

from instruments import services as instrument_services
from instruments.models import InstrumentType
from instruments.samples import xrf_csv
from instruments.services.quality import ReferenceMaterialData
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import BarData, investment_assess, result_record, result_verify
from lims.control.services import certificate_record
from lims.core.choices import Metal
from lims.gems.services import stone_record
from lims.hallmarks.services import hallmark_check_record, hallmarking_record
from lims.intake.models import ItemCategory
from lims.intake.services import ItemData, application_register
from lims.rawgoods.services import content_record
from tests.api.access.matrix import INVESTMENT_BAR
from tests.factories import (
    jewelry,
    make_tested_application,
    open_case,
    record_verified,
    register_special,
)
from tests.hallmarks.conftest import assay_mark, observation, register_name_mark
from tests.instruments.conftest import as_upload, register
from tests.rawgoods.conftest import dore_bar, entries
from tests.worlds import build_cast

# --- The world ----------------------------------------------------------------------------------------------


def build() -> dict:
    cast = build_cast(hallmarks=True)
    u = cast["users"]
    alice, carol, bob, victor = u["alice"], u["carol"], u["bob"], u["victor"]
    pavel_co, quinn_co = cast["pavel_co"], cast["quinn_co"]

    # ALM's application for Pavel: two rings, a bar and a Doré bar.
    bar = ItemData(ItemCategory.BAR, "Bar 50 g", Decimal("50.010"), 1, Metal.GOLD, Decimal("999.9"))
    app = application_register(
        actor=alice, applicant=pavel_co, purpose="export", items=[jewelry(), jewelry(), bar, dore_bar()]
    )
    ring, ring2, bar_item, raw_goods = app.items.order_by("sequence")
    result = record_verified(alice, ring, verifier=carol)
    entered = result_record(
        actor=alice,
        item=ring2,
        method=Method.FIRE_ASSAY,
        raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.4"))),
    )
    bar_result = result_record(
        actor=alice,
        item=bar_item,
        method=Method.ICP_BY_DIFFERENCE,
        metal=Metal.GOLD,
        raw=clean_raw(Method.ICP_BY_DIFFERENCE, samples.by_difference(Decimal("999.95"))),
    )
    result_verify(actor=carol, result=bar_result)
    assessment = investment_assess(actor=alice, item=bar_item, data=BarData(**INVESTMENT_BAR))
    (content, *_) = content_record(actor=alice, item=raw_goods, entries=entries(["Au", "Ag"]))
    gold_585 = assay_mark()
    name_mark = register_name_mark(bob)
    check = hallmark_check_record(actor=alice, item=ring, observation=observation())
    (article,) = hallmarking_record(actor=alice, items=[ring], assay_mark=gold_585, method="laser")
    stone = stone_record(actor=alice, item=ring, data={"ri_over_limit": True, "sg": Decimal("5.80")})

    # ALM's instrument register: an XRF with its PC's key, a reference material, a QC check and a file.
    xrf = register(bob, InstrumentType.XRF, serial="XRF-1")
    _, xrf_key = instrument_services.token_create(actor=bob, instrument=xrf, label="XRF PC")
    material = instrument_services.reference_material_register(
        actor=bob, data=ReferenceMaterialData(name="Au 585 CRM")
    )
    certified_value = instrument_services.certified_value_add(
        actor=bob, material=material, analyte="Au", unit="permille",
        value=Decimal("585.0"), uncertainty=Decimal("0.3"), tolerance=Decimal("0.6"),
    )  # fmt: skip
    qc_check = instrument_services.qc_check_record(
        actor=alice, instrument=xrf, certified_value=certified_value, measured=Decimal("585.2")
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        result_import = instrument_services.import_receive(
            actor=alice, instrument=xrf, file=as_upload(xrf_csv([("ALM-2026-999999", "Au", Decimal("585"))]))
        )

    # AST's own work (for Quinn) and instrument: what AST's staff and Quinn do see.
    ast_app = make_tested_application(u["dave"], quinn_co, verifier=u["erin"])
    ast_xrf = register(u["erin"], InstrumentType.XRF, serial="AST-XRF-1")
    _, ast_key = instrument_services.token_create(actor=u["erin"], instrument=ast_xrf, label="AST PC")

    # State control: Pavel's import of rough diamonds with the exporting state's KP certificate; Quinn's lot.
    today = timezone.localdate()
    case = open_case(
        victor,
        pavel_co,
        category="rough_diamonds",
        hs_code="7102.31",
        partner_country="BE",
        description="Rough diamonds",
        quantity=Decimal("10.00"),
        unit="ct",
        value=Decimal("11850.50"),
    )
    certificate_record(
        actor=victor,
        case=case,
        origin="BE",
        exporter="Antwerp Rough NV",
        importer="Pavel Zerger LLP",
        parcels=1,
        lines=[("7102.31", Decimal("10.00"), Decimal("11850.50"))],
        number="BE 0123456",
        issuing_country="BE",
        issuing_authority="FPS Economy, Diamond Office",
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=50),
    )
    quinn_case = open_case(victor, quinn_co)
    registration = register_special(victor, pavel_co)

    return {
        **cast,
        "tokens": {name: Token.objects.create(user=user).key for name, user in u.items()},
        "keys": {"xrf_key": xrf_key, "ast_key": ast_key},
        "app": app,
        "item": ring,
        "result": result,
        "entered": entered,
        "bar": bar_item,
        "assessment": assessment,
        "raw_goods": raw_goods,
        "content": content,
        "assay_mark": gold_585,
        "name_mark": name_mark,
        "check": check,
        "article": article,
        "stone": stone,
        "instrument": xrf,
        "certified_value": certified_value,
        "qc_check": qc_check,
        "import": result_import,
        "ast_app": ast_app,
        "ast_result": ast_app.items.get().results.get(),
        "ast_instrument": ast_xrf,
        "case": case,
        "quinn_case": quinn_case,
        "registration": registration,
    }
