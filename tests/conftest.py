"""The cast (healthchecks style): Alice and Bob work at Almaty's laboratory, Dave at Astana's; Pavel is an
applicant, Quinn another one who must see nothing of Pavel's; Victor is a control officer."""

import os

import pytest
from django.utils import translation

from lims import celery_app
from lims.accounts.models import Role
from tests.factories import ApplicantFactory, OrganizationFactory, UserFactory


def using_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    skip_broker = pytest.mark.skip(reason="needs a broker: set CELERY_BROKER_URL")
    skip_drill = pytest.mark.skip(reason="a fault drill: set SYNAMA_DRILLS=1 and run it alone")
    for item in items:
        if "postgres" in item.keywords and not using_postgres():
            item.add_marker(skip_pg)
        if "real_worker" in item.keywords and not os.environ.get("CELERY_BROKER_URL"):
            item.add_marker(skip_broker)
        if "drill" in item.keywords and not os.environ.get("SYNAMA_DRILLS"):
            item.add_marker(skip_drill)


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run in process unless a test asks for the real worker."""
    eager = "real_worker" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def client():
    """Django's test client asking for English pages (Russian is the site default)."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English unless they switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def reference_data(request):
    """The reference data the migrations load is emptied by the flush that ends a transactional test; any
    test after it in the same worker gets it back (one query when it is there)."""
    marker, names = request.node.get_closest_marker("django_db"), set(request.fixturenames)
    if marker is not None:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    elif {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from django.apps import apps

    from lims.assay.models import MethodSetting
    from lims.assay.reference import load_reference_data
    from lims.core.fixtures import load_rows
    from lims.gems.models import GemConstant
    from lims.gems.reference import AMBER_FIXTURE, FIXTURE

    if not MethodSetting.objects.exists():
        load_reference_data(apps)
    if not GemConstant.objects.exists():
        load_rows(apps, FIXTURE, AMBER_FIXTURE)


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EAGER_TASKS_IN_THREAD = False  # eager tasks run inline, so tests see their outcome at once


@pytest.fixture
def alm(db):
    return OrganizationFactory(name="Almaty Assay Laboratory", short_code="ALM")


@pytest.fixture
def ast(db):
    return OrganizationFactory(name="Astana Assay Laboratory", short_code="AST")


@pytest.fixture
def alice(alm):
    """Technician at ALM."""
    return UserFactory(username="alice", role=Role.TECHNICIAN, organization=alm)


@pytest.fixture
def carol(alm):
    """Second technician at ALM."""
    return UserFactory(username="carol", role=Role.TECHNICIAN, organization=alm)


@pytest.fixture
def bob(alm):
    """Head of laboratory at ALM."""
    return UserFactory(username="bob", role=Role.MANAGER, organization=alm)


@pytest.fixture
def olga(alm):
    """Organization administrator at ALM."""
    return UserFactory(username="olga", role=Role.ORG_ADMIN, organization=alm)


@pytest.fixture
def dave(ast):
    """Technician at AST, who must see nothing of ALM's."""
    return UserFactory(username="dave", role=Role.TECHNICIAN, organization=ast)


@pytest.fixture
def erin(ast):
    """Head of laboratory at AST."""
    return UserFactory(username="erin", role=Role.MANAGER, organization=ast)


@pytest.fixture
def pavel_co(db):
    return ApplicantFactory(name="Pavel Zerger LLP")


@pytest.fixture
def quinn_co(db):
    return ApplicantFactory(name="Quinn Gold LLP")


@pytest.fixture
def pavel(pavel_co):
    """Applicant user acting for Pavel Zerger LLP."""
    return UserFactory(username="pavel", role=Role.APPLICANT, applicant=pavel_co)


@pytest.fixture
def quinn(quinn_co):
    """Applicant user of another company: must see nothing of Pavel's."""
    return UserFactory(username="quinn", role=Role.APPLICANT, applicant=quinn_co)


@pytest.fixture
def victor(db):
    """Control officer of the authorized body."""
    return UserFactory(username="victor", role=Role.CONTROL_OFFICER)


@pytest.fixture
def cast(alice, carol, bob, olga, dave, erin, pavel, quinn, victor):
    return {u.username: u for u in (alice, carol, bob, olga, dave, erin, pavel, quinn, victor)}
