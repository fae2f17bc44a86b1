"""The list filters at scale (docs/BENCHMARKS.md, L2 and L3): what they find must not change with how they
find it. The application search matches any part of a number or an applicant's name in any case, and a
BIN/IIN whole; the lab-number search matches a whole lab number in any case."""

import pytest
from django.urls import reverse

from lims.intake.filters import ApplicationFilter, ItemFilter
from lims.intake.models import Application, Item
from lims.intake.selectors import applications_for
from tests.factories import ApplicantFactory, make_application


@pytest.fixture
def three(alice, dave, pavel_co, quinn_co):
    return {
        "pavel": make_application(alice, pavel_co),
        "quinn": make_application(alice, quinn_co, n_items=2),
        "elsewhere": make_application(dave, pavel_co),  # the same applicant at another laboratory
    }


def found(value, queryset=None):
    queryset = queryset if queryset is not None else Application.objects.all()
    return set(ApplicationFilter({"q": value}, queryset=queryset).qs.values_list("number", flat=True))


def test_search_finds_any_part_of_a_number_in_any_case(three):
    pavel = three["pavel"].number  # e.g. ALM-2026-A00001
    assert found(pavel) == {pavel}
    assert found(pavel.lower()) == {pavel}
    assert found(pavel[-6:]) >= {pavel}  # the tail, as people read it off a label
    assert found(f"  {pavel}  ") == {pavel}


def test_search_finds_any_part_of_an_applicants_name_in_any_case(three):
    assert found("zerger") == {three["pavel"].number, three["elsewhere"].number}
    assert found("QUINN GOLD") == {three["quinn"].number}
    assert found("nobody") == set()


def test_search_finds_a_whole_identifier_only(three, pavel_co):
    assert found(pavel_co.identifier) == {three["pavel"].number, three["elsewhere"].number}
    assert found(pavel_co.identifier[:6]) == set()


def test_search_stays_within_the_scope_it_is_given(three, alice):
    assert found("zerger", applications_for(alice)) == {three["pavel"].number}


def test_an_empty_search_filters_nothing(three):
    assert found("   ") == {application.number for application in three.values()}


def test_search_by_name_does_not_grow_queries_with_applicants(three, django_assert_max_num_queries):
    ApplicantFactory.create_batch(20, name="Zerger Trading")
    with django_assert_max_num_queries(2):  # the applicants' ids, then the applications
        assert len(found("zerger")) == 2


def lab_numbers(value):
    filterset = ItemFilter({"lab_number": value}, queryset=Item.objects.all())
    return set(filterset.qs.values_list("lab_number", flat=True))


def test_lab_number_search_matches_a_whole_number_in_any_case(three):
    ring = three["quinn"].items.order_by("sequence").first()
    assert lab_numbers(ring.lab_number) == {ring.lab_number}
    assert lab_numbers(f" {ring.lab_number.lower()} ") == {ring.lab_number}
    assert lab_numbers(ring.lab_number[:-1]) == set()
    assert len(lab_numbers("")) == 4


def test_worksheet_finds_an_item_by_its_lab_number_typed_in_lower_case(client, alice, three):
    ring = three["pavel"].items.get()
    client.force_login(alice)
    body = client.get(reverse("assay:batch_worksheet"), {"lab_number": ring.lab_number.lower()}).content
    assert ring.lab_number in body.decode()
    assert three["quinn"].items.first().lab_number not in body.decode()


def test_search_folds_case_in_kazakh_and_russian_names(alice, db):
    """On SQLite too (lims/core/sqlite.py), not only for Latin letters."""
    gold = ApplicantFactory(name="ТОО «Алтын Әлем Зергер»")
    number = make_application(alice, gold).number
    for value in ("алтын", "АЛТЫН", "әлем", "ӘЛЕМ ЗЕРГЕР", "«алтын"):
        assert found(value) == {number}, value
    assert found("алтын зергер") == set()
