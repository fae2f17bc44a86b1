"""Hallmark helpers: ALM accredited for hallmark verification, a small assay-mark registry, name marks, and
Pavel's tested application at ALM (a 585 gold ring measured 585.4, verified by a second person)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record, result_verify
from lims.core.choices import ExpertiseKind, Metal
from lims.hallmarks import authenticity, services
from lims.hallmarks.models import AssayMark
from lims.intake.identifiers import complete
from lims.intake.models import ApplicantKind, ItemCategory
from lims.intake.services import ItemData, application_register
from tests.factories import record_verified, second_person


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alm(alm):
    alm.scope = [*alm.scope, ExpertiseKind.HALLMARK_VERIFICATION]
    alm.save(update_fields=["scope"])
    return alm


def assay_mark(metal=Metal.GOLD, figure="585", office="KZA", valid_from=date(2016, 1, 1), valid_to=None):
    return AssayMark.objects.create(
        office_code=office, metal=metal, fineness=Decimal(figure), valid_from=valid_from, valid_to=valid_to
    )


@pytest.fixture
def gold_585(db):
    return assay_mark()


@pytest.fixture
def marks(gold_585):
    """The registry: gold 585 and 750, silver 925, and a gold 583 withdrawn in 2015."""
    return {
        "Au585": gold_585,
        "Au750": assay_mark(figure="750"),
        "Ag925": assay_mark(Metal.SILVER, "925"),
        "Au583": assay_mark(figure="583", valid_from=date(2000, 1, 1), valid_to=date(2015, 12, 31)),
    }


def register_name_mark(actor, code="ZRG", **changes):
    fields = {
        "producer_kind": ApplicantKind.LEGAL_ENTITY,
        "producer_name": "Zerger Workshop LLP",
        "producer_identifier": complete("15044000123"),
        "code": code,
        "email": "marks@zerger.example.kz",
        "registered_on": date(2024, 5, 1),
    }
    return services.name_mark_register(actor=actor, **{**fields, **changes})


@pytest.fixture
def zerger(bob):
    """Name mark ZRG registered with ALM by Bob."""
    return register_name_mark(bob)


def ring(fineness="585", quantity=1, metal=Metal.GOLD, category=ItemCategory.JEWELRY, mass="3.250"):
    return ItemData(category, "Gold ring", Decimal(mass), quantity, metal, Decimal(fineness))


def assayed(technician, applicant, *items, measured=None):
    """An application of the given items, each assayed (fire assay; 585.4 ‰ unless `measured` says) and
    verified by a second person."""
    measured = measured or ["585.4"] * len(items)
    application = application_register(
        actor=technician, applicant=applicant, purpose="domestic", items=list(items)
    )
    for item, fineness in zip(application.items.order_by("sequence"), measured, strict=True):
        record_verified(technician, item, fineness)
    application.refresh_from_db()
    return application


@pytest.fixture
def tested_app(alice, carol, pavel_co):
    """ALM's application for Pavel: a 585 gold ring measured 585.4 (conforms)."""
    return assayed(alice, pavel_co, ring())


@pytest.fixture
def ring_item(tested_app):
    return tested_app.items.get()


def observation(**changes) -> authenticity.Observation:
    fields = {
        "assay_mark": authenticity.PRESENT,
        "assay_fineness": Decimal("585"),
        "assay_office": "KZA",
        "name_mark": authenticity.PRESENT,
        "name_code": "ZRG",
    }
    return authenticity.Observation(**{**fields, **changes})


def silver_assayed(technician, applicant, fineness="925", measured="925.6"):
    """A silver spoon assayed by potentiometric titration, verified by a second person."""
    spoon = ItemData(
        ItemCategory.JEWELRY, "Silver spoon", Decimal("38.4"), 1, Metal.SILVER, Decimal(fineness)
    )
    application = application_register(
        actor=technician, applicant=applicant, purpose="domestic", items=[spoon]
    )
    item = application.items.get()
    result = result_record(
        actor=technician,
        item=item,
        method=Method.SILVER_TITRATION,
        raw=clean_raw(Method.SILVER_TITRATION, samples.silver_titration(Decimal(measured))),
    )
    result_verify(actor=second_person(technician), result=result)
    return item
