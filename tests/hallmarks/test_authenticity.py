"""The verdict rules of `lims.hallmarks.authenticity`, one test per rule. Pure: no database."""

from datetime import date
from decimal import Decimal

import pytest

from lims.hallmarks import authenticity as a
from lims.hallmarks.authenticity import AssayMarkEntry, NameMarkEntry, Observation

TODAY = date(2026, 3, 2)

GOLD_585 = AssayMarkEntry(1, "KZA", "Au", Decimal("585"), date(2016, 1, 1))
SILVER_585 = AssayMarkEntry(2, "KZS", "Ag", Decimal("585"), date(2016, 1, 1))
OLD_GOLD_583 = AssayMarkEntry(3, "KZA", "Au", Decimal("583"), date(2000, 1, 1), date(2015, 12, 31))
FUTURE_GOLD_750 = AssayMarkEntry(4, "KZA", "Au", Decimal("750"), date(2027, 1, 1))
ASSAY_REGISTRY = [GOLD_585, SILVER_585, OLD_GOLD_583, FUTURE_GOLD_750]

ZERGER = NameMarkEntry(10, "ZRG", a.ACTIVE, date(2020, 5, 1))
SUSPENDED = NameMarkEntry(11, "SUS", a.SUSPENDED, date(2019, 1, 1))
REVOKED = NameMarkEntry(12, "REV", a.REVOKED, date(2019, 1, 1))
CYRILLIC = NameMarkEntry(13, "АВС", a.ACTIVE, date(2019, 1, 1))  # Cyrillic А, В, С
VETERAN = NameMarkEntry(14, "VET", a.ACTIVE, date(2005, 1, 1))
NAME_REGISTRY = [ZERGER, SUSPENDED, REVOKED, CYRILLIC, VETERAN]

GOLD_RING = a.Article(metal="Au", measured_fineness=Decimal("585.4"))


def seen(**changes) -> Observation:
    fields = {
        "assay_mark": a.PRESENT,
        "assay_fineness": Decimal("585"),
        "assay_office": "KZA",
        "name_mark": a.PRESENT,
        "name_code": "ZRG",
    }
    return Observation(**{**fields, **changes})


def judge(observation: Observation, article: a.Article = GOLD_RING) -> a.Judgement:
    return a.judge(
        observation,
        article=article,
        assay_registry=ASSAY_REGISTRY,
        name_registry=NAME_REGISTRY,
        checked_on=TODAY,
    )


def test_both_marks_registered_and_fineness_confirmed_is_authentic():
    judgement = judge(seen())
    assert judgement.verdict == a.AUTHENTIC
    assert judgement.reasons == ("assay_mark_registered", "fineness_confirmed", "name_mark_registered")
    assert (judgement.assay_mark_id, judgement.name_mark_id) == (GOLD_585.id, ZERGER.id)


def test_codes_match_in_any_case_with_spaces_and_either_script():
    judgement = judge(seen(assay_office=" kza ", name_code="abc"))  # Latin letters for a Cyrillic code
    assert judgement.verdict == a.AUTHENTIC and judgement.name_mark_id == CYRILLIC.id


def test_assay_mark_not_in_registry_is_counterfeit():
    judgement = judge(seen(assay_office="XYZ"))
    assert judgement.verdict == a.COUNTERFEIT and "assay_mark_not_registered" in judgement.reasons
    assert judgement.assay_mark_id is None


def test_figure_not_registered_for_the_office_is_counterfeit():
    assert "assay_mark_not_registered" in judge(seen(assay_fineness=Decimal("500"))).reasons


def test_assay_mark_of_another_metal_is_counterfeit():
    judgement = judge(seen(assay_office="KZS"))  # the silver office's 585 on a gold ring
    assert judgement.verdict == a.COUNTERFEIT and "assay_mark_wrong_metal" in judgement.reasons


def test_metal_is_not_compared_when_the_article_metal_is_unknown():
    judgement = judge(seen(assay_office="KZS"), a.Article(metal=None, measured_fineness=None))
    assert judgement.verdict == a.AUTHENTIC
    assert judgement.reasons[:2] == ("assay_mark_registered", "fineness_not_measured")


def test_mark_outside_its_period_on_the_known_date_of_hallmarking_is_counterfeit():
    judgement = judge(seen(assay_fineness=Decimal("583"), stamped_on=date(2018, 6, 1)))
    assert judgement.verdict == a.COUNTERFEIT and "assay_mark_outside_period" in judgement.reasons


def test_mark_in_its_period_on_the_known_date_of_hallmarking_is_registered():
    judgement = judge(
        seen(assay_fineness=Decimal("583"), name_code="VET", stamped_on=date(2010, 6, 1)),
        a.Article(metal="Au", measured_fineness=Decimal("583.2")),
    )
    assert judgement.verdict == a.AUTHENTIC and judgement.assay_mark_id == OLD_GOLD_583.id


def test_withdrawn_mark_with_unknown_date_of_hallmarking_is_only_a_note():
    judgement = judge(
        seen(assay_fineness=Decimal("583")), a.Article(metal="Au", measured_fineness=Decimal("583.2"))
    )
    assert judgement.verdict == a.AUTHENTIC and "assay_mark_withdrawn" in judgement.reasons
    assert judgement.assay_mark_id == OLD_GOLD_583.id


def test_mark_not_yet_in_use_is_counterfeit():
    judgement = judge(
        seen(assay_fineness=Decimal("750")), a.Article(metal="Au", measured_fineness=Decimal("751"))
    )
    assert judgement.verdict == a.COUNTERFEIT and "assay_mark_not_yet_in_use" in judgement.reasons


def test_stamped_fineness_above_measured_fineness_is_counterfeit():
    judgement = judge(seen(), a.Article(metal="Au", measured_fineness=Decimal("584.9")))
    assert judgement.verdict == a.COUNTERFEIT and "fineness_above_measured" in judgement.reasons
    assert "assay_mark_registered" in judgement.reasons  # the mark itself is in the registry


def test_stamped_fineness_equal_to_measured_fineness_is_confirmed():
    judgement = judge(seen(), a.Article(metal="Au", measured_fineness=Decimal("585.0")))
    assert judgement.verdict == a.AUTHENTIC and "fineness_confirmed" in judgement.reasons


def test_without_a_measured_fineness_the_figure_is_not_compared():
    judgement = judge(seen(), a.Article(metal="Au", measured_fineness=None))
    assert judgement.verdict == a.AUTHENTIC and "fineness_not_measured" in judgement.reasons


def test_name_mark_not_registered_is_counterfeit():
    judgement = judge(seen(name_code="NOPE"))
    assert judgement.verdict == a.COUNTERFEIT and judgement.reasons[-1] == "name_mark_not_registered"


def test_revoked_name_mark_is_counterfeit():
    judgement = judge(seen(name_code="REV"))
    assert judgement.verdict == a.COUNTERFEIT and judgement.reasons[-1] == "name_mark_revoked"
    assert judgement.name_mark_id == REVOKED.id


def test_suspended_name_mark_is_a_note_not_a_counterfeit():
    judgement = judge(seen(name_code="SUS"))
    assert judgement.verdict == a.AUTHENTIC and judgement.reasons[-1] == "name_mark_suspended"


def test_name_mark_registered_after_the_known_date_of_hallmarking_is_counterfeit():
    judgement = judge(seen(stamped_on=date(2019, 6, 1)))  # ZRG was registered in May 2020
    assert judgement.verdict == a.COUNTERFEIT and "name_mark_not_yet_registered" in judgement.reasons


def test_an_absent_mark_gives_absent():
    assert judge(seen(assay_mark=a.ABSENT, assay_fineness=None, assay_office="")).verdict == a.ABSENT
    judgement = judge(seen(name_mark=a.ABSENT, name_code=""))
    assert judgement.verdict == a.ABSENT and judgement.reasons[-1] == "name_mark_absent"


def test_an_unreadable_mark_gives_unreadable():
    judgement = judge(seen(name_mark=a.UNREADABLE, name_code=""))
    assert judgement.verdict == a.UNREADABLE and judgement.reasons[-1] == "name_mark_unreadable"
    assert judge(seen(assay_mark=a.UNREADABLE, assay_fineness=None, assay_office="")).verdict == a.UNREADABLE


def test_counterfeit_outweighs_absent_and_absent_outweighs_unreadable():
    assert judge(seen(name_mark=a.ABSENT, name_code="", assay_office="XYZ")).verdict == a.COUNTERFEIT
    observation = seen(
        assay_mark=a.UNREADABLE, assay_fineness=None, assay_office="", name_mark=a.ABSENT, name_code=""
    )
    assert judge(observation).verdict == a.ABSENT


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"assay_fineness": None}, [("assay_fineness", "figure_required")]),
        ({"assay_fineness": Decimal("1000.1")}, [("assay_fineness", "figure_out_of_range")]),
        ({"assay_fineness": Decimal("0")}, [("assay_fineness", "figure_out_of_range")]),
        ({"assay_office": "  "}, [("assay_office", "office_required")]),
        ({"name_code": ""}, [("name_code", "code_required")]),
        ({"assay_mark": a.ABSENT}, [("assay_mark", "details_without_mark")]),
        ({"name_mark": a.UNREADABLE}, [("name_mark", "details_without_mark")]),
        ({"assay_mark": "maybe"}, [("assay_mark", "presence_unknown")]),
    ],
)
def test_observation_problems_name_the_field(changes, problems):
    assert [(p.field, p.code) for p in a.observation_problems(seen(**changes))] == problems


def test_judging_an_observation_with_problems_raises():
    with pytest.raises(ValueError, match="figure_required"):
        judge(seen(assay_fineness=None))


def test_every_reason_has_an_effect_and_every_effect_is_a_verdict():
    assert set(a.EFFECT.values()) <= {None, *a.VERDICTS}
    assert a.verdict_of([]) == a.AUTHENTIC
