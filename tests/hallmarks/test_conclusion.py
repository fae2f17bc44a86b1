"""A hallmark check makes hallmark verification part of the conclusion: the accreditation must cover it, and
the PDF states the verdict."""

import pytest
from django.core.exceptions import ValidationError

from lims.conclusions.services import required_kinds
from lims.core.choices import ExpertiseKind
from lims.hallmarks.services import hallmark_check_record
from tests.factories import issue
from tests.hallmarks.conftest import observation
from tests.pdf_text import pdf_text


def test_the_conclusion_states_the_hallmark_verdict(
    alice, bob, alm, gold_585, zerger, tested_app, ring_item, django_capture_on_commit_callbacks
):
    hallmark_check_record(actor=alice, item=ring_item, observation=observation())
    assert ExpertiseKind.HALLMARK_VERIFICATION in required_kinds(tested_app)
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(tested_app, signer=bob, languages="en")
    conclusion.refresh_from_db()
    assert "Hallmarks: authentic." in " ".join(pdf_text(conclusion.pdf.read()).split())


def test_an_accreditation_without_hallmark_verification_cannot_report_a_check(
    alice, bob, alm, gold_585, zerger, tested_app, ring_item
):
    hallmark_check_record(actor=alice, item=ring_item, observation=observation())
    alm.scope = [kind for kind in alm.scope if kind != ExpertiseKind.HALLMARK_VERIFICATION]
    alm.save(update_fields=["scope"])
    with pytest.raises(ValidationError, match="(?i)hallmark"):
        issue(tested_app, signer=bob)
