import pytest

from tests.factories import UserFactory


@pytest.fixture
def sam(db):
    """System administrator (superuser), who keeps the market data."""
    return UserFactory(username="sam", role="", is_staff=True, is_superuser=True)
