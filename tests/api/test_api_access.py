"""Every REST API endpoint × every role of the cast (and anonymous): who may read or do what, generated from
the URL configuration so that a new endpoint cannot escape the matrix (a route or method without a row in
MATRIX, or a reason in EXEMPT, fails the first test by name).

The world belongs to ALM and to Pavel: ALM's staff (Alice, Bob, Olga) and Pavel are its own people, AST's
(Dave, Erin) and Quinn are the others, Victor is the control officer. A record outside the user's scope is
404, answered exactly like a record that does not exist; a role that may not act is 403; anonymous callers
get 401. Users call with their API token (an instrument's key only opens the instrument uploads). Actions
are posted with an empty or minimal body: a 400 shows that the role check and the scoping let the caller
through to the validation, and a body naming ALM's record makes the others' scoping answer (404).

The world is built once for the module, inside a transaction rolled back after its last test, and every
test runs in a savepoint of its own (pytest-django's per-test transaction), so each test sees it unchanged:
built per test (0.7 s), the ~800 cases would take ten minutes.
"""

from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from instruments import services as instrument_services
from instruments.models import InstrumentType
from instruments.samples import xrf_csv
from instruments.services.quality import ReferenceMaterialData
from lims import celery_app
from lims.accounts.models import Role
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import CoinOrBar, Method
from lims.assay.services import BarData, investment_assess, result_record, result_verify
from lims.control.services import certificate_record
from lims.core.choices import ExpertiseKind, Metal
from lims.gems.services import stone_record
from lims.hallmarks.services import hallmark_check_record, hallmarking_record
from lims.intake.models import ItemCategory
from lims.intake.services import ItemData, application_register
from lims.rawgoods.services import content_record
from tests.factories import (
    PASSWORD,
    ApplicantFactory,
    OrganizationFactory,
    UserFactory,
    jewelry,
    make_tested_application,
    open_case,
    record_verified,
    register_special,
)
from tests.hallmarks.conftest import assay_mark, observation, register_name_mark
from tests.instruments.conftest import as_upload, register
from tests.rawgoods.conftest import dore_bar, entries

ROLES = ["alice", "bob", "olga", "dave", "erin", "pavel", "quinn", "victor"]
EVERYONE = [*ROLES, "anonymous"]

# --- The world ----------------------------------------------------------------------------------------------


def _reference_data():
    """The reference data the migrations load (emptied by a transactional test's flush earlier in a run)."""
    from django.apps import apps

    from lims.assay.models import MethodSetting
    from lims.assay.reference import load_reference_data
    from lims.core.fixtures import load_rows
    from lims.gems.models import GemConstant
    from lims.gems.reference import AMBER_FIXTURE, FIXTURE

    if not MethodSetting.objects.exists():
        load_reference_data(apps)
    if not GemConstant.objects.exists():
        load_rows(apps, FIXTURE, AMBER_FIXTURE)


def _cast() -> dict:
    """The cast of tests/conftest.py (the same names, roles and organizations)."""
    alm = OrganizationFactory(name="Almaty Assay Laboratory", short_code="ALM")
    alm.scope = [*alm.scope, ExpertiseKind.HALLMARK_VERIFICATION]
    alm.save(update_fields=["scope"])
    ast = OrganizationFactory(name="Astana Assay Laboratory", short_code="AST")
    pavel_co = ApplicantFactory(name="Pavel Zerger LLP")
    quinn_co = ApplicantFactory(name="Quinn Gold LLP")
    users = {
        "alice": UserFactory(username="alice", role=Role.TECHNICIAN, organization=alm),
        "carol": UserFactory(username="carol", role=Role.TECHNICIAN, organization=alm),
        "bob": UserFactory(username="bob", role=Role.MANAGER, organization=alm),
        "olga": UserFactory(username="olga", role=Role.ORG_ADMIN, organization=alm),
        "dave": UserFactory(username="dave", role=Role.TECHNICIAN, organization=ast),
        "erin": UserFactory(username="erin", role=Role.MANAGER, organization=ast),
        "pavel": UserFactory(username="pavel", role=Role.APPLICANT, applicant=pavel_co),
        "quinn": UserFactory(username="quinn", role=Role.APPLICANT, applicant=quinn_co),
        "victor": UserFactory(username="victor", role=Role.CONTROL_OFFICER),
    }
    return {"alm": alm, "ast": ast, "pavel_co": pavel_co, "quinn_co": quinn_co, "users": users}


def _build() -> dict:
    cast = _cast()
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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once and rolled back after the module's last test (each test in its savepoint)."""
    base = tmp_path_factory.mktemp("api-access")
    eager = celery_app.conf.task_always_eager
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(
            override_settings(
                MEDIA_ROOT=base / "media",
                VAR_DIR=base / "var",
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                EAGER_TASKS_IN_THREAD=False,
            )
        )
        stack.enter_context(translation.override("en"))
        stack.callback(setattr, celery_app.conf, "task_always_eager", eager)
        celery_app.conf.task_always_eager = True
        stack.enter_context(transaction.atomic())
        _reference_data()
        built = _build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def api(db, world):
    cache.clear()  # the public lookups' rate limit
    return APIClient(headers={"accept-language": "en"})


def as_role(api, world, role):
    if role != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Token {world['tokens'][role]}")
    return api


# --- Bodies -------------------------------------------------------------------------------------------------

INVESTMENT_BAR = {
    "kind": CoinOrBar.MEASURED_BAR,
    "refined": True,
    "made_to_standard": True,
    "markings": frozenset({"metal_name", "producer_trademark", "purity", "mass"}),
}


def empty(w):
    return {}


def fire_assay_without_raw(w):
    return {"item": w["item"].pk, "method": Method.FIRE_ASSAY, "raw": {}}


def bar_assessment(w):
    return {**INVESTMENT_BAR, "item": w["bar"].pk, "markings": sorted(INVESTMENT_BAR["markings"])}


def gold_content(w):
    return {"item": w["raw_goods"].pk, "entries": [{"element": "Au", "unit": "%", "value": "88.4512"}]}


def hallmark_check(w):
    return {
        "item": w["item"].pk,
        "assay_mark_presence": "absent",
        "name_mark_presence": "absent",
    }


def hallmarking(w):
    return {"items": [w["item"].pk], "assay_mark": w["assay_mark"].pk, "method": "laser"}


def qc_check(w):
    return {"instrument": w["instrument"].pk, "certified_value": w["certified_value"].pk, "measured": "585.2"}


def xrf_file(w):
    content = xrf_csv([("ALM-2026-999998", "Au", Decimal("585"))])
    return {"instrument": w["instrument"].pk, "file": as_upload(content)}


def ring_stone(w):
    return {"item": w["item"].pk}


# --- Expectations -------------------------------------------------------------------------------------------

ALL_200 = dict.fromkeys(ROLES, 200)
ALM_STAFF = ("alice", "bob", "olga")
# A record of ALM's application for Pavel: ALM's staff and Pavel; everybody else does not see it (404).
OWN_READERS = {**dict.fromkeys(ROLES, 404), "alice": 200, "bob": 200, "olga": 200, "pavel": 200}
# Laboratory work not shown to applicants (stones, hallmark checks, hallmarked articles): ALM's staff only.
LAB_READERS = {**OWN_READERS, "pavel": 404}
# Staff of every laboratory and the control officer read both mark registries; applicants get 403.
REGISTRY_READERS = {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200, "victor": 200}
# The instrument register and its files: laboratory staff only (403 for others), each their own (404).
LAB_STAFF = {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200}
LAB_STAFF_RECORD = {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404}
# A control case: the control officers and its applicant; nobody else sees it (404).
CASE_READERS = {**dict.fromkeys(ROLES, 404), "pavel": 200, "victor": 200}
# A control officer's step with an empty body (refused by validation or by the checklist); everybody else
# may not act at all (403, before the case is looked up).
OFFICER_STEP = {"victor": 400}
# Bench work on ALM's item (technicians, the head standing in): AST's bench does not find the item (404).
BENCH = {"alice": 400, "bob": 400, "dave": 404, "erin": 404}
# The name-mark registrars: heads of laboratory and organization administrators.
REGISTRARS = {"bob": 400, "olga": 400, "erin": 400}
# Only an instrument's key opens the instrument uploads: a user's token is not one (401).
KEY_ONLY = dict.fromkeys(ROLES, 401)


@dataclass(frozen=True)
class Row:
    name: str  # the URL name
    method: str
    expected: dict  # role → status; a role not named gets 403, anonymous always 401
    target: str | None = None  # the world's record whose pk the URL takes
    body: Any = None  # world → request body
    fmt: str = "json"

    @property
    def id(self) -> str:
        return f"{self.method.upper()}:{self.name}"

    def status_for(self, role) -> int:
        return 401 if role == "anonymous" else self.expected.get(role, 403)


MATRIX = [
    Row("api-root", "get", ALL_200),
    # Applications, items and results: ALM's staff their organization's, applicants their own.
    Row("application-list", "get", ALL_200),
    Row("application-list", "post", {"alice": 400, "bob": 400, "dave": 400, "erin": 400}, body=empty),
    Row("application-detail", "get", OWN_READERS, target="app"),
    Row("item-list", "get", ALL_200),
    Row("item-detail", "get", OWN_READERS, target="item"),
    Row("result-list", "get", ALL_200),
    Row("result-list", "post", BENCH, body=fire_assay_without_raw),
    Row("result-preview", "post", BENCH, body=fire_assay_without_raw),
    Row("result-detail", "get", OWN_READERS, target="result"),
    # Alice entered the result: she may not verify it (four eyes); Bob does.
    Row(
        "result-verify",
        "post",
        {**OWN_READERS, "alice": 403, "bob": 200, "olga": 403, "pavel": 403},
        target="entered",
    ),
    Row(
        "result-invalidate",
        "post",
        {**OWN_READERS, "olga": 403, "pavel": 403},
        target="result",
        body=lambda w: {"reason": "matrix"},
    ),
    Row("investment-assessment-list", "get", ALL_200),
    Row(
        "investment-assessment-list",
        "post",
        {"alice": 201, "bob": 201, "dave": 404, "erin": 404},
        body=bar_assessment,
    ),
    Row("investment-assessment-detail", "get", OWN_READERS, target="assessment"),
    Row("metal-content-list", "get", ALL_200),
    Row(
        "metal-content-record",
        "post",
        {"alice": 200, "bob": 200, "dave": 404, "erin": 404},
        body=gold_content,
    ),
    Row("metal-content-detail", "get", OWN_READERS, target="content"),
    # Registries, hallmark checks and hallmarking.
    Row("name-mark-list", "get", REGISTRY_READERS),
    Row("name-mark-list", "post", REGISTRARS, body=empty),
    Row("name-mark-detail", "get", REGISTRY_READERS, target="name_mark"),
    Row("assay-mark-list", "get", REGISTRY_READERS),
    Row("assay-mark-detail", "get", REGISTRY_READERS, target="assay_mark"),
    Row("hallmark-check-list", "get", ALL_200),
    Row("hallmark-check-list", "post", {**BENCH, "alice": 201, "bob": 201}, body=hallmark_check),
    Row("hallmark-check-detail", "get", LAB_READERS, target="check"),
    Row("hallmarked-article-list", "get", ALL_200),
    # The ring is hallmarked already: refused for ALM's bench (400), not found at AST's.
    Row("hallmarked-article-hallmark", "post", BENCH, body=hallmarking),
    Row("hallmarked-article-detail", "get", LAB_READERS, target="article"),
    # Stones.
    Row("stone-list", "get", ALL_200),
    Row("stone-list", "post", {**BENCH, "alice": 201, "bob": 201}, body=ring_stone),
    Row("stone-detail", "get", LAB_READERS, target="stone"),
    Row("stone-measure", "post", {**BENCH, "alice": 200, "bob": 200}, target="stone", body=empty),
    Row("stone-evidence", "post", BENCH, target="stone", body=empty),
    Row("stone-decide", "post", BENCH, target="stone", body=empty),
    # State control: laboratories list no case (200, empty) and find none (404).
    Row("control-case-list", "get", ALL_200),
    Row("control-case-list", "post", OFFICER_STEP, body=empty),
    Row("control-case-detail", "get", CASE_READERS, target="case"),
    Row("control-case-kp-certificate", "get", CASE_READERS, target="case"),
    Row("control-case-kp-certificate", "post", OFFICER_STEP, target="case", body=empty),
    Row("control-case-documents", "post", OFFICER_STEP, target="case", body=empty, fmt="multipart"),
    Row("control-case-conclusion", "post", OFFICER_STEP, target="case", body=empty),
    Row("control-case-seals", "post", OFFICER_STEP, target="case", body=empty),
    Row("control-case-receive-documents", "post", OFFICER_STEP, target="case"),
    Row("control-case-issue-act", "post", OFFICER_STEP, target="case"),
    Row("control-case-refuse", "post", OFFICER_STEP, target="case", body=empty),
    Row("control-case-exempt", "post", OFFICER_STEP, target="case", body=empty),
    Row("special-registration-list", "get", {"victor": 200}),
    Row("special-registration-list", "post", OFFICER_STEP, body=empty),
    # Instruments: AST's staff name ALM's instrument in a body and are told it does not exist (400).
    Row("instrument-list", "get", LAB_STAFF),
    Row("instrument-detail", "get", LAB_STAFF_RECORD, target="instrument"),
    Row("qc-check-list", "get", LAB_STAFF),
    Row(
        "qc-check-list",
        "post",
        {"alice": 201, "bob": 201, "olga": 201, "dave": 400, "erin": 400},
        body=qc_check,
    ),
    Row("result-import-list", "get", LAB_STAFF),
    Row(
        "result-import-list",
        "post",
        {"alice": 202, "bob": 202, "dave": 400, "erin": 400},
        body=xrf_file,
        fmt="multipart",
    ),
    Row("result-import-detail", "get", LAB_STAFF_RECORD, target="import"),
    Row("result-import-rows", "get", LAB_STAFF_RECORD, target="import"),
    # Alice uploaded this file herself: only a file an instrument's PC posted waits to be recorded (400).
    Row(
        "result-import-record", "post", {"alice": 400, "bob": 400, "dave": 404, "erin": 404}, target="import"
    ),
    Row("api-instrument-upload", "post", KEY_ONLY, body=empty, fmt="multipart"),
    Row("api-instrument-upload-status", "get", KEY_ONLY, target="import"),
]

# Routes deliberately open to everyone, each with its reason; each has its own test below.
EXEMPT = {
    # Anyone exchanges a username and password for their token; a wrong password is a 400.
    "api-token": "the login of the API itself",
    # Anyone checks a hallmarked article's verification ID (Law: public verification; rate-limited per
    # address); it shows the metal, fineness, organization and date, never the applicant or people.
    "api-hallmark-verify": "public verification of a hallmark",
    # The OpenAPI description (drf-spectacular serves it to anyone by default): paths and fields, no record.
    "api-schema": "the API's description, no records",
}


MISSING_PK = 987654321


def _call(api, row: Row, world, *, pk=None, body=None):
    """The row's request; `pk` instead of the target's, `body` instead of the row's."""
    if row.target:
        url = reverse(row.name, args=[pk or world[row.target].pk])
    else:
        url = reverse(row.name)
    if row.method == "get":
        return api.get(url)
    if body is None:
        body = row.body(world) if row.body else None
    return getattr(api, row.method)(url, body, format=row.fmt)


# --- The routes ---------------------------------------------------------------------------------------------


HTTP_METHODS = ("get", "post", "put", "patch", "delete")  # HEAD and OPTIONS follow GET and the view


def _methods(view) -> set[str]:
    actions = getattr(view, "actions", None)  # a viewset's route: {"get": "list", "post": "create"}
    if actions:
        return set(actions) & set(HTTP_METHODS)
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return {method for method in HTTP_METHODS if hasattr(view_class, method)}


def api_routes() -> dict[str, set[str]]:
    """Every URL name under api/ with the methods it serves (a format-suffix twin counts once)."""
    routes: dict[str, set[str]] = {}

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/"):
                assert pattern.name, f"an API route without a name cannot be checked: {route}"
                routes.setdefault(pattern.name, set()).update(_methods(pattern.callback))

    walk(get_resolver().url_patterns, "")
    return routes


def test_every_api_route_has_a_row_or_a_reasoned_exemption():
    served = api_routes()
    in_matrix = {row.name for row in MATRIX}
    missing = sorted(set(served) - in_matrix - set(EXEMPT))
    assert not missing, f"API routes without a row in MATRIX or a reason in EXEMPT: {missing}"
    stale = sorted((in_matrix | set(EXEMPT)) - set(served))
    assert not stale, f"rows or exemptions of routes that no longer exist: {stale}"
    assert not in_matrix & set(EXEMPT), "a route is either in the matrix or exempt"
    rows = {(row.name, row.method) for row in MATRIX}
    unchecked = sorted(
        (name, method) for name, methods in served.items() if name in in_matrix for method in methods
    )
    unchecked = [pair for pair in unchecked if pair not in rows]
    assert not unchecked, f"methods served without a row in MATRIX: {unchecked}"
    assert len(rows) == len(MATRIX), "one row per route and method"
    assert all(role in ROLES for row in MATRIX for role in row.expected)


# --- The matrix ---------------------------------------------------------------------------------------------


def _matrix_params():
    for row in MATRIX:
        for role in EVERYONE:
            yield pytest.param(row, role, id=f"{row.id}-{role}")


@pytest.mark.parametrize(("row", "role"), list(_matrix_params()))
def test_access_matrix(api, world, row, role):
    response = _call(as_role(api, world, role), row, world)
    expected = row.status_for(role)
    assert response.status_code == expected, (
        f"{role} {row.method.upper()} {row.name}: {response.status_code}, expected {expected}: "
        f"{response.content[:300]!r}"
    )
    if expected == 404 and row.target:
        # Outside the user's scope is answered exactly like a record that does not exist.
        missing = _call(api, row, world, pk=MISSING_PK)
        assert (missing.status_code, missing.json()) == (404, response.json())


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["next"] is None, "the world fits in one page"
    return {row["id"] for row in body["results"]}


def _readers(expected: dict) -> set[str]:
    return {role for role, status in expected.items() if status == 200}


ALM_STAFF_READ = set(ALM_STAFF)
AST_AND_QUINN = {"dave", "erin", "quinn"}

# List route, a record of the world, who must find it listed; every other role listing the route must not.
LIST_SCOPE = [
    ("application-list", "app", _readers(OWN_READERS)),
    ("application-list", "ast_app", AST_AND_QUINN),
    ("item-list", "item", _readers(OWN_READERS)),
    ("result-list", "result", _readers(OWN_READERS)),
    ("result-list", "entered", _readers(OWN_READERS)),
    ("result-list", "ast_result", AST_AND_QUINN),
    ("investment-assessment-list", "assessment", _readers(OWN_READERS)),
    ("metal-content-list", "content", _readers(OWN_READERS)),
    ("name-mark-list", "name_mark", _readers(REGISTRY_READERS)),
    ("assay-mark-list", "assay_mark", _readers(REGISTRY_READERS)),
    ("hallmark-check-list", "check", ALM_STAFF_READ),
    ("hallmarked-article-list", "article", ALM_STAFF_READ),
    ("stone-list", "stone", ALM_STAFF_READ),
    ("control-case-list", "case", {"pavel", "victor"}),
    ("control-case-list", "quinn_case", {"quinn", "victor"}),
    ("special-registration-list", "registration", {"victor"}),
    ("instrument-list", "instrument", ALM_STAFF_READ),
    ("instrument-list", "ast_instrument", {"dave", "erin"}),
    ("qc-check-list", "qc_check", ALM_STAFF_READ),
    ("result-import-list", "import", ALM_STAFF_READ),
]


def _list_params():
    listing = {row.name: row for row in MATRIX if row.method == "get" and row.name.endswith("-list")}
    for name, key, readers in LIST_SCOPE:
        for role in ROLES:
            if listing[name].status_for(role) == 200:
                yield pytest.param(name, key, role in readers, role, id=f"{name}:{key}-{role}")


def test_every_list_route_is_checked_for_what_it_shows():
    lists = {name for name in api_routes() if name.endswith("-list")} - set(EXEMPT)
    assert lists == {name for name, _, _ in LIST_SCOPE}


@pytest.mark.parametrize(("name", "key", "listed", "role"), list(_list_params()))
def test_lists_show_only_what_the_role_may_see(api, world, name, key, listed, role):
    ids = _ids(as_role(api, world, role).get(reverse(name)))
    assert (world[key].pk in ids) == listed, f"{role} lists {name}: {key} {'missing' if listed else 'shown'}"


# --- Refusals come before validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "role"),
    [
        pytest.param(row, role, id=f"{row.id}-{role}")
        for row in MATRIX
        if row.method == "post" and row.body not in (None, empty)  # the matrix posted those empty already
        for role in ROLES
        if row.status_for(role) == 403
    ],
)
def test_a_refused_role_is_refused_before_its_body_is_read(api, world, row, role):
    """A role that may not act gets 403 whatever it sends: an empty body too."""
    response = _call(as_role(api, world, role), row, world, body={})
    assert response.status_code == 403, response.content[:300]


# --- Read-only records --------------------------------------------------------------------------------------


def _detail_params():
    for row in MATRIX:
        if row.name.endswith("-detail"):
            reader = next(role for role in ("bob", "victor") if row.status_for(role) == 200)
            yield pytest.param(row, reader, id=row.name)


def test_every_detail_route_is_checked_for_writes():
    assert {row.values[0].name for row in _detail_params()} == {
        name for name in api_routes() if name.endswith("-detail")
    }


@pytest.mark.parametrize(("row", "reader"), list(_detail_params()))
def test_records_are_not_changed_or_deleted_through_their_url(api, world, row, reader):
    client = as_role(api, world, reader)
    url = reverse(row.name, args=[world[row.target].pk])
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url, {}, format="json").status_code == 405, method


# --- Instrument keys ----------------------------------------------------------------------------------------


def as_key(api, world, key):
    api.credentials(HTTP_AUTHORIZATION=f"Instrument {world['keys'][key]}")
    return api


def xrf_upload(w):
    return {"file": as_upload(xrf_csv([("ALM-2026-999997", "Au", Decimal("585"))]))}


@pytest.mark.parametrize(
    ("key", "name", "method", "body", "expected"),
    [
        pytest.param("xrf_key", "api-instrument-upload", "post", xrf_upload, 202, id="xrf-posts-a-file"),
        pytest.param("xrf_key", "api-instrument-upload", "post", empty, 400, id="xrf-posts-nothing"),
        pytest.param("xrf_key", "api-instrument-upload-status", "get", None, 200, id="xrf-follows-its-file"),
        pytest.param("ast_key", "api-instrument-upload-status", "get", None, 404, id="ast-follows-alms-file"),
    ],
)
def test_instrument_keys(api, world, key, name, method, body, expected):
    row = Row(name, method, {}, target="import" if method == "get" else None, body=body, fmt="multipart")
    response = _call(as_key(api, world, key), row, world)
    assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize(
    "row",
    [pytest.param(row, id=row.id) for row in MATRIX if not row.name.startswith("api-instrument-upload")],
)
def test_an_instrument_key_reaches_nothing_else(api, world, row):
    assert _call(as_key(api, world, "xrf_key"), row, world).status_code == 401


# --- The exempt routes --------------------------------------------------------------------------------------


def test_the_token_endpoint_gives_a_token_for_the_right_password_only(api, world):
    url = reverse("api-token")
    response = api.post(url, {"username": "pavel", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and response.json() == {"token": world["tokens"]["pavel"]}
    assert api.post(url, {"username": "pavel", "password": "wrong"}, format="json").status_code == 400
    assert api.get(url).status_code == 405


def test_the_hallmark_lookup_is_public_and_names_no_one(api, world):
    article = world["article"]
    response = api.get(reverse("api-hallmark-verify", args=[article.verification_id]))
    assert response.status_code == 200 and response.json()["verification_id"] == article.display_id
    text = response.content.decode()
    for private in ("Pavel", "alice", world["item"].lab_number, world["app"].number):
        assert private not in text
    assert api.get(reverse("api-hallmark-verify", args=["ZZZZZZZZ"])).status_code == 404


def test_the_schema_is_public_and_holds_no_records(api, world):
    response = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200 and "/api/v1/applications/" in response.json()["paths"]
    assert "Pavel" not in response.content.decode()
