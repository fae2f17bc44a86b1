"""The market-data CSV parser: bytes in, typed rows and line-numbered rejections out. No database."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lims.market.csv_import import FILE, LineError, PriceRow, RateRow, parse, parse_prices, parse_rates

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "market"


def reasons(errors: list[LineError]) -> dict[int, str]:
    return {error.line: error.reason for error in errors}


def test_sample_lbma_file_parses_completely():
    rows, errors = parse_prices((SAMPLES / "sample_lbma_gold_am.csv").read_bytes())
    assert errors == []
    assert len(rows) == 31  # London business days from 2 January to 13 February 2026
    assert rows[0] == PriceRow(date(2026, 1, 2), Decimal("4055.880"), line=2)
    assert rows[-1] == PriceRow(date(2026, 2, 13), Decimal("4066.530"), line=32)
    assert all(row.date.weekday() < 5 for row in rows)


def test_sample_rate_file_parses_completely():
    rows, errors = parse_rates((SAMPLES / "sample_kzt_usd.csv").read_bytes())
    assert errors == []
    assert len(rows) == 44  # every calendar day from 1 January to 13 February 2026
    assert rows[0] == RateRow(date(2026, 1, 1), "USD", Decimal("512.4800"), line=2)
    assert rows[-1] == RateRow(date(2026, 2, 13), "USD", Decimal("508.2200"), line=45)


def test_good_file_values_are_exact_decimals():
    rows, errors = parse_prices(b"date,usd_per_troy_ounce\n2026-01-05,2650.1\n2026-01-06,2651.125\n")
    assert errors == []
    assert [(row.date, row.usd_per_troy_ounce, row.line) for row in rows] == [
        (date(2026, 1, 5), Decimal("2650.100"), 2),
        (date(2026, 1, 6), Decimal("2651.125"), 3),
    ]
    assert all(isinstance(row.usd_per_troy_ounce, Decimal) for row in rows)


def test_semicolons_with_decimal_comma_or_point():
    content = b"date;currency;kzt_per_unit\r\n2026-01-05;usd;512,35\r\n2026-01-06;USD;513.1\r\n"
    rows, errors = parse_rates(content)
    assert errors == []
    assert rows == [
        RateRow(date(2026, 1, 5), "USD", Decimal("512.3500"), 2),
        RateRow(date(2026, 1, 6), "USD", Decimal("513.1000"), 3),
    ]


def test_columns_in_any_order_extra_columns_and_blank_lines_ignored():
    content = b"\nusd_per_troy_ounce,note,date\n2650.5,fixing,2026-01-05\n\n,,\n"
    rows, errors = parse_prices(content)
    assert errors == [] and rows == [PriceRow(date(2026, 1, 5), Decimal("2650.500"), 3)]


def test_byte_order_mark_is_dropped():
    rows, errors = parse_prices("\ufeffdate,usd_per_troy_ounce\n2026-01-05,2650.10\n".encode())
    assert errors == [] and rows[0].date == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("05.01.2026", "date 05.01.2026 is not in the form YYYY-MM-DD"),
        ("2026-02-30", "date 2026-02-30 does not exist"),
        ("20260105", "date 20260105 is not in the form YYYY-MM-DD"),
        ("", "date is empty"),
    ],
)
def test_bad_dates_are_rejected_with_their_line(value, reason):
    rows, errors = parse_prices(f"date,usd_per_troy_ounce\n2026-01-05,2650\n{value},2651\n".encode())
    assert [row.line for row in rows] == [2]
    assert reasons(errors) == {3: reason}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-2650.10", "usd_per_troy_ounce must be greater than zero, got -2650.10"),
        ("0", "usd_per_troy_ounce must be greater than zero, got 0"),
        ("abc", "usd_per_troy_ounce abc is not a number"),
        ("2 650.10", "usd_per_troy_ounce 2 650.10 is not a number"),
        ("2.65e3", "usd_per_troy_ounce 2.65e3 is not a number"),
        ("NaN", "usd_per_troy_ounce NaN is not a number"),
        ("2650.1234", "usd_per_troy_ounce 2650.1234 has more than 3 decimal places"),
        ("1234567890", "usd_per_troy_ounce 1234567890 is too large"),
        ("", "usd_per_troy_ounce is empty"),
    ],
)
def test_bad_prices_are_rejected(value, reason):
    rows, errors = parse_prices(f'date,usd_per_troy_ounce\n2026-01-05,"{value}"\n'.encode())
    assert rows == []
    assert len(errors) == 1 and errors[0].line == 2 and errors[0].reason.startswith(reason)


def test_decimal_comma_in_a_comma_separated_file_is_refused_not_guessed():
    content = b'date,usd_per_troy_ounce\n2026-01-05,"2650,10"\n2026-01-06,2650,10\n'
    rows, errors = parse_prices(content)
    assert rows == []
    assert "decimal comma in a comma-separated file" in reasons(errors)[2]
    assert reasons(errors)[3].startswith("has 3 fields, the header has 2 (is a comma used as the decimal")


def test_every_problem_of_a_line_is_named():
    rows, errors = parse_rates(b"date,currency,kzt_per_unit\n2026-13-01,US,-5\n")
    assert rows == []
    assert reasons(errors) == {
        2: "date 2026-13-01 does not exist; currency US is not a three-letter ISO 4217 code; "
        "kzt_per_unit must be greater than zero, got -5"
    }


def test_tenge_per_tenge_is_not_a_rate():
    rows, errors = parse_rates(b"date,currency,kzt_per_unit\n2026-01-05,KZT,1\n")
    assert rows == [] and "KZT" in reasons(errors)[2]


@pytest.mark.parametrize(
    ("content", "missing"),
    [
        (b"date,price\n2026-01-05,2650\n", "usd_per_troy_ounce"),
        (b"day;usd_per_troy_ounce\n2026-01-05;2650\n", "date"),
        (b"2026-01-05,2650.10\n", "date, usd_per_troy_ounce"),
    ],
)
def test_missing_column_rejects_the_file(content, missing):
    rows, errors = parse_prices(content)
    assert rows == []
    assert errors == [
        LineError(1, f"The header must name the columns date,usd_per_troy_ounce; missing: {missing}.")
    ]


def test_column_named_twice_rejects_the_file():
    rows, errors = parse_prices(b"date,usd_per_troy_ounce,date\n2026-01-05,2650,2026-01-06\n")
    assert rows == [] and errors == [LineError(1, "Column date appears more than once in the header.")]


def test_duplicates_within_the_file_are_all_rejected():
    content = (
        b"date,usd_per_troy_ounce\n"
        b"2026-01-05,2650.10\n"
        b"2026-01-06,2651.00\n"
        b"2026-01-05,2655.00\n"
        b"2026-01-06,oops\n"
        b"2026-01-07,2652.00\n"
    )
    rows, errors = parse_prices(content)
    assert [row.line for row in rows] == [6]
    assert reasons(errors) == {
        2: "The price of 2026-01-05 appears more than once in the file (lines 2, 4); "
        "none of these lines is imported.",
        3: "The price of 2026-01-06 appears more than once in the file (lines 3, 5); "
        "none of these lines is imported.",
        4: "The price of 2026-01-05 appears more than once in the file (lines 2, 4); "
        "none of these lines is imported.",
        5: "usd_per_troy_ounce oops is not a number (digits, one decimal separator, no thousands separators)",
    }


def test_same_date_in_two_currencies_is_not_a_duplicate_but_same_currency_is():
    content = b"date,currency,kzt_per_unit\n2026-01-05,USD,512\n2026-01-05,EUR,560\n2026-01-05,usd,513\n"
    rows, errors = parse_rates(content)
    assert [row.currency for row in rows] == ["EUR"]
    assert sorted(reasons(errors)) == [2, 4]
    assert reasons(errors)[4].startswith("The USD rate of 2026-01-05 appears more than once")


def test_non_utf8_file_is_rejected_with_a_clear_error():
    content = "date;usd_per_troy_ounce\n2026-01-05;2650,10\nДата\n".encode("cp1251")
    rows, errors = parse_prices(content)
    assert rows == []
    assert errors == [
        LineError(
            FILE,
            "The file is not UTF-8 text (byte 0xC4 on line 3 cannot be read). "
            "Save it as “CSV UTF-8” and upload it again.",
        )
    ]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n \r\n", b";;\n"])
def test_empty_file(content):
    assert parse_prices(content) == ([], [LineError(FILE, "The file is empty.")])


def test_header_without_data_lines():
    assert parse_rates(b"date,currency,kzt_per_unit\n") == (
        [],
        [LineError(FILE, "The file has a header but no data lines.")],
    )


def test_wrong_number_of_fields_and_trailing_empty_cells():
    content = b"date;usd_per_troy_ounce\n2026-01-05;2650;;\n2026-01-06\n"
    rows, errors = parse_prices(content)
    assert [row.line for row in rows] == [2]
    assert reasons(errors) == {3: "has 1 field, the header has 2"}


def test_parse_dispatches_by_kind():
    assert parse("prices", b"date,usd_per_troy_ounce\n2026-01-05,1\n").rows[0].usd_per_troy_ounce == 1
    with pytest.raises(ValueError, match="Unknown market data kind"):
        parse("silver", b"")
