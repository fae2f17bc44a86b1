"""Failed logins are limited per username and per client address, on the page and for API tokens."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@override_settings(LOGIN_FAILURES_PER_USER="3/15m", LOGIN_FAILURES_PER_IP="100/15m")
def test_guessing_one_persons_password_stops_even_the_right_one(client, alice, bob):
    for _ in range(3):
        assert log_in(client, "alice", "wrong-guess").status_code == 200
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    assert "Too many failed attempts to log in" in response.content.decode()
    assert 'value="alice"' in response.content.decode()  # the username is kept
    # The budget is the username's: Bob logs in from the same place; "ALICE" is still Alice.
    assert log_in(client, "ALICE ", PASSWORD).status_code == 429
    assert log_in(client, "bob", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURES_PER_USER="3/15m", LOGIN_FAILURES_PER_IP="100/15m")
def test_right_passwords_never_count(client, alice):
    for _ in range(5):
        assert log_in(client, "alice", PASSWORD).status_code == 302
        client.logout()
    assert log_in(client, "alice", "wrong-once").status_code == 200
    assert log_in(client, "alice", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURES_PER_USER="100/15m", LOGIN_FAILURES_PER_IP="4/15m")
def test_trying_many_usernames_from_one_address_stops(client, alice):
    for name in ("root", "admin", "test", "user"):
        log_in(client, name, "password1", REMOTE_ADDR="203.0.113.7")
    assert log_in(client, "alice", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert log_in(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


@override_settings(LOGIN_FAILURES_PER_USER="3/15m", LOGIN_FAILURES_PER_IP="100/15m")
def test_the_blocked_page_speaks_the_users_language(client, alice):
    for _ in range(3):
        log_in(client, "alice", "wrong-guess")
    client.cookies["django_language"] = "ru"
    assert "Слишком много неудачных попыток входа" in log_in(client, "alice", PASSWORD).content.decode()


@override_settings(LOGIN_FAILURES_PER_USER="3/15m", LOGIN_FAILURES_PER_IP="100/15m")
def test_api_tokens_share_the_budget(alice):
    api = APIClient()
    url = reverse("api-token")
    assert api.post(url, {"username": "alice", "password": "wrong"}).status_code == 400
    assert api.post(url, {"username": "alice", "password": "wrong"}).status_code == 400
    log_in(api, "alice", "wrong")  # a failure on the page counts too
    response = api.post(url, {"username": "alice", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many failed attempts" in response.json()["detail"]
    cache.clear()
    token = api.post(url, {"username": "alice", "password": PASSWORD}).json()["token"]
    assert token == alice.auth_token.key
