"""The Shewhart chart and Westgard rules without a database. Most series are built from z-scores around a
given center of 585.0 with an SD of 0.2, so a point's z-score is plain in the test (z = 2.5 is 585.5)."""

import json
from decimal import Decimal

import pytest

from instruments import charts
from instruments.charts import Violation

D = Decimal
CENTER, SD = D("585.0"), D("0.2")


def at(*zs: float) -> list[Decimal]:
    """Values at the given z-scores around CENTER, to 0.1 like a fineness in ‰."""
    return [(CENTER + D(str(z)) * SD).quantize(D("0.1")) for z in zs]


def chart_of(*zs: float) -> charts.Chart:
    chart = charts.shewhart(at(*zs), center=CENTER, sd=SD)
    assert chart is not None
    return chart


def warn(index: int) -> Violation:
    return Violation(index, "1_2s", rejects=False)


def reject(index: int, rule: str) -> Violation:
    return Violation(index, rule, rejects=True)


# --- Rules --------------------------------------------------------------------------------------------------


def test_clean_series_breaks_no_rule():
    chart = chart_of(0.5, -0.5, 1.5, -1.5, 0.5, -0.5, 1.9, -1.9, 0, 0.5, -0.5, 1.5, -1.5, 0.5, -0.5)

    assert chart.violations == ()
    assert chart.rejected_indexes() == set()
    assert chart.in_control
    assert chart.baseline == 0  # center and SD were given


def test_westgard_1_2s_one_point_beyond_2sd_is_a_warning_only():
    chart = chart_of(0.5, -0.5, 2.5, 0.5)

    assert chart.violations == (warn(2),)
    assert chart.rejected_indexes() == set()
    assert chart.in_control


def test_westgard_1_2s_a_point_exactly_on_2sd_is_inside():
    assert at(2, -2) == [D("585.4"), D("584.6")]
    assert chart_of(0.5, 2, -2, -0.5).violations == ()


def test_westgard_1_3s_one_point_beyond_3sd_also_carries_1_2s():
    chart = chart_of(0.5, -0.5, -3.5, 0.5)

    assert chart.violations == (warn(2), reject(2, "1_3s"))
    assert chart.rejected_indexes() == {2}
    assert chart.in_control  # the last point is fine


def test_westgard_1_3s_a_point_exactly_on_3sd_is_only_a_warning():
    assert chart_of(0.5, 3, -0.5).violations == (warn(1),)


@pytest.mark.parametrize("side", [1, -1])
def test_westgard_2_2s_two_consecutive_beyond_2sd_same_side(side):
    chart = chart_of(0.5, side * 2.5, side * 2.5, -0.5)

    assert chart.violations == (warn(1), warn(2), reject(2, "2_2s"))


def test_westgard_2_2s_does_not_fire_across_a_sign_change_which_is_r_4s():
    chart = chart_of(0.5, 2.5, -2.5, 0.5)

    assert chart.violations == (warn(1), warn(2), reject(2, "R_4s"))


def test_westgard_r_4s_from_below_to_above():
    chart = chart_of(-2.5, 2.5, 0.5)

    assert chart.violations == (warn(0), warn(1), reject(1, "R_4s"))


def test_westgard_2_2s_and_r_4s_need_consecutive_points():
    chart = chart_of(2.5, 0.5, 2.5, -0.5, -2.5)

    assert chart.violations == (warn(0), warn(2), warn(4))


@pytest.mark.parametrize("side", [1, -1])
def test_westgard_4_1s_four_consecutive_beyond_1sd_same_side_at_every_completing_point(side):
    chart = chart_of(-side * 0.5, *[side * 1.5] * 5, -side * 0.5)

    # Points 1-4 complete the rule; point 5 completes it again with points 2-5.
    assert chart.violations == (reject(4, "4_1s"), reject(5, "4_1s"))
    assert chart.in_control


def test_westgard_4_1s_is_broken_by_a_sign_change_or_a_point_within_1sd():
    assert chart_of(1.5, 1.5, -1.5, 1.5, 1.5, 1.5, 0.5, 1.5).violations == ()


def test_westgard_10_x_at_point_10_and_11_of_a_long_run():
    chart = chart_of(*[0.5] * 11, -0.5)

    assert chart.violations == (reject(9, "10_x"), reject(10, "10_x"))
    assert chart.in_control  # the 12th point went back below the center


def test_westgard_10_x_below_the_center_rejects_the_last_point():
    chart = chart_of(0.5, *[-0.5] * 10)

    assert chart.violations == (reject(10, "10_x"),)
    assert not chart.in_control


def test_westgard_10_x_is_broken_by_a_point_on_the_center():
    assert chart_of(*[0.5] * 9, 0, *[0.5] * 9).violations == ()


def test_one_point_breaking_several_rules_lists_each_in_rule_order():
    chart = chart_of(*[1.5] * 9, 2.5, 3.5)

    assert chart.violations == (
        *[reject(index, "4_1s") for index in range(3, 9)],
        warn(9),
        reject(9, "4_1s"),
        reject(9, "10_x"),
        warn(10),
        reject(10, "1_3s"),
        reject(10, "2_2s"),
        reject(10, "4_1s"),
        reject(10, "10_x"),
    )
    assert chart.rejected_indexes() == set(range(3, 11))
    assert not chart.in_control


def test_in_control_looks_at_the_last_point_only():
    assert not chart_of(0.5, -0.5, 3.5).in_control
    assert chart_of(0.5, 3.5, -0.5).in_control
    assert chart_of(0.5, -0.5, 2.5).in_control  # a warning does not reject the run


# --- Center, SD and limits ----------------------------------------------------------------------------------


def test_baseline_computed_from_the_first_points_only():
    chart = charts.shewhart([D("585.0"), D("585.2"), D("585.4"), D("585.9")], baseline=3)

    # Mean of the first three 585.2; sample SD sqrt((0.04 + 0 + 0.04) / 2) = 0.2.
    assert (chart.center, chart.sd, chart.baseline) == (D("585.2"), D("0.2"), 3)
    # 585.9 is 3.5 SD above the center, and does not move it.
    assert chart.violations == (warn(3), reject(3, "1_3s"))


def test_baseline_uses_every_point_when_there_are_fewer():
    chart = charts.shewhart([D("585.0"), D("585.2"), D("585.4")])

    assert (chart.center, chart.sd, chart.baseline) == (D("585.2"), D("0.2"), 3)


def test_baseline_center_is_rounded_for_display_but_limits_use_the_exact_mean():
    chart = charts.shewhart([D("585.0"), D("585.1"), D("585.1")])

    # Mean 585.0666…; deviations −0.2/3, 0.1/3, 0.1/3: SD = sqrt((0.06 / 9) / 2) = 0.1 / √3 = 0.0577350…
    assert chart.center == D("585.1")
    assert chart.sd.quantize(D("0.0000001")) == D("0.0577350")
    assert chart.limits() == {
        "1s": (D("585.0"), D("585.1")),  # 585.0089…, 585.1244…
        "2s": (D("585.0"), D("585.2")),  # 584.9512…, 585.1821…
        "3s": (D("584.9"), D("585.2")),  # 584.8935…, 585.2399… (585.3 from the rounded center)
    }


def test_a_given_center_keeps_the_sd_of_the_baseline():
    chart = charts.shewhart([D("585.1"), D("585.3"), D("585.5")], center=D("585.000"))

    assert (chart.center, chart.sd, chart.baseline) == (D("585.0"), D("0.2"), 3)
    # The SD is about the points' own mean 585.3; z-scores from the given center are 0.5, 1.5, 2.5.
    assert chart.violations == (warn(2),)


def test_limits_of_a_given_center_and_sd():
    assert chart_of(0.5, -0.5, 0).limits() == {
        "1s": (D("584.8"), D("585.2")),
        "2s": (D("584.6"), D("585.4")),
        "3s": (D("584.4"), D("585.6")),
    }


def test_limits_follow_the_most_precise_value():
    chart = charts.shewhart([D("585.0"), D("585.12"), D("585.1")], center=CENTER, sd=SD)

    assert chart.center == D("585.00")
    assert [str(low) for low, _high in chart.limits().values()] == ["584.80", "584.60", "584.40"]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_3_points_make_no_chart(count):
    assert charts.shewhart(at(*[0.5] * count)) is None
    assert charts.shewhart(at(*[0.5] * count), center=CENTER, sd=SD) is None


def test_sd_0_makes_no_chart():
    assert charts.shewhart([D("585.0")] * 5) is None
    assert charts.shewhart(at(0.5, 1, 2), center=CENTER, sd=D("0.0")) is None


@pytest.mark.parametrize(
    "kwargs",
    [{"sd": D("-0.2")}, {"baseline": 1}],
)
def test_nonsense_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        charts.shewhart(at(0.5, 1, 2), **kwargs)


def test_values_must_be_finite_decimals():
    with pytest.raises(ValueError):
        charts.shewhart([D("585.0"), D("NaN"), D("585.2")])
    with pytest.raises(ValueError):
        charts.shewhart([585.0, 585.1, 585.2])


def test_rules_describe_every_rule_in_order():
    assert list(charts.RULES) == ["1_2s", "1_3s", "2_2s", "R_4s", "4_1s", "10_x"]
    assert str(charts.RULES["1_3s"]) == "One point beyond 3 SD"


# --- Figure -------------------------------------------------------------------------------------------------

LABELS = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]


def test_figure_draws_values_limits_and_marks_warnings_and_rejections():
    chart = chart_of(0.5, 2.5, -0.5, 3.5, 0.5)

    figure = charts.figure(chart, labels=LABELS, title="Au 585, XRF-1", unit="‰")

    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Center",
        "±2 SD (warning limits)",
        "±3 SD (action limits)",
        "Result",
        "Warning",
        "Rejected",
    ]
    center, warning_lines, action_lines, result, warned, rejected = figure["data"]
    assert center["y"] == [585.0, 585.0]
    assert warning_lines["y"] == [584.6, 584.6, None, 585.4, 585.4]
    assert warning_lines["line"]["dash"] == "dash"
    assert action_lines["y"] == [584.4, 584.4, None, 585.6, 585.6]
    assert result["mode"] == "lines+markers"
    assert result["x"] == LABELS
    assert result["y"] == [585.1, 585.5, 584.9, 585.7, 585.1]
    assert warned["x"] == ["2026-11-17"]
    assert rejected["x"] == ["2026-11-19"]
    assert rejected["marker"]["color"] == charts.RED
    assert warned["marker"]["color"] == charts.ORANGE
    # The hover holds the exact Decimal and the rules the point breaks.
    value, rules = rejected["customdata"][0]
    assert value == "585.7"
    assert "1_3s: One point beyond 3 SD" in rules
    assert "1_2s" in rules
    assert "‰" in rejected["hovertemplate"]
    layout = figure["layout"]
    assert layout["title"]["text"] == "Au 585, XRF-1"
    assert layout["yaxis"]["title"]["text"] == "Result, ‰"
    assert layout["xaxis"]["type"] == "category"
    json.dumps(figure)  # JSON-ready as it is


def test_figure_of_a_clean_series_has_no_warning_or_rejection_trace():
    figure = charts.figure(chart_of(0.5, -0.5, 0.5, -0.5, 0), labels=LABELS, title="", unit="")

    assert [trace["name"] for trace in figure["data"]] == [
        "Center", "±2 SD (warning limits)", "±3 SD (action limits)", "Result"
    ]  # fmt: skip
    assert figure["data"][3]["customdata"][4] == ["585.0", ""]
    assert figure["layout"]["yaxis"]["title"]["text"] == "Result"


def test_figure_needs_one_label_per_value():
    with pytest.raises(ValueError):
        charts.figure(chart_of(0.5, -0.5, 0.5), labels=LABELS, title="", unit="")
