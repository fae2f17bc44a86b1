import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_invalidate, result_record
from lims.conclusions.models import Conclusion, PdfStatus
from lims.conclusions.services import (
    conclusion_issue,
    conclusion_prepare,
    conclusion_render_pdf,
    conclusion_sign,
    content_blockers,
)
from lims.core.choices import ExpertiseKind
from lims.core.models import AuditEvent
from lims.intake.models import ApplicationStatus, ItemCategory
from lims.intake.services import application_register
from lims.rawgoods.content import ELEMENTS
from lims.rawgoods.models import ContentUnit
from lims.rawgoods.services import ContentEntry, content_record
from tests.factories import issue, jewelry, make_application, make_tested_application, record_verified
from tests.pdf_text import pdf_text


def test_manager_issues_numbered_conclusion_with_pdf(
    alice, bob, pavel_co, django_capture_on_commit_callbacks
):
    application = make_tested_application(alice, pavel_co, n_items=2)
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(application, signer=bob)
    conclusion.refresh_from_db()
    application.refresh_from_db()
    assert conclusion.number == f"ALM-{conclusion.year}-C00001"
    assert application.status == ApplicationStatus.ISSUED
    assert conclusion.pdf_status == PdfStatus.READY
    content = conclusion.pdf.read()
    assert hashlib.sha256(content).hexdigest() == conclusion.pdf_sha256
    text = pdf_text(content)
    assert conclusion.number in text
    assert "Заключение экспертизы" in text or "Expertise conclusion" in text
    for item in application.items.all():
        assert item.lab_number in text
    assert "585,4" in text  # Russian decimal comma
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(conclusion.pk), object_type="conclusions.Conclusion"
        ).values_list("action", "actor__username")
    )
    preparer, reviewer = conclusion.prepared_by.username, conclusion.reviewed_by.username
    assert preparer == "alice" and reviewer != preparer
    assert actions == [
        ("conclusion.prepare", "alice"),
        ("conclusion.review", reviewer),
        ("conclusion.sign", "bob"),
        ("conclusion.issue", "bob"),
        ("conclusion.pdf_ready", None),
    ]


def test_conclusion_numbers_are_sequential_per_organization(alice, bob, dave, erin, pavel_co):
    first = issue(make_tested_application(alice, pavel_co), signer=bob)
    other = issue(make_tested_application(dave, pavel_co), signer=erin)
    second = issue(make_tested_application(alice, pavel_co), signer=bob)
    assert (first.sequence, second.sequence, other.sequence) == (1, 2, 1)
    assert other.number.startswith("AST-")


@pytest.mark.parametrize("who", ["alice", "carol", "olga", "erin", "pavel", "victor"])
def test_only_the_head_of_the_applications_laboratory_signs(cast, alice, carol, bob, pavel_co, who):
    application = make_tested_application(alice, pavel_co, verifier=bob)
    with pytest.raises(PermissionDenied):
        issue(application, preparer=alice, reviewer=carol, signer=cast[who])
    assert not Conclusion.objects.filter(status="signed").exists()


def test_cannot_issue_before_every_item_has_a_result(alice, bob, pavel_co):
    application = make_application(alice, pavel_co, n_items=2)
    record_verified(alice, application.items.first())
    with pytest.raises(ValidationError) as error:
        conclusion_prepare(actor=alice, application=application)
    assert "every item needs a result" in str(error.value)


def test_results_awaiting_verification_block_issue(alice, carol, bob, pavel_co):
    application = make_tested_application(alice, pavel_co, verifier=carol)
    item = application.items.get()
    result_invalidate(actor=alice, result=item.results.get(), reason="Retest on a second scraping")
    result_record(
        actor=alice,
        item=item,
        method=Method.FIRE_ASSAY,
        raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.2"))),
    )
    application.refresh_from_db()
    assert "1 result awaits verification by a second person." in content_blockers(application)


def test_lapsed_accreditation_blocks_issue(alice, bob, alm, pavel_co):
    application = make_tested_application(alice, pavel_co)
    alm.accredited_until = date(2024, 12, 31)
    alm.save()
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="not valid"):
        issue(application, signer=bob)


def test_accreditation_scope_must_cover_every_kind_of_expertise(alice, bob, alm, pavel_co):
    assert ExpertiseKind.RAW_GOODS_CONTENT not in alm.scope
    application = application_register(
        actor=alice,
        applicant=pavel_co,
        purpose="voluntary",
        items=[jewelry(), jewelry(category=ItemCategory.RAW_GOODS)],
    )
    jewel, raw_goods = application.items.order_by("sequence")
    record_verified(alice, jewel)
    content_record(
        actor=alice,
        item=raw_goods,
        entries=[ContentEntry(element, ContentUnit.G_PER_T, Decimal("12.5")) for element in ELEMENTS],
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        issue(application, signer=bob)
    assert "Raw-goods content" in str(error.value)
    alm.scope = [*alm.scope, ExpertiseKind.RAW_GOODS_CONTENT]
    alm.save()
    draft = Conclusion.objects.get(application=application)  # reviewed; its signing was refused
    assert draft.status == "reviewed"
    assert conclusion_issue(actor=bob, conclusion=conclusion_sign(actor=bob, conclusion=draft)).number


def test_issued_conclusion_freezes_the_application_and_its_results(alice, bob, pavel_co):
    application = make_tested_application(alice, pavel_co)
    issue(application, signer=bob)
    item = application.items.get()
    with pytest.raises(ValidationError):
        record_verified(alice, item, "999")
    with pytest.raises(ValidationError, match="amendment needs the reason"):
        conclusion_prepare(actor=alice, application=application)
    assert Conclusion.objects.count() == 1


def test_rendering_again_keeps_the_first_document(alice, bob, pavel_co, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(make_tested_application(alice, pavel_co), signer=bob)
    conclusion.refresh_from_db()
    digest, name = conclusion.pdf_sha256, conclusion.pdf.name
    again = conclusion_render_pdf(conclusion.pk)
    assert (again.pdf_sha256, again.pdf.name) == (digest, name)


@pytest.mark.parametrize(
    ("language", "title"),
    [("kk-ru", "Сараптама қорытындысы / Заключение экспертизы"), ("en", "Expertise conclusion")],
)
def test_pdf_in_the_chosen_language(
    alice, bob, pavel_co, language, title, django_capture_on_commit_callbacks
):
    application = make_tested_application(alice, pavel_co)
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(application, signer=bob, languages=language)
    conclusion.refresh_from_db()
    assert title in " ".join(pdf_text(conclusion.pdf.read()).split())


def test_r10_conclusion_waits_for_the_content_of_every_precious_metal(alice, bob, alm, pavel_co):
    """Rule R10: the content document states the mass fraction of every precious metal."""
    alm.scope = [*alm.scope, ExpertiseKind.RAW_GOODS_CONTENT]
    alm.save()
    application = application_register(
        actor=alice, applicant=pavel_co, purpose="voluntary", items=[jewelry(category=ItemCategory.RAW_GOODS)]
    )
    lot = application.items.get()
    seven = [ContentEntry(element, ContentUnit.G_PER_T, Decimal("12.5")) for element in ELEMENTS[:-1]]
    content_record(actor=alice, item=lot, entries=seven)
    application.refresh_from_db()
    assert any("Os" in reason for reason in content_blockers(application))
    with pytest.raises(ValidationError):
        conclusion_prepare(actor=alice, application=application)
    content_record(
        actor=alice,
        item=lot,
        entries=[
            ContentEntry("Os", ContentUnit.G_PER_T, None, not_detected=True, detection_limit=Decimal("0.05"))
        ],
    )
    application.refresh_from_db()
    assert issue(application, signer=bob).number
