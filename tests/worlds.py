"""Worlds built once for a whole test module, for the matrices that run hundreds of cases over the same
records (tests/api/access/, tests/test_pages_access.py): the cast of tests/conftest.py and the records,
created in a transaction rolled back after the module's last test; each test runs in its own savepoint
inside it, so what a test changes is gone before the next."""

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.db import transaction
from django.test import override_settings
from django.utils import translation

from lims import celery_app
from lims.accounts.models import Role
from lims.core.choices import ExpertiseKind
from tests.factories import ApplicantFactory, OrganizationFactory, UserFactory


@contextmanager
def module_world(django_db_blocker, base: Path, build: Callable[[], dict]) -> Iterator[dict]:
    """`build()`'s world, in English, with eager tasks and files under `base`, rolled back at the end."""
    eager = celery_app.conf.task_always_eager
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(
            override_settings(
                MEDIA_ROOT=base / "media",
                VAR_DIR=base / "var",
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                EAGER_TASKS_IN_THREAD=False,
            )
        )
        stack.enter_context(translation.override("en"))
        stack.callback(setattr, celery_app.conf, "task_always_eager", eager)
        celery_app.conf.task_always_eager = True
        stack.enter_context(transaction.atomic())
        reference_data()
        yield build()
        transaction.set_rollback(True)


def reference_data():
    """The reference data the migrations load (emptied by a transactional test's flush earlier in a run)."""
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


def build_cast(*, hallmarks: bool) -> dict:
    """The cast of tests/conftest.py (the same names, roles and organizations); `hallmarks`: ALM is
    accredited for hallmark verification too."""
    alm = OrganizationFactory(name="Almaty Assay Laboratory", short_code="ALM")
    if hallmarks:
        alm.scope = [*alm.scope, ExpertiseKind.HALLMARK_VERIFICATION]
        alm.save(update_fields=["scope"])
    ast = OrganizationFactory(name="Astana Assay Laboratory", short_code="AST")
    pavel_co = ApplicantFactory(name="Pavel Zerger LLP")
    quinn_co = ApplicantFactory(name="Quinn Gold LLP")
    users = {
        "alice": UserFactory(username="alice", role=Role.TECHNICIAN, organization=alm),
        "carol": UserFactory(username="carol", role=Role.TECHNICIAN, organization=alm),
        "bob": UserFactory(username="bob", role=Role.MANAGER, organization=alm),
        "olga": UserFactory(username="olga", role=Role.ORG_ADMIN, organization=alm),
        "dave": UserFactory(username="dave", role=Role.TECHNICIAN, organization=ast),
        "erin": UserFactory(username="erin", role=Role.MANAGER, organization=ast),
        "pavel": UserFactory(username="pavel", role=Role.APPLICANT, applicant=pavel_co),
        "quinn": UserFactory(username="quinn", role=Role.APPLICANT, applicant=quinn_co),
        "victor": UserFactory(username="victor", role=Role.CONTROL_OFFICER),
    }
    return {"alm": alm, "ast": ast, "pavel_co": pavel_co, "quinn_co": quinn_co, "users": users}
