"""Pages every role reaches the same way: home sends each to its work, the login page, and lists and
details whose query count does not grow with their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, make_application, make_tested_application


@pytest.mark.parametrize(
    ("role", "target"),
    [("alice", "/applications/"), ("pavel", "/applications/"), ("victor", "/conclusions/")],
)
def test_home_sends_each_role_to_its_work(client, cast, role, target):
    client.force_login(cast[role])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == target


def test_login_page_and_wrong_password(client, alice):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_application_list_queries_do_not_grow_with_rows(client, alice, pavel_co):
    client.force_login(alice)
    make_application(alice, pavel_co)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:application_list"))
    for _ in range(12):
        make_application(alice, pavel_co, n_items=2)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("intake:application_list"))
    assert len(many) == len(few)


def test_application_detail_queries_do_not_grow_with_items(client, alice, pavel_co):
    client.force_login(alice)
    small = make_tested_application(alice, pavel_co, n_items=1)
    large = make_tested_application(alice, pavel_co, n_items=15)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:application_detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("intake:application_detail", args=[large.pk]))
    assert len(many) == len(few)
