"""KP statistics: the periods, the pure table/totals/files/figure on hand-made rows, the one query over
released cases (local-time quarter boundaries), and the officer-only page and downloads."""

import io
import json
from datetime import date, datetime
from decimal import Decimal
from itertools import count

import openpyxl
import pandas as pd
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from lims.control import statistics as kp
from lims.control.models import (
    CaseStatus,
    ControlCase,
    Direction,
    GoodsCategory,
    KimberleyCertificate,
    KimberleyLine,
    QuantityUnit,
)
from tests.factories import ApplicantFactory

D = Decimal

# --- Periods ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("Q2", date(2026, 4, 1), date(2026, 7, 1)),
        ("Q3", date(2026, 7, 1), date(2026, 10, 1)),
        ("Q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("H1", date(2026, 1, 1), date(2026, 7, 1)),
        ("H2", date(2026, 7, 1), date(2027, 1, 1)),
    ],
)
def test_period_bounds(period, start, end):
    assert kp.period_bounds(2026, period) == (start, end)


@pytest.mark.parametrize("period", ["Q5", "q1", "H3", "", None, "2026-Q1"])
def test_period_bounds_rejects_unknown_periods(period):
    with pytest.raises(ValueError):
        kp.period_bounds(2026, period)


def test_period_bounds_rejects_a_year_a_date_cannot_hold():
    with pytest.raises(ValueError):
        kp.period_bounds(0, "Q1")


def test_periods_offer_every_code_with_a_label():
    assert [code for code, _label in kp.PERIODS] == ["Q1", "Q2", "Q3", "Q4", "H1", "H2"]
    assert str(dict(kp.PERIODS)["H1"]) == "1st half-year"
    assert kp.period_label(2026, "Q3") == "3rd quarter of 2026"


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 1, 1), "Q1"),
        (date(2026, 3, 31), "Q1"),
        (date(2026, 7, 1), "Q3"),
        (date(2026, 12, 31), "Q4"),
    ],
)
def test_quarter_of(day, quarter):
    assert kp.quarter_of(day) == quarter


# --- The table, pure ----------------------------------------------------------------------------------------


def row(direction, hs_code, partner, carats, usd, certificate_id):
    return {
        "direction": direction,
        "hs_code": hs_code,
        "partner": partner,
        "carats": D(carats),
        "value_usd": D(usd),
        "certificate_id": certificate_id,
    }


# Two import certificates from Belgium with two HS lines each, one from Botswana; two exports to the UAE
# (two lines on one certificate) and one to India. Given in no particular order.
ROWS = [
    row("export", "7102.31", "AE", "100.10", "50000.05", 20),
    row("import", "7102.10", "BE", "10.25", "1000.10", 1),
    row("import", "7102.31", "BE", "5.50", "2500.00", 1),
    row("import", "7102.10", "BE", "0.75", "99.95", 2),
    row("import", "7102.31", "BE", "1.01", "0.01", 2),
    row("import", "7102.21", "BW", "3.33", "333.33", 3),
    row("export", "7102.21", "AE", "7.00", "700.00", 20),
    row("export", "7102.31", "AE", "0.90", "0.95", 21),
    row("export", "7102.31", "IN", "12.34", "5678.90", 22),
]


def test_kp_table_sums_exact_decimals_and_counts_distinct_certificates():
    table = kp.kp_table(ROWS)

    assert list(table.columns) == [
        "direction",
        "hs_code",
        "partner_country",
        "carats",
        "value_usd",
        "certificates",
    ]
    assert table.to_dict("records") == [
        {"direction": "import", "hs_code": "7102.10", "partner_country": "BE", "carats": D("11.00"),
         "value_usd": D("1100.05"), "certificates": 2},
        {"direction": "import", "hs_code": "7102.21", "partner_country": "BW", "carats": D("3.33"),
         "value_usd": D("333.33"), "certificates": 1},
        {"direction": "import", "hs_code": "7102.31", "partner_country": "BE", "carats": D("6.51"),
         "value_usd": D("2500.01"), "certificates": 2},
        {"direction": "export", "hs_code": "7102.21", "partner_country": "AE", "carats": D("7.00"),
         "value_usd": D("700.00"), "certificates": 1},
        {"direction": "export", "hs_code": "7102.31", "partner_country": "AE", "carats": D("101.00"),
         "value_usd": D("50001.00"), "certificates": 2},
        {"direction": "export", "hs_code": "7102.31", "partner_country": "IN", "carats": D("12.34"),
         "value_usd": D("5678.90"), "certificates": 1},
    ]  # fmt: skip
    # Exact Decimals, never floats, with the two decimals certificates state.
    assert all(isinstance(value, Decimal) for value in [*table["carats"], *table["value_usd"]])
    assert str(table.loc[0, "carats"]) == "11.00"


def test_kp_table_of_no_rows_is_empty_with_the_columns():
    table = kp.kp_table([])

    assert table.empty
    assert list(table.columns) == kp.COLUMNS


def test_kp_totals_count_a_certificate_with_two_hs_codes_once():
    totals = kp.kp_totals(ROWS)
    table = kp.kp_table(ROWS)

    assert list(totals) == ["import", "export"]
    assert totals["import"] == {"carats": D("20.84"), "value_usd": D("3933.39"), "certificates": 3}
    assert totals["export"] == {"carats": D("120.34"), "value_usd": D("56379.90"), "certificates": 3}
    # Carats and USD agree with the table; certificates cannot be summed from it (5 and 4 group counts).
    for direction, total in totals.items():
        lines = table[table["direction"] == direction]
        assert sum(lines["carats"], D(0)) == total["carats"]
        assert sum(lines["value_usd"], D(0)) == total["value_usd"]
    assert table[table["direction"] == "import"]["certificates"].sum() == 5
    assert table[table["direction"] == "export"]["certificates"].sum() == 4


def test_kp_totals_of_no_rows_is_empty():
    assert kp.kp_totals([]) == {}


# --- Files and figure, pure ---------------------------------------------------------------------------------

HEADERS = ["Direction", "HS code", "Partner country", "Country code", "Carats", "Value, USD", "Certificates"]


def test_csv_prints_exact_decimals_with_a_bom_and_translated_headers():
    content = kp.to_csv(kp.kp_table(ROWS))

    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == 'Direction,HS code,Partner country,Country code,Carats,"Value, USD",Certificates'
    assert lines[1] == "Import,7102.10,Belgium,BE,11.00,1100.05,2"
    assert lines[4] == "Export,7102.21,United Arab Emirates,AE,7.00,700.00,1"
    assert len(lines) == 7

    read = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
    assert list(read.columns) == HEADERS
    assert [D(value) for value in read["Carats"]] == [
        D("11.00"), D("3.33"), D("6.51"), D("7.00"), D("101.00"), D("12.34")
    ]  # fmt: skip
    assert [D(value) for value in read["Value, USD"]] == [
        D("1100.05"), D("333.33"), D("2500.01"), D("700.00"), D("50001.00"), D("5678.90")
    ]  # fmt: skip
    assert list(read["Certificates"]) == ["2", "1", "2", "1", "2", "1"]


def test_csv_names_countries_and_headers_in_the_active_language():
    with translation.override("ru"):
        text = kp.to_csv(kp.kp_table(ROWS)).decode("utf-8")

    assert "Бельгия,BE,11.00,1100.05,2" in text
    assert "Объединённые Арабские Эмираты,AE" in text


def test_xlsx_round_trip_gives_the_numbers_as_numbers():
    content = kp.to_xlsx(kp.kp_table(ROWS))

    # The file keeps the HS codes as text ("7102.10", not the number 7102.1); read them back as text.
    read = pd.read_excel(io.BytesIO(content), dtype={"HS code": str})
    assert list(read.columns) == HEADERS
    assert list(read["Partner country"]) == ["Belgium", "Botswana", "Belgium", "United Arab Emirates"] + [
        "United Arab Emirates",
        "India",
    ]
    assert list(read["Country code"]) == ["BE", "BW", "BE", "AE", "AE", "IN"]
    assert list(read["HS code"]) == ["7102.10", "7102.21", "7102.31", "7102.21", "7102.31", "7102.31"]
    # Numeric cells, each equal to the exact figure at two decimals.
    assert read["Carats"].dtype.kind == "f"
    assert [D(str(value)).quantize(D("0.01")) for value in read["Carats"]] == [
        D("11.00"), D("3.33"), D("6.51"), D("7.00"), D("101.00"), D("12.34")
    ]  # fmt: skip
    assert [D(str(value)).quantize(D("0.01")) for value in read["Value, USD"]] == [
        D("1100.05"), D("333.33"), D("2500.01"), D("700.00"), D("50001.00"), D("5678.90")
    ]  # fmt: skip
    assert list(read["Certificates"]) == [2, 1, 2, 1, 2, 1]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    hs_cell, carats_cell = sheet["B2"], sheet["E2"]
    assert (hs_cell.value, hs_cell.data_type, hs_cell.number_format) == ("7102.10", "s", "@")
    assert (carats_cell.value, carats_cell.data_type, carats_cell.number_format) == (11, "n", "#,##0.00")


def test_exports_of_an_empty_period_hold_the_headers_only():
    table = kp.kp_table([])

    assert kp.to_csv(table).decode("utf-8-sig").splitlines() == [
        'Direction,HS code,Partner country,Country code,Carats,"Value, USD",Certificates'
    ]
    read = pd.read_excel(io.BytesIO(kp.to_xlsx(table)))
    assert list(read.columns) == HEADERS
    assert read.empty


def test_figure_has_one_bar_trace_per_direction_and_hs_code():
    figure = kp.kp_figure(kp.kp_table(ROWS))

    traces = [(trace["type"], trace["name"], trace["x"], trace["y"]) for trace in figure["data"]]
    assert traces == [
        ("bar", "Import 7102.10", ["Belgium"], [11.0]),
        ("bar", "Import 7102.21", ["Botswana"], [3.33]),
        ("bar", "Import 7102.31", ["Belgium"], [6.51]),
        ("bar", "Export 7102.21", ["United Arab Emirates"], [7.0]),
        ("bar", "Export 7102.31", ["United Arab Emirates", "India"], [101.0, 12.34]),
    ]
    # The hover carries the exact figures and the certificate count.
    assert figure["data"][4]["customdata"] == [["101.00", "50001.00", 2], ["12.34", "5678.90", 1]]
    layout = figure["layout"]
    assert layout["barmode"] == "group"
    assert layout["xaxis"]["title"]["text"] == "Partner country"
    assert layout["yaxis"]["title"]["text"] == "Carats"
    assert layout["title"]["text"] == "Rough diamonds by partner country, carats"
    json.dumps(figure)  # JSON-ready as it is


def test_figure_of_an_empty_period_says_so():
    figure = kp.kp_figure(kp.kp_table([]), title="Q1")

    assert figure["data"] == []
    assert [note["text"] for note in figure["layout"]["annotations"]] == ["No certificates in this period"]
    assert figure["layout"]["title"]["text"] == "Q1"


def test_figure_names_countries_in_the_active_language():
    with translation.override("ru"):
        figure = kp.kp_figure(kp.kp_table(ROWS))

    assert figure["data"][0]["x"] == ["Бельгия"]
    assert figure["data"][3]["x"] == ["Объединённые Арабские Эмираты"]


# --- The query ----------------------------------------------------------------------------------------------

_numbers = count(1)


def local(*args) -> datetime:
    """A moment on the local clock (TIME_ZONE)."""
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def make_case(
    officer,
    *,
    direction,
    partner,
    issuing,
    lines,
    status=CaseStatus.RELEASED,
    decided_at=None,
    applicant=None,
):
    """A rough-diamond case with its KP certificate and lines, written straight to the tables (the
    services' own tests cover the workflow; here only the stored state matters)."""
    n = next(_numbers)
    carats = sum((D(c) for _hs, c, _usd in lines), D(0))
    usd = sum((D(u) for _hs, _c, u in lines), D(0))
    case = ControlCase.objects.create(
        number=f"SC-TEST-{n:06d}",
        applicant=applicant or ApplicantFactory(),
        direction=direction,
        category=GoodsCategory.ROUGH_DIAMONDS,
        hs_code=lines[0][0],
        partner_country=partner,
        description="Rough diamonds",
        quantity=carats,
        unit=QuantityUnit.CARATS,
        value=usd,
        opened_by=officer,
        status=status,
        decided_by=officer if decided_at else None,
        decided_at=decided_at,
        act_number=f"AC-TEST-{n:06d}" if status == CaseStatus.RELEASED else None,
        refusal_reason="The seals were broken." if status == CaseStatus.REFUSED else "",
    )
    certificate = KimberleyCertificate.objects.create(
        case=case,
        direction=direction,
        issuing_country=issuing,
        issuing_authority="Diamond Office",
        origin=issuing,
        exporter="Exporter",
        importer="Importer",
        parcels=1,
        recorded_by=officer,
    )
    for hs_code, line_carats, line_usd in lines:
        KimberleyLine.objects.create(
            certificate=certificate, hs_code=hs_code, carats=D(line_carats), value_usd=D(line_usd)
        )
    return case


@pytest.fixture
def almaty_time(settings):
    # Kazakhstan's time (UTC+5): 03:00 on 1 July is still 30 June in UTC, so the boundary tests tell local
    # days from UTC days.
    settings.TIME_ZONE = "Asia/Almaty"


@pytest.fixture
def q3_cases(victor, almaty_time):
    """Q3 2026: a released import whose lot was shipped from Dubai on a Belgian certificate, a released
    export to the UAE, and around them what must not count."""
    applicant = ApplicantFactory()
    cases = {
        "import": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="AE",
            issuing="BE",
            lines=[("7102.10", "10.25", "1000.10"), ("7102.31", "5.50", "2500.00")],
            decided_at=local(2026, 8, 10, 12, 0),
            applicant=applicant,
        ),
        "export": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="AE",
            issuing="KZ",
            lines=[("7102.21", "7.00", "700.00")],
            decided_at=local(2026, 9, 30, 23, 59),
            applicant=applicant,
        ),
        # Local 1 July 03:00 is 30 June 22:00 UTC: in Q3 by the local calendar.
        "early_q3": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="BW",
            issuing="BW",
            lines=[("7102.21", "3.33", "333.33")],
            decided_at=local(2026, 7, 1, 3, 0),
            applicant=applicant,
        ),
        "last_evening_of_q2": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="IN",
            issuing="IN",
            lines=[("7102.10", "1.00", "100.00")],
            decided_at=local(2026, 6, 30, 23, 30),
            applicant=applicant,
        ),
        "first_moment_of_q4": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="IN",
            issuing="KZ",
            lines=[("7102.10", "2.00", "200.00")],
            decided_at=local(2026, 10, 1, 0, 0),
            applicant=applicant,
        ),
        "refused": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="BE",
            issuing="BE",
            lines=[("7102.10", "99.00", "9900.00")],
            status=CaseStatus.REFUSED,
            decided_at=local(2026, 8, 1, 10, 0),
            applicant=applicant,
        ),
        "open": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="BE",
            issuing="KZ",
            lines=[("7102.31", "55.00", "5500.00")],
            status=CaseStatus.OPEN,
            applicant=applicant,
        ),
    }
    return cases


def _comparable(rows):
    return sorted((r["direction"], r["hs_code"], r["partner"], r["carats"], r["value_usd"]) for r in rows)


@pytest.mark.django_db
def test_kp_rows_reads_released_cases_of_the_period_in_one_query(q3_cases, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = kp.kp_rows(*kp.period_bounds(2026, "Q3"))

    assert _comparable(rows) == [
        ("export", "7102.21", "AE", D("7.00"), D("700.00")),
        ("import", "7102.10", "BE", D("10.25"), D("1000.10")),
        ("import", "7102.21", "BW", D("3.33"), D("333.33")),
        ("import", "7102.31", "BE", D("5.50"), D("2500.00")),
    ]
    certificate_ids = {row["certificate_id"] for row in rows}
    assert certificate_ids == {q3_cases[name].kp_certificate.pk for name in ("import", "export", "early_q3")}


@pytest.mark.django_db
def test_kp_rows_partner_is_the_issuing_state_on_import_and_the_destination_on_export(q3_cases):
    rows = kp.kp_rows(*kp.period_bounds(2026, "Q3"))

    by_certificate = {row["certificate_id"]: row["partner"] for row in rows}
    # Shipped from the UAE with a Belgian certificate: Belgium is the partner.
    assert by_certificate[q3_cases["import"].kp_certificate.pk] == "BE"
    # Kazakhstan's own certificate: the partner is where the lot goes.
    assert by_certificate[q3_cases["export"].kp_certificate.pk] == "AE"


@pytest.mark.django_db
def test_kp_rows_quarter_boundaries_are_local_days(q3_cases):
    q2 = kp.kp_rows(*kp.period_bounds(2026, "Q2"))
    q4 = kp.kp_rows(*kp.period_bounds(2026, "Q4"))
    h1 = kp.kp_rows(*kp.period_bounds(2026, "H1"))
    h2 = kp.kp_rows(*kp.period_bounds(2026, "H2"))

    assert _comparable(q2) == [("import", "7102.10", "IN", D("1.00"), D("100.00"))]
    assert _comparable(q4) == [("export", "7102.10", "IN", D("2.00"), D("200.00"))]
    assert _comparable(h1) == _comparable(q2)
    assert len(h2) == 5  # Q3's four lines and Q4's one


@pytest.mark.django_db
def test_kp_rows_of_an_empty_period(q3_cases):
    assert kp.kp_rows(*kp.period_bounds(2025, "Q3")) == []


@pytest.mark.django_db
def test_kp_table_and_totals_from_the_database(q3_cases):
    rows = kp.kp_rows(*kp.period_bounds(2026, "Q3"))

    table = kp.kp_table(rows)
    assert list(table.itertuples(index=False, name=None)) == [
        ("import", "7102.10", "BE", D("10.25"), D("1000.10"), 1),
        ("import", "7102.21", "BW", D("3.33"), D("333.33"), 1),
        ("import", "7102.31", "BE", D("5.50"), D("2500.00"), 1),
        ("export", "7102.21", "AE", D("7.00"), D("700.00"), 1),
    ]
    assert kp.kp_totals(rows) == {
        "import": {"carats": D("19.08"), "value_usd": D("3833.43"), "certificates": 2},
        "export": {"carats": D("7.00"), "value_usd": D("700.00"), "certificates": 1},
    }


# --- The page and the downloads -----------------------------------------------------------------------------

# Early October: Q3's report is due within two months.
REPORTING_DAY = datetime(2026, 10, 5, 10, 0, tzinfo=timezone.get_fixed_timezone(5 * 60))


@pytest.fixture
def reporting_day():
    with time_machine.travel(REPORTING_DAY, tick=False):
        yield


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
    assert response["Content-Type"] == kp.XLSX_CONTENT_TYPE
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
