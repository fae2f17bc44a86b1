"""The API client of the state-control API tests."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")
