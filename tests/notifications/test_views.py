"""The e-mails page: lab staff see their laboratory's deliveries, failures first to the eye and naming the
recipient; the head of laboratory sends a failed one again."""

import pytest
from django.core import mail
from django.urls import reverse

from lims.core.models import AuditEvent
from lims.notifications.models import NO_ADDRESS, Delivery, DeliveryStatus
from tests.factories import DeliveryFactory, make_application

LIST = reverse("notifications:list")


def failed(organization, **kwargs):
    defaults = {
        "status": DeliveryStatus.FAILED,
        "attempts": 4,
        "recipient_name": "Bob Head",
        "recipient_email": "bob@alm.example.kz",
        "last_error": "bob@alm.example.kz: {'bob@alm.example.kz': (550, b'5.1.1 User unknown')}",
    }
    return DeliveryFactory(organization=organization, **(defaults | kwargs))


def retry(client, delivery, **data):
    return client.post(reverse("notifications:retry", args=[delivery.pk]), data)


def test_staff_see_their_laboratorys_deliveries_failures_highlighted(client, alice, alm, ast, pavel_co):
    application = make_application(alice, pavel_co)
    failed(alm, application=application)
    DeliveryFactory(organization=alm, recipient_name="Carol Sent")
    DeliveryFactory(organization=ast, recipient_name="Astana Only")
    client.force_login(alice)
    body = client.get(LIST).content.decode()
    assert "Bob Head" in body and "bob@alm.example.kz" in body and "User unknown" in body
    assert "Carol Sent" in body and "Astana Only" not in body
    assert 'class="d-failed"' in body and application.number in body
    assert reverse("intake:application_detail", args=[application.pk]) in body
    assert body.index("Carol Sent") < body.index("Bob Head")  # newest first
    assert "Retry" not in body  # technicians do not send again


def test_the_list_filters_by_status(client, alice, alm):
    failed(alm)
    DeliveryFactory(organization=alm, recipient_name="Carol Sent")
    client.force_login(alice)
    body = client.get(LIST, {"status": "failed"}).content.decode()
    assert "Bob Head" in body and "Carol Sent" not in body


def test_a_missing_address_is_shown_naming_the_recipient(client, bob, alm):
    failed(alm, recipient_email="", last_error=NO_ADDRESS, attempts=0, recipient_name="Olga Admin")
    client.force_login(bob)
    body = client.get(LIST).content.decode()
    assert "Olga Admin" in body and "No e-mail address on file" in body
    assert "Retry" not in body  # nothing to send to


def test_the_navigation_shows_the_failed_count_to_lab_staff(client, alice, alm, pavel):
    failed(alm)
    failed(alm)
    DeliveryFactory(organization=alm)
    client.force_login(alice)
    body = client.get(reverse("intake:application_list")).content.decode()
    assert f'href="{LIST}?status=failed"' in body and '<span class="badge bad"' in body
    assert '<span class="badge bad" title="Failed e-mails">2</span>' in body
    client.force_login(pavel)
    assert LIST not in client.get(reverse("intake:application_list")).content.decode()


@pytest.mark.parametrize("role", ["pavel", "victor"])
def test_applicants_and_control_officers_may_not_see_the_page(client, cast, alm, role):
    failed(alm)
    client.force_login(cast[role])
    assert client.get(LIST).status_code == 403


def test_the_head_of_laboratory_sends_a_failed_email_again(
    client, bob, alm, django_capture_on_commit_callbacks
):
    delivery = failed(alm)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = retry(client, delivery, next=LIST + "?status=failed")
    assert response.status_code == 302 and response["Location"] == LIST + "?status=failed"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 5 and delivery.failed_at is None
    assert mail.outbox[0].to == ["bob@alm.example.kz"]
    event = AuditEvent.objects.get(action="delivery.retry")
    assert event.actor == bob and event.before["status"] == "failed" and event.after == {"status": "queued"}


def test_retry_refuses_what_is_not_failed_or_has_no_address(client, bob, alm):
    sent = DeliveryFactory(organization=alm)
    no_address = failed(alm, recipient_email="", last_error=NO_ADDRESS)
    client.force_login(bob)
    body = client.post(reverse("notifications:retry", args=[sent.pk]), follow=True).content.decode()
    assert "Only a failed e-mail can be sent again." in body
    body = client.post(reverse("notifications:retry", args=[no_address.pk]), follow=True).content.decode()
    assert "Bob Head has no e-mail address on file." in body
    assert not Delivery.objects.filter(status=DeliveryStatus.QUEUED).exists()


def test_retry_is_for_the_head_of_laboratory_of_the_same_laboratory(client, alice, olga, erin, pavel, alm):
    delivery = failed(alm)
    for user, expected in ((alice, 403), (olga, 403), (pavel, 403), (erin, 404)):
        client.force_login(user)
        assert retry(client, delivery).status_code == expected, user.username
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 4


def test_retry_is_a_post(client, bob, alm):
    client.force_login(bob)
    assert client.get(reverse("notifications:retry", args=[failed(alm).pk])).status_code == 405


def test_retry_goes_back_only_to_this_site(client, bob, alm, django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = retry(client, failed(alm), next="https://evil.example.com/")
    assert response["Location"] == LIST


@pytest.mark.django_db(transaction=True)
def test_a_failing_server_does_not_crash_the_request_that_queued_the_email(client, bob, alm, refusing_smtp):
    """Committed for real: the e-mail is sent (eagerly) inside the request, after its transaction."""
    delivery = failed(alm)
    client.force_login(bob)
    response = retry(client, delivery)
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 4 + 4
    assert "User unknown" in delivery.last_error and "bob@alm.example.kz" in delivery.last_error


def test_the_list_queries_do_not_grow_with_rows(client, bob, alm, pavel_co, django_assert_max_num_queries):
    application = make_application(bob, pavel_co)
    client.force_login(bob)
    failed(alm, application=application)
    with django_assert_max_num_queries(8) as few:
        client.get(LIST)
    for _ in range(10):
        failed(alm, application=make_application(bob, pavel_co))
        DeliveryFactory(organization=alm)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(LIST).content.decode()
    assert body.count('class="d-failed"') == 11
