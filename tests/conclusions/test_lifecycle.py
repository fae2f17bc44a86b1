"""The conclusion's lifecycle and its guards: draft → reviewed → signed → issued; returned; withdrawn; an
amendment superseding the original. Rule R1's deadline is tested in tests/core."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method, Result
from lims.assay.services import result_invalidate, result_record, result_verify
from lims.conclusions.models import Citation, Conclusion, ConclusionStatus
from lims.conclusions.selectors import public_facts
from lims.conclusions.services import (
    conclusion_issue,
    conclusion_prepare,
    conclusion_return,
    conclusion_review,
    conclusion_sign,
    conclusion_withdraw,
)
from lims.core.models import AuditEvent
from lims.intake.models import ApplicationStatus
from tests.factories import UserFactory, issue, make_tested_application
from tests.pdf_text import pdf_text


@pytest.fixture
def tested(alice, carol, bob, pavel_co):
    return make_tested_application(alice, pavel_co, n_items=2, verifier=carol)


def reviewed(application, alice, carol):
    return conclusion_review(actor=carol, conclusion=conclusion_prepare(actor=alice, application=application))


def test_a_draft_is_reviewed_by_someone_other_than_its_preparer(alice, carol, tested):
    draft = conclusion_prepare(actor=alice, application=tested)
    assert draft.status == ConclusionStatus.DRAFT and draft.number is None
    with pytest.raises(ValidationError, match="someone other than the person who prepared it"):
        conclusion_review(actor=alice, conclusion=draft)
    done = conclusion_review(actor=carol, conclusion=draft)
    assert done.status == ConclusionStatus.REVIEWED and done.reviewed_by == carol


def test_review_freezes_every_item_and_finding_and_locks_the_application(alice, carol, tested):
    conclusion = reviewed(tested, alice, carol)
    tested.refresh_from_db()
    assert tested.status == ApplicationStatus.REVIEW
    items = conclusion.content["items"]
    assert [item["lab_number"] for item in items] == list(
        tested.items.order_by("sequence").values_list("lab_number", flat=True)
    )
    assert all(item["results"][0]["fineness"] == "585.4" for item in items)
    assert len(conclusion.content_sha256) == 64
    cited = set(Citation.objects.filter(conclusion=conclusion).values_list("result_id", flat=True))
    assert cited == set(Result.objects.filter(item__application=tested).values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="can no longer change"):
        result_invalidate(actor=alice, result=Result.objects.first(), reason="Retest")


def test_only_one_conclusion_in_preparation(alice, carol, tested):
    conclusion_prepare(actor=alice, application=tested)
    with pytest.raises(ValidationError, match="already being prepared"):
        conclusion_prepare(actor=carol, application=tested)


def test_the_signer_is_a_head_of_the_applications_laboratory(alice, carol, erin, tested):
    conclusion = reviewed(tested, alice, carol)
    for outsider in (alice, erin):
        with pytest.raises(PermissionDenied):
            conclusion_sign(actor=outsider, conclusion=conclusion)
    conclusion.refresh_from_db()
    assert conclusion.status == ConclusionStatus.REVIEWED


def test_the_signer_is_not_the_only_person_who_tested_the_items(alm, alice, carol, bob, pavel_co):
    application = make_tested_application(bob, pavel_co, verifier=alice)  # the head assayed everything
    conclusion = reviewed(application, alice, carol)
    with pytest.raises(ValidationError, match="tested every item yourself"):
        conclusion_sign(actor=bob, conclusion=conclusion)
    second_head = UserFactory(username="bella", role="manager", organization=alm)
    assert conclusion_sign(actor=second_head, conclusion=conclusion).signed_by == second_head


def test_the_accreditation_must_be_valid_when_signing_and_when_issuing(alm, alice, carol, bob, tested):
    signed = conclusion_sign(actor=bob, conclusion=reviewed(tested, alice, carol))
    alm.accredited_until = date(2024, 12, 31)
    alm.save()
    with pytest.raises(ValidationError, match="not valid"):
        conclusion_issue(actor=bob, conclusion=signed)
    signed.refresh_from_db()
    assert signed.status == ConclusionStatus.SIGNED and signed.number is None


def test_a_refused_issue_consumes_no_number(alm, alice, carol, bob, pavel_co, tested):
    signed = conclusion_sign(actor=bob, conclusion=reviewed(tested, alice, carol))
    with pytest.raises(RuntimeError), transaction.atomic():
        conclusion_issue(actor=bob, conclusion=signed)
        raise RuntimeError("the request failed after the issue")
    signed.refresh_from_db()
    assert signed.status == ConclusionStatus.SIGNED
    assert conclusion_issue(actor=bob, conclusion=signed).sequence == 1
    assert issue(make_tested_application(alice, pavel_co, verifier=carol), signer=bob).sequence == 2


def test_steps_go_in_order(alice, carol, bob, tested):
    draft = conclusion_prepare(actor=alice, application=tested)
    with pytest.raises(ValidationError, match="needs it reviewed"):
        conclusion_sign(actor=bob, conclusion=draft)
    with pytest.raises(ValidationError, match="needs it signed"):
        conclusion_issue(actor=bob, conclusion=draft)


def test_returning_to_draft_unfreezes_the_findings(alice, carol, bob, tested):
    conclusion = conclusion_sign(actor=bob, conclusion=reviewed(tested, alice, carol))
    with pytest.raises(ValidationError, match="reason"):
        conclusion_return(actor=bob, conclusion=conclusion, reason=" ")
    conclusion = conclusion_return(actor=bob, conclusion=conclusion, reason="Item 2 description is wrong")
    tested.refresh_from_db()
    assert conclusion.status == ConclusionStatus.DRAFT and conclusion.content == {}
    assert conclusion.signed_by is None and not conclusion.citations.exists()
    assert tested.status == ApplicationStatus.TESTED
    event = AuditEvent.objects.get(action="conclusion.return")
    assert event.reason == "Item 2 description is wrong" and event.before == {"status": "signed"}


def test_a_draft_can_be_abandoned_and_prepared_again(alice, carol, tested):
    draft = conclusion_prepare(actor=alice, application=tested)
    conclusion_withdraw(actor=carol, conclusion=draft, reason="Prepared in English by mistake")
    draft.refresh_from_db()
    assert draft.status == ConclusionStatus.WITHDRAWN and draft.number is None
    assert conclusion_prepare(actor=alice, application=tested).status == ConclusionStatus.DRAFT


def test_only_the_head_withdraws_an_issued_conclusion_and_says_why(alice, carol, bob, tested):
    conclusion = issue(tested, preparer=alice, reviewer=carol, signer=bob)
    with pytest.raises(PermissionDenied):
        conclusion_withdraw(actor=alice, conclusion=conclusion, reason="x")
    with pytest.raises(ValidationError):
        conclusion_withdraw(actor=bob, conclusion=conclusion, reason="")
    conclusion_withdraw(actor=bob, conclusion=conclusion, reason="Issued on the wrong application")
    conclusion.refresh_from_db()
    tested.refresh_from_db()
    assert conclusion.status == ConclusionStatus.WITHDRAWN and conclusion.number
    assert public_facts(conclusion)["current"] is False
    assert tested.status == ApplicationStatus.TESTED  # a valid conclusion is owed again


def retest(technician, verifier, item, fineness: str) -> Result:
    result = result_record(
        actor=technician,
        item=item,
        method=Method.FIRE_ASSAY,
        raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal(fineness))),
    )
    return result_verify(actor=verifier, result=result)


def test_amendment_chain(alice, carol, bob, tested, django_capture_on_commit_callbacks):
    """An issued conclusion is corrected by an amendment with a reason; once issued it supersedes the
    original, and both stay retrievable with their own content and PDF."""
    with django_capture_on_commit_callbacks(execute=True):
        original = issue(tested, preparer=alice, reviewer=carol, signer=bob)
    item = tested.items.order_by("sequence").first()
    cited = item.results.get()
    with pytest.raises(ValidationError, match="reason"):
        conclusion_prepare(actor=alice, application=tested)
    amendment = conclusion_prepare(actor=alice, application=tested, amendment_reason="Item 1 re-assayed")
    tested.refresh_from_db()
    assert amendment.amends == original and tested.status == ApplicationStatus.TESTED
    # The correction: the cited result is invalidated and the item assayed again.
    result_invalidate(actor=alice, result=cited, reason="Scraping taken from the clasp")
    retest(alice, carol, item, "583.1")
    amendment = conclusion_review(actor=carol, conclusion=amendment)
    amendment = conclusion_sign(actor=bob, conclusion=amendment)
    original.refresh_from_db()
    assert original.status == ConclusionStatus.ISSUED  # current until the amendment is issued
    with django_capture_on_commit_callbacks(execute=True):
        amendment = conclusion_issue(actor=bob, conclusion=amendment)
    original.refresh_from_db()
    amendment.refresh_from_db()
    assert original.status == ConclusionStatus.SUPERSEDED
    assert (amendment.status, amendment.sequence, original.sequence) == (ConclusionStatus.ISSUED, 2, 1)
    assert original.content["items"][0]["results"][0]["fineness"] == "585.4"
    assert amendment.content["items"][0]["results"][0]["fineness"] == "583.1"
    text = " ".join(pdf_text(amendment.pdf.read()).split())
    assert original.number in text and "Item 1 re-assayed" in text
    assert "585,4" in pdf_text(original.pdf.read())
    assert public_facts(original)["superseded_by"] == amendment.number
    supersede = AuditEvent.objects.get(action="conclusion.supersede")
    assert supersede.object_id == str(original.pk) and supersede.reason == "Item 1 re-assayed"


def test_an_abandoned_amendment_leaves_the_original_in_force(alice, carol, bob, tested):
    original = issue(tested, preparer=alice, reviewer=carol, signer=bob)
    amendment = conclusion_prepare(
        actor=alice, application=tested, amendment_reason="Typo in the description"
    )
    conclusion_withdraw(actor=alice, conclusion=amendment, reason="No typo after all")
    original.refresh_from_db()
    tested.refresh_from_db()
    assert original.status == ConclusionStatus.ISSUED and tested.status == ApplicationStatus.ISSUED


# --- Immutability in the database (the services refuse first; the triggers stop any other writer) ---------


def test_an_issued_conclusion_cannot_be_changed_in_the_database(alice, carol, bob, tested):
    conclusion = issue(tested, preparer=alice, reviewer=carol, signer=bob)
    rows = Conclusion.objects.filter(pk=conclusion.pk)
    for change in ({"number": "ALM-2026-C99999"}, {"content": {}}, {"status": "draft"}, {"signed_by": alice}):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)
    rows.update(pdf_progress=50)  # the PDF's progress may move
    rows.update(pdf="conclusions/x.pdf", pdf_sha256="a" * 64)  # and the PDF is attached once
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(pdf_sha256="b" * 64)
    rows.update(status="superseded")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(status="issued")


def test_results_cited_by_an_issued_conclusion_cannot_be_changed_in_the_database(alice, carol, bob, tested):
    conclusion = issue(tested, preparer=alice, reviewer=carol, signer=bob)
    cited = Result.objects.filter(citations__conclusion=conclusion).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=cited.pk).update(fineness=Decimal("999.9"))
    # The correction path: while an amendment is drafted the cited result may be invalidated.
    conclusion_prepare(actor=alice, application=tested, amendment_reason="Re-assay")
    result_invalidate(actor=alice, result=cited, reason="Re-assay")
