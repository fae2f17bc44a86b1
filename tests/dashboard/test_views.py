"""The dashboard page, drill-down and downloads: who may see them, what they show, and their query count."""

import io
import re

import pandas as pd
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard.conftest import NOW, at, carry, register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def kpis(response) -> dict:
    return dict(re.findall(r'data-kpi="(\w+)">([^<]*)<', response.content.decode()))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("role", ["alice", "dave", "pavel", "quinn", "victor"])
def test_technicians_applicants_and_officers_are_refused(client, cast, role):
    client.force_login(cast[role])
    for url in (
        reverse("dashboard:index"),
        reverse("dashboard:drill") + "?chart=turnaround&bar=4",
        reverse("dashboard:export", args=["turnaround", "csv"]),
    ):
        assert client.get(url).status_code == 403


def test_head_of_laboratory_sees_the_at_risk_list_and_his_laboratory_only(client, known, bob, frozen):
    client.force_login(bob)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert kpis(response) == {
        "issued": "2",
        "on_time_rate": "50.0 %",
        "mean_days": "5.0",
        "open": "4",
        "overdue": "1",
        "due_soon": "2",
    }
    body = response.content.decode()
    rows = re.findall(r'<tr data-number="([^"]+)">', body)
    assert rows == [known[key].number for key in ("E", "D", "F")]  # the most urgent first
    assert "3 open applications are overdue or due by the end of the next working day" in body
    assert known["C"].number not in body and 'name="organization"' not in body  # AST's stays AST's
    assert "plotly.min.js" in body and "cdn" not in body.lower()


def test_organization_administrator_of_another_laboratory_sees_only_hers(client, known, erin, frozen):
    client.force_login(erin)
    assert kpis(client.get(reverse("dashboard:index")))["issued"] == "1"


def test_system_administrator_filters_by_organization(client, known, alm, ast, frozen):
    admin = UserFactory(username="root", role="", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert kpis(client.get(reverse("dashboard:index")))["issued"] == "3"
    response = client.get(reverse("dashboard:index"), {"organization": [ast.pk]})
    assert kpis(response)["issued"] == "1" and 'name="organization"' in response.content.decode()


def test_bad_filters_get_a_clear_error_and_no_numbers(client, bob, frozen):
    client.force_login(bob)
    response = client.get(reverse("dashboard:index"), {"start": "2026-10-10", "end": "2026-10-01"})
    assert response.status_code == 200 and "The period ends before it begins." in response.content.decode()
    assert kpis(response) == {}
    assert client.get(reverse("dashboard:index"), {"start": "yesterday"}).status_code == 200
    assert (
        client.get(reverse("dashboard:export", args=["turnaround", "csv"]), {"start": "x"}).status_code == 400
    )
    assert client.get(reverse("dashboard:export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("dashboard:drill"), {"chart": "turnaround", "bar": "many"}).status_code == 404


def test_drill_down_lists_the_late_application(client, known, bob, frozen):
    client.force_login(bob)
    response = client.get(reverse("dashboard:drill"), {"chart": "turnaround", "bar": "6"})
    assert re.findall(r'<tr data-number="([^"]+)">', response.content.decode()) == [known["B"].number]


def test_downloads_carry_the_table(client, known, bob, frozen):
    client.force_login(bob)
    response = client.get(reverse("dashboard:export", args=["backlog_due", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert frame["Applications"].tolist() == [1, 1, 1, 1]
    response = client.get(reverse("dashboard:export", args=["quality_fineness", "xlsx"]))
    sheet = pd.read_excel(io.BytesIO(response.content))
    assert sheet.iloc[0].tolist() == ["Gold 585.0 ‰", 2, 1, 50.0]


def test_dashboard_queries_do_not_grow_with_applications(client, cast, pavel_co, bob, frozen):
    client.force_login(bob)
    alice, carol = cast["alice"], cast["carol"]

    def build(day):
        application = register(alice, pavel_co, at(day))
        carry(application, alice, carol, bob, [at(day + 1), at(day + 1, 12), at(day + 2), at(day + 2, 15)])

    build(5)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:index"))
    for day in (6, 7, 8, 12):
        build(day)
    register(alice, pavel_co, at(13))
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard:index"))
    assert len(many) == len(few)
