from django.urls import reverse

from lims.intake.models import Applicant, Application
from tests.factories import make_application
from tests.pdf_text import pdf_text


def form_data(identifier, **extra):
    data = {
        "applicant_kind": "individual",
        "applicant_identifier": identifier,
        "applicant_name": "Айгерім Серікова",
        "purpose": "voluntary",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "500",
        "items-0-category": "jewelry",
        "items-0-description": "Сақина",
        "items-0-quantity": "1",
        "items-0-gross_mass_g": "3,25",
        "items-0-declared_metal": "Au",
        "items-0-declared_fineness": "585",
        "items-1-category": "jewelry",
        "items-1-quantity": "1",
    }
    return data | extra


def test_decimal_comma_or_point_is_a_decimal_separator_in_every_language(client, alice):
    client.force_login(alice)
    for language, mass in (("en", "3,25"), ("ru", "3.25"), ("kk", "3,250")):
        client.post(
            reverse("intake:application_create"),
            form_data("900101300007", **{"items-0-gross_mass_g": mass}),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert [str(i.gross_mass_g) for i in Application.objects.order_by("id").first().items.all()] == ["3.250"]
    masses = {str(item.gross_mass_g) for app in Application.objects.all() for item in app.items.all()}
    assert Application.objects.count() == 3 and masses == {"3.250"}


def test_register_page_creates_applicant_application_and_items(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("intake:application_create"), form_data("900101300007"), HTTP_ACCEPT_LANGUAGE="ru"
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "intake:application_detail", args=[application.pk]
    )
    assert Applicant.objects.get().name == "Айгерім Серікова"
    assert [str(i.gross_mass_g) for i in application.items.all()] == ["3.250"]  # blank second row skipped


def test_bad_iin_is_explained_in_the_users_language_and_the_form_keeps_the_input(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "kk"
    response = client.post(reverse("intake:application_create"), form_data("900101300008"))
    body = response.content.decode()
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Бақылау саны сәйкес келмейді" in body or "бақылау" in body.lower()
    assert 'value="900101300008"' in body and "Сақина" in body


def test_row_with_metal_but_no_fineness_is_rejected_with_its_reason(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("intake:application_create"),
        form_data("900101300007", **{"items-0-declared_fineness": ""}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Give the declared metal and its fineness together" in response.content.decode()


def test_labels_pdf_carries_every_lab_number(client, alice, pavel_co):
    application = make_application(alice, pavel_co, n_items=3)
    client.force_login(alice)
    response = client.get(reverse("intake:application_labels", args=[application.pk]))
    text = pdf_text(response.content)
    for item in application.items.all():
        assert item.lab_number in text


def test_audit_page_lists_who_did_what(client, alice, pavel_co):
    application = make_application(alice, pavel_co)
    client.force_login(alice)
    body = client.get(reverse("intake:application_audit", args=[application.pk])).content.decode()
    assert "application.register" in body and "item.register" in body and alice.get_full_name() in body
