"""Fault drill: a malformed or wrong upload on every page and endpoint that takes files gets a clear error in
the user's language, and keeps nothing half-saved. (Instrument result files are the other case: a file that
cannot be parsed is kept byte for byte with its problems listed; tests/instruments/test_imports.py and
tests/instruments/parsers/test_malformed.py prove it.)"""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from lims.control.models import ControlDocument
from lims.gems.models import Evidence
from lims.gems.services import stone_record
from lims.hallmarks.models import NameMark
from lims.intake.identifiers import complete
from lims.intake.services import application_register
from tests import factories
from tests.factories import open_case

pytestmark = pytest.mark.django_db

PROGRAM = b"MZ\x90\x00 this program cannot be run in DOS mode"


def png_named(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def stone(alice, pavel_co):
    application = application_register(
        actor=alice, applicant=pavel_co, purpose="import", items=[factories.stone("Red stone")]
    )
    return stone_record(actor=alice, item=application.items.get(), data={"sg": Decimal("4.00")})


def test_stone_evidence_page_refuses_a_program_in_russian(client, alice, stone):
    client.force_login(alice)
    client.cookies["django_language"] = "ru"
    response = client.post(
        reverse("gems:evidence", args=[stone.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("photo.exe", PROGRAM)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Загрузите фотографию (JPEG, PNG, TIFF), PDF или спектр" in response.content.decode()
    assert not Evidence.objects.exists()


def test_stone_evidence_api_refuses_a_program(alice, stone):
    api = APIClient()
    api.force_authenticate(alice)
    response = api.post(
        reverse("stone-evidence", args=[stone.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("photo.exe", PROGRAM)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "Upload a photo" in str(response.json())
    assert not Evidence.objects.exists()


def test_name_mark_page_refuses_an_image_of_another_kind(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("hallmarks:name_mark_register"),
        {
            "producer_kind": "legal_entity",
            "producer_name": "Zerger Workshop LLP",
            "producer_identifier": complete("15044000123"),
            "code": "ZRG",
            "email": "marks@zerger.example.kz",
            "image": png_named("mark.gif"),
        },
    )
    assert "Upload the impression as a JPEG, PNG or TIFF image." in response.content.decode()
    assert not NameMark.objects.exists()


def test_name_mark_page_refuses_a_file_that_is_not_an_image(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("hallmarks:name_mark_register"),
        {"code": "ZRG", "image": SimpleUploadedFile("mark.png", b"<svg onload=alert(1)>")},
    )
    assert response.status_code == 200 and "Upload a valid image" in response.content.decode()
    assert not NameMark.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.exe", PROGRAM, "Upload a PDF, an image (JPEG, PNG, TIFF) or a text document"),
        ("contract.pdf", b"", "The submitted file is empty."),
    ],
)
def test_control_document_page_refuses_a_wrong_or_empty_file(
    client, victor, pavel_co, name, content, message
):
    case = open_case(victor, pavel_co)
    client.force_login(victor)
    response = client.post(
        reverse("control:document_add", args=[case.pk]),
        {"kind": "contract", "file": SimpleUploadedFile(name, content), "language": "ru"},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ControlDocument.objects.exists()
