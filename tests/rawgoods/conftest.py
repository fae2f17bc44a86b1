"""Raw-goods helpers: Pavel's application at ALM with a Doré bar, and the eight figures of its content."""

from decimal import Decimal

import pytest

from lims.intake.models import ItemCategory
from lims.intake.services import ItemData, application_register
from lims.rawgoods.content import ELEMENTS
from lims.rawgoods.services import ContentEntry
from tests.factories import jewelry

# A Doré bar: gold and silver measured, platinum-group metals below the detection limit.
DORE = {
    "Au": ("%", "88.4512"),
    "Ag": ("%", "9.8731"),
    "Pt": ("g/t", "12.5"),
    "Pd": ("g/t", "3.75"),
}


def dore_bar() -> ItemData:
    return ItemData(ItemCategory.RAW_GOODS, "Doré bar", Decimal("12500.000"))


def entries(elements=ELEMENTS) -> list[ContentEntry]:
    """Figures for the given elements: the Doré values, or not detected below 0.05 g/t."""
    made = []
    for element in elements:
        if element in DORE:
            unit, value = DORE[element]
            made.append(ContentEntry(element=element, unit=unit, value=Decimal(value), method="fire assay"))
        else:
            made.append(
                ContentEntry(element=element, unit="g/t", not_detected=True, detection_limit=Decimal("0.05"))
            )
    return made


@pytest.fixture
def raw_app(alice, pavel_co):
    """ALM's open application for Pavel: one Doré bar."""
    return application_register(actor=alice, applicant=pavel_co, purpose="export", items=[dore_bar()])


@pytest.fixture
def bar(raw_app):
    return raw_app.items.get()


@pytest.fixture
def mixed_app(alice, pavel_co):
    """A ring and two Doré bars."""
    return application_register(
        actor=alice, applicant=pavel_co, purpose="export", items=[jewelry(), dore_bar(), dore_bar()]
    )
