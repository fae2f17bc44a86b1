"""Every page × every role of the cast: who may see or do what. Anonymous users are sent to log in."""

from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import URLResolver, get_resolver, reverse

from instruments.models import InstrumentType
from instruments.samples import xrf_csv
from instruments.services import import_receive, reference_material_register, token_create
from instruments.services.quality import ReferenceMaterialData
from lims.conclusions.models import Conclusion
from lims.conclusions.services import conclusion_prepare
from lims.control.models import DocumentKind
from lims.control.services import document_add
from lims.gems.services import stone_record
from lims.intake.models import ApplicationStatus, ItemCategory
from lims.intake.services import application_register
from lims.notifications.models import Delivery
from tests.factories import (
    issue,
    jewelry,
    make_application,
    make_tested_application,
    open_case,
    upload,
)
from tests.hallmarks.conftest import assay_mark, register_name_mark
from tests.instruments.conftest import as_upload, register
from tests.worlds import build_cast, module_world

ROLES = ["alice", "bob", "olga", "dave", "erin", "pavel", "quinn", "victor"]


def build_world(cast: dict, pavel_co) -> dict:
    """ALM has Pavel's application with results and an issued one; nobody else has anything."""
    capture = TestCase.captureOnCommitCallbacks  # built outside any test, so no test's fixture
    alice, bob = cast["alice"], cast["bob"]
    open_app = make_tested_application(alice, pavel_co)
    issued_app = make_tested_application(alice, pavel_co)
    with capture(execute=True):
        conclusion = issue(issued_app, preparer=alice, signer=bob)
    draft_app = make_tested_application(alice, pavel_co)
    draft = conclusion_prepare(actor=alice, application=draft_app)
    other = application_register(
        actor=alice,
        applicant=pavel_co,
        purpose="export",
        items=[jewelry("999.9", category=ItemCategory.COIN), jewelry(category=ItemCategory.RAW_GOODS)],
    )
    coin, raw_goods = other.items.order_by("sequence")
    item = open_app.items.get()
    insert = stone_record(actor=alice, item=item, data={"ri_over_limit": True, "sg": Decimal("5.80")})
    instrument = register(bob, InstrumentType.XRF, serial="XRF-1")
    with capture(execute=True):
        result_import = import_receive(
            actor=alice,
            instrument=instrument,
            file=as_upload(xrf_csv([(coin.lab_number, "Au", Decimal("999.9"))])),
        )
    material = reference_material_register(actor=bob, data=ReferenceMaterialData(name="Au 585 CRM"))
    case = open_case(cast["victor"], pavel_co)
    document = document_add(
        actor=cast["victor"], case=case, kind=DocumentKind.INTENT, file=upload("letter.pdf")
    )
    token, _key = token_create(actor=bob, instrument=instrument, label="XRF PC")
    return {
        "name_mark": register_name_mark(bob),
        "assay_mark": assay_mark(),
        "delivery": Delivery.objects.get(application=issued_app),
        "document": document,
        "token": token,
        "instrument": instrument,
        "import": result_import,
        "material": material,
        "case": case,
        "stone": insert,
        "app": open_app,
        "issued": issued_app,
        "conclusion": conclusion,
        "draft": draft,
        "item": item,
        "result": item.results.get(),
        "coin": coin,
        "raw_goods": raw_goods,
        "cast": cast,
    }


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of every test here, built once for the module's ~800 cases (tests/worlds.py)."""
    base = tmp_path_factory.mktemp("pages-access")

    def build():
        cast = build_cast(hallmarks=False)
        built = build_world(cast["users"], cast["pavel_co"])
        return {**built, "media": base / "media"}

    with module_world(django_db_blocker, base, build) as built:
        yield built


@pytest.fixture
def matrix(db, settings, shared_world):
    """The module's world for one case, in its savepoint; its files where the world wrote them."""
    settings.MEDIA_ROOT = shared_world["media"]
    return shared_world


BENCH = {"alice": 200, "bob": 200, "dave": 404, "erin": 404}


# Who may read ALM's issued conclusion for Pavel: its laboratory, its applicant and the control officer.
CONCLUSION_READERS = {
    "alice": 200,
    "bob": 200,
    "olga": 200,
    "dave": 404,
    "erin": 404,
    "pavel": 200,
    "quinn": 404,
    "victor": 200,
}

# A state control case (Pavel's import): the control officers and its applicant; laboratories get 403.
CASE_READERS = {"pavel": 200, "quinn": 404, "victor": 200}
# The officer's steps on it: refused by the rules with a message (302) or a form error (400); its
# applicant may not act (403); another applicant does not see it (404).
CASE_STEP = {"pavel": 403, "quinn": 404, "victor": 302}
CASE_FORM = {**CASE_STEP, "victor": 400}
# Files that do not exist yet (no act issued, no KP certificate): 404 for those who may see the case.
CASE_FILE = {"pavel": 404, "quinn": 404, "victor": 404}

# A conclusion in preparation is the laboratory's alone: applicants and control officers never see drafts.
DRAFT_READERS = {
    "alice": 200,
    "bob": 200,
    "olga": 200,
    "dave": 404,
    "erin": 404,
    "pavel": 404,
    "quinn": 404,
    "victor": 404,
}
DRAFT_STEPS = {**DRAFT_READERS, "alice": 302, "bob": 302, "olga": 403}

# Staff of the record's laboratory read it (the organization administrator too); others see nothing.
LAB_READERS = {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404}

# The registries of name marks and assay marks: staff of every laboratory (a check at one laboratory matches
# marks registered at another) and the control officer; applicants do not see them.
REGISTRY_READERS = {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200, "victor": 200}

# Instruments: every laboratory's staff see their own register; the head and the administrator keep it
# (their forms answer 400 to the matrix's empty post), technicians record QC checks and upload files.
LAB_STAFF = {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200}
KEEPERS = {"bob": 200, "olga": 200, "erin": 200}
KEEPER_FORM = {"bob": 400, "olga": 400, "erin": 404}

# Dashboards: the head of laboratory and the administrator of each laboratory (their own figures); the
# drill-down without a chart and bar answers 400.
DASHBOARD = {"bob": 200, "olga": 200, "erin": 200}

# A name mark's status (suspended, withdrawn) is changed by the head or administrator of the laboratory that
# registered it; the matrix's post without a status is refused with a message (302). Other laboratories'
# heads may read it but not change it.
NAME_MARK_STATUS = {"bob": 302, "olga": 302, "erin": 403}

# Pages anybody may open, logged in or not, and where they are tested.
PUBLIC = {
    "home": "sends each role to its work (test_home_sends_each_role_to_its_work)",
    "login": "test_login_page_and_wrong_password",
    "logout": "Django's own",
    "set_language": "Django's own language switch (tests/control/test_views.py posts to it)",
    "conclusions:verify_form": "public verification of a conclusion (test_public_verification_needs…)",
    "conclusions:verify": "test_public_verification_needs_no_login",
    "hallmarks:verify": "public verification of a hallmark (tests/hallmarks/test_public.py)",
    "hallmarks:verify_code": "tests/hallmarks/test_public.py",
}

# url name; args: a key of world, a tuple of literal args, or a function of world giving the args; method;
# expected status per role (a role not named → 403).
MATRIX = [
    (
        "intake:application_list",
        None,
        "get",
        {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200, "pavel": 200, "quinn": 200},
    ),
    (
        "intake:application_detail",
        "app",
        "get",
        {
            "alice": 200,
            "bob": 200,
            "olga": 200,
            "dave": 404,
            "erin": 404,
            "pavel": 200,
            "quinn": 404,
            "victor": 404,
        },
    ),
    ("intake:application_create", None, "get", {"alice": 200, "bob": 200, "dave": 200, "erin": 200}),
    (
        "intake:items_add",
        "app",
        "get",
        {"alice": 200, "bob": 200, "dave": 404, "erin": 404, "quinn": 404, "victor": 404},
    ),
    (
        "intake:application_labels",
        "app",
        "get",
        {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404},
    ),
    (
        "intake:application_audit",
        "app",
        "get",
        {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404},
    ),
    ("intake:results_enter", "app", "get", {"alice": 200, "bob": 200, "dave": 404, "erin": 404}),
    # Preparing a conclusion: the laboratory's technicians and head (the administrator does not test).
    (
        "conclusions:prepare",
        "app",
        "post",
        {"alice": 302, "bob": 302, "dave": 404, "erin": 404, "quinn": 404, "victor": 404},
    ),
    (
        "intake:application_withdraw",
        "app",
        "post",
        {"alice": 302, "bob": 302, "dave": 404, "erin": 404, "quinn": 404, "victor": 404},
    ),
    ("assay:batch_worksheet", None, "get", {"alice": 200, "bob": 200, "dave": 200, "erin": 200}),
    ("assay:preview", "item", "post", BENCH),
    ("assay:raw_fields", "item", "get", BENCH),
    ("assay:investment", "coin", "get", BENCH),
    # The one who entered a result may not verify it (403); verifying a verified one is refused politely.
    ("assay:verify", "result", "post", {"alice": 403, "bob": 302, "dave": 404, "erin": 404}),
    ("assay:invalidate", "result", "post", {"alice": 302, "bob": 302, "dave": 404, "erin": 404}),
    (
        "rawgoods:content",
        "raw_goods",
        "get",
        {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404},
    ),
    ("gems:item", "item", "get", LAB_READERS),
    ("gems:stone_new", "item", "get", BENCH),
    ("gems:label", "item", "get", LAB_READERS),
    ("gems:stone", "stone", "get", LAB_READERS),
    ("gems:evidence", "stone", "post", {"alice": 302, "bob": 302, "dave": 404, "erin": 404}),
    ("gems:decide", "stone", "post", {"alice": 400, "bob": 400, "dave": 404, "erin": 404}),
    ("hallmarks:name_mark_list", None, "get", REGISTRY_READERS),
    ("hallmarks:assay_mark_list", None, "get", REGISTRY_READERS),
    ("hallmarks:name_mark_register", None, "get", {"bob": 200, "olga": 200, "erin": 200}),
    ("hallmarks:item_check", "item", "get", LAB_READERS),
    ("hallmarks:hallmarking", "app", "get", LAB_READERS),
    ("hallmarks:articles", "app", "get", LAB_READERS),
    ("conclusions:list", None, "get", dict.fromkeys(ROLES, 200)),
    # E-mail deliveries: staff see their own laboratory's; applicants and control officers get 403.
    ("notifications:list", None, "get", {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200}),
    ("conclusions:detail", "conclusion", "get", CONCLUSION_READERS),
    ("conclusions:detail", "draft", "get", DRAFT_READERS),
    # The lifecycle steps on Alice's draft: refused steps (the preparer reviewing, signing a draft) answer
    # with a message (302), a role that may not act at all with 403, everybody outside the laboratory 404.
    ("conclusions:review", "draft", "post", DRAFT_STEPS),
    ("conclusions:sign", "draft", "post", {**DRAFT_STEPS, "alice": 403}),
    ("conclusions:issue", "draft", "post", {**DRAFT_STEPS, "alice": 403}),
    ("conclusions:return", "draft", "post", DRAFT_STEPS),
    ("conclusions:withdraw", "draft", "post", DRAFT_STEPS),
    (
        "conclusions:withdraw",
        "conclusion",
        "post",
        {**CONCLUSION_READERS, "alice": 403, "bob": 302, "olga": 403, "pavel": 403, "victor": 403},
    ),
    ("conclusions:download", "conclusion", "get", CONCLUSION_READERS),
    ("conclusions:pdf_status", "conclusion", "get", CONCLUSION_READERS),
    # Instruments.
    ("instruments:list", None, "get", LAB_STAFF),
    ("instruments:create", None, "get", KEEPERS),
    ("instruments:detail", "instrument", "get", LAB_READERS),
    ("instruments:edit", "instrument", "get", {**KEEPERS, "erin": 404}),
    ("instruments:status", "instrument", "post", KEEPER_FORM),
    ("instruments:calibration_add", "instrument", "post", KEEPER_FORM),
    ("instruments:token_create", "instrument", "post", KEEPER_FORM),
    ("instruments:qc_add", "instrument", "post", {**KEEPER_FORM, "alice": 400, "dave": 404}),
    ("instruments:materials", None, "get", LAB_STAFF),
    ("instruments:material_create", None, "get", KEEPERS),
    ("instruments:material_detail", "material", "get", LAB_READERS),
    ("instruments:imports", None, "get", LAB_STAFF),
    ("instruments:import_create", None, "get", {"alice": 200, "bob": 200, "dave": 200, "erin": 200}),
    ("instruments:import_detail", "import", "get", LAB_READERS),
    ("instruments:import_status", "import", "get", LAB_READERS),
    ("instruments:import_file", "import", "get", LAB_READERS),
    # Recording a file the PC posted: this one was uploaded by a person, so it is refused with a message.
    ("instruments:import_record", "import", "post", {"alice": 302, "bob": 302, "dave": 404, "erin": 404}),
    ("assay:balance_fill", "item", "post", BENCH),
    # State control.
    ("control:list", None, "get", {"pavel": 200, "quinn": 200, "victor": 200}),
    ("control:create", None, "get", {"victor": 200}),
    ("control:statistics", None, "get", {"victor": 200}),
    ("control:detail", "case", "get", CASE_READERS),
    ("control:files", "case", "get", CASE_READERS),
    ("control:document_add", "case", "post", CASE_FORM),
    ("control:conclusion_attach", "case", "post", CASE_FORM),
    ("control:registration_add", "case", "post", CASE_FORM),
    ("control:certificate_record", "case", "post", CASE_FORM),
    ("control:seal_add", "case", "post", CASE_FORM),
    ("control:exempt", "case", "post", CASE_FORM),
    ("control:receive", "case", "post", CASE_STEP),
    ("control:issue_act", "case", "post", CASE_STEP),
    ("control:refuse", "case", "post", CASE_STEP),
    ("control:act_pdf", "case", "get", CASE_FILE),
    ("control:kp_pdf", "case", "get", CASE_FILE),
    ("control:kp_json", "case", "get", CASE_FILE),
    ("control:statistics_export", ("csv",), "get", {"victor": 200}),
    (
        "control:document_download",
        lambda world: [world["case"].pk, world["document"].pk],
        "get",
        CASE_READERS,
    ),
    # Marks.
    ("hallmarks:name_mark_detail", "name_mark", "get", REGISTRY_READERS),
    ("hallmarks:name_mark_status", "name_mark", "post", NAME_MARK_STATUS),
    # No image was uploaded: 404 for those who may see the mark.
    ("hallmarks:name_mark_image", "name_mark", "get", dict.fromkeys(REGISTRY_READERS, 404)),
    ("hallmarks:assay_mark_image", "assay_mark", "get", dict.fromkeys(REGISTRY_READERS, 404)),
    # Sending an e-mail again: the head of laboratory, for their own laboratory's e-mails.
    ("notifications:retry", "delivery", "post", {"bob": 302, "erin": 404}),
    (
        "instruments:token_revoke",
        lambda world: [world["instrument"].pk, world["token"].pk],
        "post",
        {"bob": 302, "olga": 302, "erin": 404},
    ),
    ("dashboard:index", None, "get", DASHBOARD),
    ("dashboard:drill", None, "get", {"bob": 400, "olga": 400, "erin": 400}),
    ("dashboard:export", ("turnaround", "xlsx"), "get", DASHBOARD),
]


def _url(name, arg, world):
    if callable(arg):
        return reverse(name, args=arg(world))
    if isinstance(arg, tuple):
        return reverse(name, args=arg)
    return reverse(name, args=[world[arg].pk]) if arg else reverse(name)


@pytest.mark.parametrize(("name", "arg", "method", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, matrix, name, arg, method, expected, role):
    client.force_login(matrix["cast"][role])
    data = {"reason": "test", "language": "ru"} if method == "post" else None
    response = getattr(client, method)(_url(name, arg, matrix), data)
    assert response.status_code == expected.get(role, 403), f"{role} {method} {name}"


@pytest.mark.parametrize(("name", "arg", "method", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_anonymous_is_sent_to_log_in(client, matrix, name, arg, method, expected):
    response = getattr(client, method)(_url(name, arg, matrix))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _page_names(resolver=None, namespace=""):
    """Every named URL of the site outside the admin and the API (tested in tests/api/)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(("admin/", "api/")):
                continue
            inner = pattern.namespace or ""
            yield from _page_names(pattern, f"{namespace}{inner}:" if inner else namespace)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_page_is_in_the_matrix_or_public():
    """Generated from the URL configuration: a new page fails here until its row says who may open it."""
    pages = set(_page_names())
    in_matrix = {row[0] for row in MATRIX}
    assert pages - in_matrix - set(PUBLIC) == set(), "pages with no row in MATRIX"
    assert (in_matrix | set(PUBLIC)) - pages == set(), "rows for pages that no longer exist"


def test_lists_show_only_what_the_user_may_see(client, matrix):
    world, cast = matrix, matrix["cast"]
    own_ast = make_application(cast["dave"], world["app"].applicant)
    client.force_login(cast["dave"])
    body = client.get(reverse("intake:application_list")).content.decode()
    assert own_ast.number in body and world["app"].number not in body
    client.force_login(cast["quinn"])
    body = client.get(reverse("intake:application_list")).content.decode()
    assert world["app"].number not in body
    client.force_login(cast["pavel"])
    body = client.get(reverse("intake:application_list")).content.decode()
    assert world["app"].number in body and own_ast.number in body  # Pavel's at both laboratories
    client.force_login(cast["erin"])
    assert world["conclusion"].number not in client.get(reverse("conclusions:list")).content.decode()
    client.force_login(cast["victor"])
    assert world["conclusion"].number in client.get(reverse("conclusions:list")).content.decode()


def test_refused_actions_change_nothing(client, matrix):
    world, cast = matrix, matrix["cast"]
    app = world["app"]
    client.force_login(cast["olga"])
    client.post(reverse("conclusions:prepare", args=[app.pk]))
    client.force_login(cast["alice"])
    client.post(reverse("conclusions:sign", args=[world["draft"].pk]))
    client.force_login(cast["pavel"])
    client.post(reverse("intake:application_withdraw", args=[app.pk]), {"reason": "x"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.TESTED
    assert Conclusion.objects.count() == 2
    world["draft"].refresh_from_db()
    assert world["draft"].status == "draft"


def test_public_verification_needs_no_login(client, matrix):
    conclusion = matrix["conclusion"]
    response = client.get(reverse("conclusions:verify", args=[conclusion.verification_token]))
    assert response.status_code == 200 and conclusion.number in response.content.decode()
    assert client.get(reverse("conclusions:verify", args=["not-a-token"])).status_code == 404
