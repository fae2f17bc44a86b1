"""Gem helpers: Pavel's import application at ALM with three loose stones."""

import pytest

from lims.intake.services import application_register
from tests.factories import stone


@pytest.fixture
def stones_app(alice, pavel_co):
    return application_register(
        actor=alice,
        applicant=pavel_co,
        purpose="import",
        items=[stone("Red stone"), stone("Colourless stone"), stone("Pearl", mass="1.600")],
    )
