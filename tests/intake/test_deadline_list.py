"""The applications list and rule R1: a live deadline filter (right between two scans), badges beside the due
date, and ordering by due date."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lims.intake.services import application_withdraw
from tests.factories import make_application

ALMATY = ZoneInfo("Asia/Almaty")
FRIDAY_NOON = datetime(2026, 11, 20, 12, 0, tzinfo=ALMATY)
LIST = reverse("intake:application_list")


def received(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=ALMATY)


@pytest.fixture
def apps(alice, pavel_co):
    """At Friday noon, 20 November 2026: one overdue (due 18.11), one due on Monday 23.11 (one working day
    left), one on track (26.11), and a withdrawn one long past its date (18.11)."""
    overdue = make_application(alice, pavel_co, received_at=received(11, 10))
    withdrawn = make_application(alice, pavel_co, received_at=received(11, 11))
    application_withdraw(actor=alice, application=withdrawn, reason="Applicant withdrew")
    due_soon = make_application(alice, pavel_co, received_at=received(16, 10))
    on_track = make_application(alice, pavel_co, received_at=received(19, 10))
    return {"overdue": overdue, "withdrawn": withdrawn, "due_soon": due_soon, "on_track": on_track}


def numbers(body: str) -> list[str]:
    return re.findall(r">(ALM-2026-A\d+)</a>", body)


def page(client, user, **params):
    client.force_login(user)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("state", ["overdue", "due_soon", "on_track"])
def test_r1_deadline_filter_is_computed_live_for_open_applications(client, alice, apps, state):
    # No scan has run: every stored deadline_state is still "on_track"; the filter reads due_at and the clock.
    assert numbers(page(client, alice, deadline=state)) == [apps[state].number]


def test_r1_badges_beside_the_due_date_of_open_applications(client, alice, apps):
    body = page(client, alice)
    assert body.count('class="status deadline overdue">Overdue</span>') == 1
    assert body.count('class="status deadline due_soon">One working day left</span>') == 1
    row = re.search(rf"{apps['overdue'].number}</a>.*?</tr>", body, re.S).group(0)
    assert "18.11.2026 <span" in row and "Overdue" in row
    withdrawn_row = re.search(rf"{apps['withdrawn'].number}</a>.*?</tr>", body, re.S).group(0)
    assert "deadline" not in withdrawn_row


def test_r1_applicants_see_the_badges_of_their_own_applications(client, pavel, apps):
    assert "One working day left" in page(client, pavel)


def test_default_order_is_newest_received_first(client, alice, apps):
    assert numbers(page(client, alice)) == [
        apps[key].number for key in ("on_track", "due_soon", "withdrawn", "overdue")
    ]


def test_ordering_by_due_date_both_ways(client, alice, apps):
    ascending = [apps[key].number for key in ("overdue", "withdrawn", "due_soon", "on_track")]
    assert numbers(page(client, alice, ordering="due")) == ascending
    descending = [apps[key].number for key in ("on_track", "due_soon", "overdue", "withdrawn")]
    assert numbers(page(client, alice, ordering="-due")) == descending
    assert numbers(page(client, alice, ordering="received")) == ascending


def test_the_due_header_is_a_sort_link_keeping_the_filters(client, alice, apps):
    body = page(client, alice, status="received")
    assert 'href="?status=received&amp;ordering=due"' in body
    body = page(client, alice, status="received", ordering="due")
    assert 'href="?status=received&amp;ordering=-due"' in body


def test_r1_list_queries_do_not_grow_with_rows(client, alice, pavel_co, apps):
    client.force_login(alice)
    params = {"deadline": "due_soon", "ordering": "due"}
    with time_machine.travel(FRIDAY_NOON, tick=False):
        with CaptureQueriesContext(connection) as few:
            client.get(LIST, params)
        for _ in range(8):
            make_application(alice, pavel_co, received_at=received(16, 11))
        with CaptureQueriesContext(connection) as many:
            body = client.get(LIST, params).content.decode()
    assert len(numbers(body)) == 9 and len(many) == len(few)
