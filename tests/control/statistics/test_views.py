"""The officer-only KP statistics page and its CSV and XLSX downloads."""

import io
from decimal import Decimal

import pandas as pd
import pytest
from django.urls import reverse

from lims.core.tables import XLSX_CONTENT_TYPE

D = Decimal


def statistics_url(**query):
    url = reverse("control:statistics")
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def export_url(fmt, **query):
    url = reverse("control:statistics_export", args=[fmt])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


@pytest.mark.django_db
def test_officer_sees_the_table_totals_and_chart(client, victor, q3_cases, reporting_day):
    client.force_login(victor)

    response = client.get(statistics_url(year=2026, period="Q3"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "3rd quarter of 2026" in html
    assert "01.07.2026" in html and "30.09.2026" in html
    for text in (
        "Belgium",
        "Botswana",
        "United Arab Emirates",
        "10.25",
        "1000.10",
        "2500.00",
        "19.08",
        "3833.43",
    ):
        assert text in html
    assert "India" not in html  # Q2's and Q4's lots are elsewhere
    sections = response.context["sections"]
    assert [section["direction"] for section in sections] == ["import", "export"]
    assert sections[0]["totals"] == {"carats": D("19.08"), "value_usd": D("3833.43"), "certificates": 2}
    assert [line["partner_name"] for line in sections[0]["lines"]] == ["Belgium", "Botswana", "Belgium"]
    # The chart's figure travels as JSON in the page, drawn by the bundled plotly.js.
    assert '<script id="kp-figure" type="application/json">' in html
    assert "vendor/plotly/plotly.min.js" in html
    assert "Plotly.newPlot" in html
    figure = response.context["figure"]
    assert [trace["name"] for trace in figure["data"]] == [
        "Import 7102.10", "Import 7102.21", "Import 7102.31", "Export 7102.21"
    ]  # fmt: skip
    assert (
        figure["layout"]["title"]["text"] == "Rough diamonds by partner country, carats: 3rd quarter of 2026"
    )
    assert reverse("control:statistics_export", args=["csv"]) + "?year=2026&amp;period=Q3" in html
    assert reverse("control:statistics_export", args=["xlsx"]) + "?year=2026&amp;period=Q3" in html


@pytest.mark.django_db
def test_page_opens_on_the_current_quarter(client, victor, q3_cases, reporting_day):
    client.force_login(victor)

    response = client.get(statistics_url())

    assert response.status_code == 200
    assert (response.context["year"], response.context["period"]) == (2026, "Q4")
    assert "4th quarter of 2026" in response.content.decode()
    assert [section["direction"] for section in response.context["sections"]] == ["export"]


@pytest.mark.django_db
def test_empty_period_says_so(client, victor, reporting_day):
    client.force_login(victor)

    response = client.get(statistics_url(year=2025, period="H1"))

    assert response.status_code == 200
    assert response.context["sections"] == []
    html = response.content.decode()
    assert "No certificates in this period." in html
    assert response.context["figure"]["layout"]["annotations"][0]["text"] == "No certificates in this period"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "abc", "period": "Q3"}, "year", "Enter a whole number."),
        ({"year": "2027", "period": "Q1"}, "year", "Ensure this value is less than or equal to 2026."),
        ({"year": "2011", "period": "Q1"}, "year", "Ensure this value is greater than or equal to 2012."),
        ({"year": "2026", "period": "Q5"}, "period", "Select a valid choice. Q5 is not one of the available"),
    ],
)
def test_bad_period_shows_the_form_error(client, victor, reporting_day, query, field, message):
    client.force_login(victor)

    response = client.get(statistics_url(**query))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "figure" not in response.context
    assert 'id="kp-figure"' not in html


@pytest.mark.django_db
def test_form_error_is_in_the_users_language(victor, reporting_day):
    from django.test import Client

    client = Client(headers={"accept-language": "ru"})
    client.force_login(victor)

    response = client.get(statistics_url(year="abc", period="Q3"))

    assert response.status_code == 200
    assert "Введите целое число." in response.content.decode()


@pytest.mark.django_db
def test_csv_download(client, victor, q3_cases, reporting_day):
    client.force_login(victor)

    response = client.get(export_url("csv", year=2026, period="Q3"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kp-statistics-2026-Q3.csv"'
    assert (
        response.content
        == (
            "\ufeff"
            'Direction,HS code,Partner country,Country code,Carats,"Value, USD",Certificates\r\n'
            "Import,7102.10,Belgium,BE,10.25,1000.10,1\r\n"
            "Import,7102.21,Botswana,BW,3.33,333.33,1\r\n"
            "Import,7102.31,Belgium,BE,5.50,2500.00,1\r\n"
            "Export,7102.21,United Arab Emirates,AE,7.00,700.00,1\r\n"
        ).encode()
    )


@pytest.mark.django_db
def test_xlsx_download(client, victor, q3_cases, reporting_day):
    client.force_login(victor)

    response = client.get(export_url("xlsx", year=2026, period="H2"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="kp-statistics-2026-H2.xlsx"'
    read = pd.read_excel(io.BytesIO(response.content))
    assert list(read["Country code"]) == ["BE", "BW", "BE", "IN", "AE"]
    assert list(read["Carats"]) == [10.25, 3.33, 5.5, 2.0, 7.0]


@pytest.mark.django_db
def test_download_without_parameters_is_the_current_quarter(client, victor, q3_cases, reporting_day):
    client.force_login(victor)

    response = client.get(export_url("csv"))

    assert response["Content-Disposition"] == 'attachment; filename="kp-statistics-2026-Q4.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[1:] == ["Export,7102.10,India,IN,2.00,200.00,1"]


@pytest.mark.django_db
def test_download_with_a_bad_period_is_a_400_that_says_why(client, victor, reporting_day):
    client.force_login(victor)

    response = client.get(export_url("csv", year=2026, period="Q9"))

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Choose a valid year and period.")
    assert "Period: Select a valid choice." in text


@pytest.mark.django_db
def test_download_in_another_format_is_a_404(client, victor, reporting_day):
    client.force_login(victor)

    assert client.get(export_url("pdf", year=2026, period="Q3")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["pavel", "alice"])
@pytest.mark.parametrize("target", ["page", "csv", "xlsx"])
def test_only_control_officers_see_the_statistics(client, request, who, target, reporting_day):
    client.force_login(request.getfixturevalue(who))
    url = (
        statistics_url(year=2026, period="Q3")
        if target == "page"
        else export_url(target, year=2026, period="Q3")
    )

    response = client.get(url)

    assert response.status_code == 403
    assert b"kp-statistics" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["page", "csv"])
def test_anonymous_is_sent_to_log_in(client, target):
    url = statistics_url() if target == "page" else export_url("csv")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
