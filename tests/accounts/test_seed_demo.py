from io import StringIO

import pytest
from django.core.management import call_command

from lims.accounts.models import Role, User
from lims.assay.models import Result, ResultStatus
from lims.conclusions.models import Conclusion, PdfStatus
from lims.core.models import AuditEvent
from lims.intake.identifiers import validate_bin, validate_iin
from lims.intake.models import Applicant, Application, ApplicationStatus, Item
from lims.market.models import ExchangeRate, GoldPrice


@pytest.mark.django_db
def test_demo_data_covers_every_state_and_role_and_is_idempotent(django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    assert {r for r in User.objects.values_list("role", flat=True) if r} == set(Role.values)
    for applicant in Applicant.objects.all():
        (validate_iin if applicant.kind == "individual" else validate_bin)(applicant.identifier)
    for application in Application.objects.filter(status=ApplicationStatus.ISSUED):
        assert application.conclusions.get(status="issued").pdf_status == PdfStatus.READY
        # The demo's results come from raw measurements and are verified by a second person.
        for result in Result.objects.filter(item__application=application):
            assert (
                result.status == ResultStatus.VERIFIED
                and result.raw
                and result.verified_by != result.recorded_by
            )
    # An amendment superseded its original; a draft and a reviewed conclusion await the head of laboratory.
    assert set(Conclusion.objects.values_list("status", flat=True)) == {
        "draft",
        "reviewed",
        "issued",
        "superseded",
    }
    # One of each kind of metal article waits for the worksheet; sample market data covers Jan-Feb 2026.
    categories = Item.objects.filter(application__status=ApplicationStatus.RECEIVED).values_list(
        "category", "declared_metal"
    )
    assert {("jewelry", "Au"), ("jewelry", "Ag"), ("bar", "Au"), ("coin", "Au")} <= set(categories)
    assert GoldPrice.objects.filter(date__month=2).exists() and ExchangeRate.objects.exists()
    assert AuditEvent.objects.filter(actor__isnull=False).count() > 20
    text = out.getvalue()
    for username in ("tech.alm", "head.alm", "admin.alm", "applicant.altyn", "control.officer"):
        assert username in text
    count = Application.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Application.objects.count() == count
