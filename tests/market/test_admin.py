"""The market-data admin: the "Import CSV" page, hand edits through the audited services, kept uploads."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lims.core.models import AuditEvent
from lims.market.models import ExchangeRate, GoldPrice, MarketDataUpload
from tests.factories import UserFactory

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "market"
PRICES_IMPORT = reverse("admin:market_goldprice_import")
RATES_IMPORT = reverse("admin:market_exchangerate_import")


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes(), content_type="text/csv")


def test_change_list_links_to_the_import_page(client, sam):
    client.force_login(sam)
    body = client.get(reverse("admin:market_goldprice_changelist")).content.decode()
    assert PRICES_IMPORT in body and "Import CSV" in body


def test_superuser_imports_the_sample_and_sees_the_counts(client, sam):
    client.force_login(sam)
    assert client.get(PRICES_IMPORT).status_code == 200
    response = client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")})
    upload = MarketDataUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PRICES_IMPORT}?upload={upload.pk}"
    page = client.get(response["Location"])
    assert page.context["upload"] == upload
    body = page.content.decode()
    assert '<td id="count-created">31</td>' in body and '<td id="count-rejected">0</td>' in body
    assert GoldPrice.objects.count() == 31 and upload.uploaded_by == sam

    again = client.get(client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")})["Location"])
    assert '<td id="count-unchanged">31</td>' in again.content.decode()
    assert MarketDataUpload.objects.count() == 2  # every upload is kept


def test_rates_import_page_lists_every_rejected_line(client, sam):
    client.force_login(sam)
    content = "date;currency;kzt_per_unit\n2026-01-05;USD;512,35\n2026-01-06;USD;-1\n06.01.2026;USD;513\n"
    response = client.post(RATES_IMPORT, {"file": SimpleUploadedFile("r.csv", content.encode())}, follow=True)
    body = response.content.decode()
    assert '<td id="count-created">1</td>' in body and '<td id="count-rejected">2</td>' in body
    assert "<td>3</td><td>kzt_per_unit must be greater than zero, got -1</td>" in body
    assert "<td>4</td><td>date 06.01.2026 is not in the form YYYY-MM-DD</td>" in body
    assert ExchangeRate.objects.get().kzt_per_unit == Decimal("512.35")


def test_a_report_is_shown_only_on_the_page_of_its_kind(client, sam):
    client.force_login(sam)
    client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")})
    upload = MarketDataUpload.objects.get()
    assert client.get(f"{RATES_IMPORT}?upload={upload.pk}").context["upload"] is None


def test_too_large_a_file_is_refused(client, sam, monkeypatch):
    monkeypatch.setattr("lims.market.admin.MAX_UPLOAD_BYTES", 10)
    client.force_login(sam)
    response = client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")})
    assert response.status_code == 200 and response.context["form"].errors
    assert not MarketDataUpload.objects.exists()


@pytest.mark.parametrize("who", ["alice", "olga", "pavel", "victor"])
def test_users_who_are_not_staff_are_sent_to_the_admin_login(client, cast, who):
    client.force_login(cast[who])
    for response in (
        client.get(PRICES_IMPORT),
        client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not GoldPrice.objects.exists() and not MarketDataUpload.objects.exists()


def test_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(RATES_IMPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_staff_needs_add_and_change_permissions_to_import(client, db):
    staff = UserFactory(username="stan", role="", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_goldprice"))
    client.force_login(staff)
    assert client.get(reverse("admin:market_goldprice_changelist")).status_code == 200
    assert client.get(PRICES_IMPORT).status_code == 403
    assert client.post(PRICES_IMPORT, {"file": sample("sample_lbma_gold_am.csv")}).status_code == 403
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_goldprice", "change_goldprice"]))
    client.force_login(staff)
    assert client.get(PRICES_IMPORT).status_code == 200


def test_hand_edits_in_the_admin_are_audited(client, sam):
    client.force_login(sam)
    add = reverse("admin:market_exchangerate_add")
    data = {"date": "2026-01-05", "currency": "USD", "kzt_per_unit": "512.35", "source": "National Bank"}
    assert client.post(add, data).status_code == 302
    rate = ExchangeRate.objects.get()
    assert rate.created_by == sam
    client.post(reverse("admin:market_exchangerate_delete", args=[rate.pk]), {"post": "yes"})
    assert not ExchangeRate.objects.exists()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "market.record_save",
        "market.record_delete",
    ]


def test_admin_refuses_a_non_positive_rate(client, sam):
    client.force_login(sam)
    data = {"date": "2026-01-05", "currency": "USD", "kzt_per_unit": "0", "source": "NBK"}
    response = client.post(reverse("admin:market_exchangerate_add"), data)
    assert response.status_code == 200 and not ExchangeRate.objects.exists()


def test_uploads_are_listed_read_only_and_downloadable(client, sam):
    client.force_login(sam)
    client.post(RATES_IMPORT, {"file": sample("sample_kzt_usd.csv")})
    upload = MarketDataUpload.objects.get()
    assert (
        "sample_kzt_usd.csv"
        in client.get(reverse("admin:market_marketdataupload_changelist")).content.decode()
    )
    assert client.get(reverse("admin:market_marketdataupload_change", args=[upload.pk])).status_code == 200
    assert client.get(reverse("admin:market_marketdataupload_add")).status_code == 403
    download = client.get(reverse("admin:market_marketdataupload_download", args=[upload.pk]))
    assert b"".join(download.streaming_content) == (SAMPLES / "sample_kzt_usd.csv").read_bytes()
