"""KP statistics without a database: the periods, the table and totals on hand-made rows, the CSV and
XLSX files and the figure."""

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from django.utils import translation

from lims.control import statistics as kp

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
