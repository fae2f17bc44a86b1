"""The world of the API access matrix (see test_access.py): built once for the module, rolled back after
it."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.api.access.world import build
from tests.worlds import module_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once and rolled back after the module's last test (each test in its savepoint)."""
    with module_world(django_db_blocker, tmp_path_factory.mktemp("api-access"), build) as built:
        yield built


@pytest.fixture
def api(db, world):
    cache.clear()  # the public lookups' rate limit
    return APIClient(headers={"accept-language": "en"})


def as_role(api, world, role):
    if role != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Token {world['tokens'][role]}")
    return api
