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

from decimal import Decimal

import pytest
from django.urls import reverse

from instruments.samples import xrf_csv
from tests.api.access.conftest import as_role
from tests.api.access.matrix import (
    ALM_STAFF,
    EVERYONE,
    EXEMPT,
    MATRIX,
    MISSING_PK,
    OWN_READERS,
    REGISTRY_READERS,
    ROLES,
    Row,
    _call,
    api_routes,
    empty,
)
from tests.factories import (
    PASSWORD,
)
from tests.instruments.conftest import as_upload


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
