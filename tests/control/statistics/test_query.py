"""KP statistics' one query over released cases, with local-time quarter boundaries."""

from decimal import Decimal

import pytest

from lims.control import statistics as kp

D = Decimal


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
