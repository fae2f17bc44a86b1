"""The numpy batch path agrees exactly with the Decimal path (lims.assay.fineness). Pure."""

import math
import statistics
from collections import Counter
from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.assay import batch
from lims.assay.fineness import AssayInputError, conformity, replicates

GOLD_EAEU = [D(x) for x in ("375", "500", "583", "585", "750", "958", "999")]


def decimal_verdict(screening, i):
    """Row i of a Screening in the shape of fineness.Conformity's fields."""
    return (
        batch.to_decimal(screening.judged[i]),
        None if screening.undeclared[i] else bool(screening.conforms[i]),
        None if screening.assignable[i] == batch.NONE else batch.to_decimal(screening.assignable[i]),
        bool(screening.is_precious_article[i]),
    )


def reference_verdict(measured, **kwargs):
    result = conformity(measured, **kwargs)
    return (result.judged_value, result.conforms, result.assignable, result.is_precious_article)


# --- Worked examples ----------------------------------------------------------------------------------------


def test_no_negative_tolerance_and_the_next_lower_standard():
    screening = batch.screen([D("584.9"), D("585.09")], declared=D("585"), standards=GOLD_EAEU)
    assert decimal_verdict(screening, 0) == (D("584.9"), False, D("583"), True)
    assert decimal_verdict(screening, 1) == (D("585.0"), True, D("585"), True)  # 585.09 floors to 585.0


def test_pure_gold():
    screening = batch.screen(["1000.0"], declared="999", standards=GOLD_EAEU)
    assert decimal_verdict(screening, 0) == (D("1000.0"), True, D("999"), True)


def test_below_the_lowest_standard_is_not_a_precious_metal_article():
    screening = batch.screen(["374.99", "12"], declared=["375", None], standards=GOLD_EAEU)
    assert decimal_verdict(screening, 0) == (D("374.9"), False, None, False)
    assert decimal_verdict(screening, 1) == (D("12.0"), None, None, False)


def test_uncertainty_subtracted_only_when_the_policy_says_so():
    kwargs = {"declared": "585", "standards": GOLD_EAEU, "uncertainty": D("0.5")}
    assert decimal_verdict(batch.screen(["585.3"], **kwargs, subtract_uncertainty=True), 0) == (
        D("584.8"),
        False,
        D("583"),
        True,
    )
    assert decimal_verdict(batch.screen(["585.3"], **kwargs), 0) == (D("585.3"), True, D("585"), True)


def test_summary_counts():
    screening = batch.screen(
        ["584.9", "585.0", "750.2", "370", "999.9"],
        declared=["585", "585", "750", None, None],
        standards=GOLD_EAEU,
    )
    summary = screening.summary()
    assert (summary.total, summary.conforming, summary.not_conforming) == (5, 2, 1)
    assert (summary.undeclared, summary.not_precious) == (2, 1)
    assert summary.by_standard == {D(s): n for s, n in zip(GOLD_EAEU, [0, 0, 1, 1, 1, 0, 1], strict=True)}


def test_replicate_statistics():
    stats = batch.replicate_stats([["585.1", "585.3", "585.2"], ["750", "751", "749.5"]])
    assert [batch.to_decimal(r) for r in stats.range] == [D("0.2"), D("1.5")]
    assert stats.mean == pytest.approx([585.2, statistics.mean([750, 751, 749.5])])
    assert stats.std == pytest.approx([0.1, statistics.stdev([750, 751, 749.5])])
    assert stats.repeat_required(limit=D("0.3")).tolist() == [False, True]
    assert stats.repeat_required(limit=D("0.3"), minimum=4).tolist() == [True, True]


def test_a_single_replicate_has_no_standard_deviation():
    stats = batch.replicate_stats([["585.1"]])
    assert math.isnan(stats.std[0])
    assert stats.repeat_required(limit=D("0.3")).tolist() == [True]
    assert stats.repeat_required(limit=D("0.3"), minimum=1).tolist() == [False]


# --- Inputs refused -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("585.00001", "too_many_places"),
        ("585.00000000000000000000000001", "too_many_places"),  # beyond 28 digits: still refused
        ("1000.0001", "out_of_range"),
        ("-0.1", "out_of_range"),
        ("abc", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        (584.9, "not_a_number"),  # floats are not exact
        (None, "not_a_number"),
    ],
)
def test_inexact_or_impossible_finenesses_are_refused(value, code):
    with pytest.raises(ValueError, match="fineness") as error:
        batch.screen([value], declared=None, standards=GOLD_EAEU)
    assert error.value.code == code


def test_trailing_zeros_are_exact_and_accepted():
    assert batch.to_units(["585.00000", D("1E+3"), 0]).tolist() == [5_850_000, 10_000_000, 0]


def test_other_inputs_are_checked_too():
    with pytest.raises(AssayInputError, match="declared fineness"):
        batch.screen(["585"], declared=["585.00001"], standards=GOLD_EAEU)
    with pytest.raises(AssayInputError, match="1 declarations for 2 readings"):
        batch.screen(["585", "586"], declared=["585"], standards=GOLD_EAEU)
    with pytest.raises(AssayInputError, match="uncertainty"):
        batch.screen(["585"], declared=None, standards=GOLD_EAEU, uncertainty="-0.5")
    with pytest.raises(AssayInputError, match="no standard"):
        batch.screen(["585"], declared=None, standards=[])
    for table in ([["585", "586"], ["585"]], [], [[]], ["585.1", "585.2"]):
        with pytest.raises(AssayInputError, match="replicates must be"):
            batch.replicate_stats(table)


# --- The batch path is the Decimal path ---------------------------------------------------------------------


def finenesses(low=0, high=1000):
    """Up to 4 decimal places, uniformly or close to a gold standard (where verdicts turn)."""
    anywhere = st.integers(0, 4).flatmap(lambda places: st.decimals(low, high, places=places))
    near_standard = st.builds(
        lambda standard, offset: standard + D(offset).scaleb(-4),
        st.sampled_from(GOLD_EAEU),
        st.integers(-2000, 2000),
    ).filter(lambda value: low <= value <= high)
    return st.one_of(anywhere, near_standard)


@given(
    measured=st.lists(finenesses(), min_size=1, max_size=30),
    declared=st.lists(st.none() | finenesses(), min_size=30, max_size=30),
    standards=st.sampled_from([GOLD_EAEU]) | st.lists(finenesses(), min_size=1, max_size=6),
    uncertainty=finenesses(0, 5),
    subtract_uncertainty=st.booleans(),
)
def test_every_field_equals_the_decimal_path(
    measured, declared, standards, uncertainty, subtract_uncertainty
):
    declared = declared[: len(measured)]
    policy = {
        "standards": standards,
        "uncertainty": uncertainty,
        "subtract_uncertainty": subtract_uncertainty,
    }
    screening = batch.screen(measured, declared=declared, **policy)
    for i, value in enumerate(measured):
        assert decimal_verdict(screening, i) == reference_verdict(value, declared=declared[i], **policy)


@given(
    table=st.integers(1, 6).flatmap(
        lambda k: st.lists(st.lists(finenesses(), min_size=k, max_size=k), min_size=1, max_size=10)
    ),
    limit=finenesses(0, 5),
    minimum=st.integers(1, 4),
)
def test_ranges_and_repeat_flags_equal_the_decimal_path(table, limit, minimum):
    stats = batch.replicate_stats(table)
    flags = stats.repeat_required(limit=limit, minimum=minimum)
    for i, row in enumerate(table):
        reference = replicates(row, limit=limit, minimum=minimum)
        assert batch.to_decimal(stats.range[i]) == reference.spread
        assert bool(flags[i]) == reference.repeat_required
        assert stats.mean[i] == pytest.approx(float(sum(row) / len(row)))


def test_ten_thousand_readings_count_as_the_decimal_path_does():
    rng = np.random.default_rng(585)
    measured = [
        D(int(units)).scaleb(-4) for units in rng.integers(3_500_000, 10_000_000, 10_000, endpoint=True)
    ]
    declared = [[None, *GOLD_EAEU][i] for i in rng.integers(0, len(GOLD_EAEU), 10_000, endpoint=True)]
    policy = {"standards": GOLD_EAEU, "uncertainty": D("0.3"), "subtract_uncertainty": True}

    summary = batch.screen(measured, declared=declared, **policy).summary()

    verdicts = [conformity(m, declared=d, **policy) for m, d in zip(measured, declared, strict=True)]
    assert summary.total == 10_000
    assert summary.conforming == sum(v.conforms is True for v in verdicts)
    assert summary.not_conforming == sum(v.conforms is False for v in verdicts)
    assert summary.undeclared == sum(v.conforms is None for v in verdicts)
    assert summary.not_precious == sum(not v.is_precious_article for v in verdicts)
    by_standard = Counter(v.assignable for v in verdicts if v.assignable is not None)
    assert summary.by_standard == {standard: by_standard[standard] for standard in GOLD_EAEU}
    assert summary.not_precious > 0 and summary.not_conforming > 0  # the batch exercises every count


def test_the_kernel_takes_units_directly():
    screening = batch.screen_units(
        np.array([5_849_999, 5_850_000]),
        declared=np.array([5_850_000, batch.NONE]),
        standards=batch.to_units(GOLD_EAEU),
    )
    assert screening.judged.tolist() == [5_849_000, 5_850_000]
    assert screening.conforms.tolist() == [False, False]
    assert screening.undeclared.tolist() == [False, True]
