"""The API access matrix: who may call each route, with which body, and what each role gets (see
test_access.py)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import URLResolver, get_resolver, reverse

from instruments.samples import xrf_csv
from lims.assay.models import CoinOrBar, Method
from tests.instruments.conftest import as_upload

ROLES = ["alice", "bob", "olga", "dave", "erin", "pavel", "quinn", "victor"]
EVERYONE = [*ROLES, "anonymous"]


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
