"""Registering name marks, checking hallmarks and recording hallmarking: guards, history, audit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from lims.assay.models import ResultStatus
from lims.assay.services import result_invalidate
from lims.core.choices import ExpertiseKind
from lims.core.models import AuditEvent
from lims.hallmarks import authenticity, codes, services
from lims.hallmarks.models import HallmarkCheck, HallmarkedArticle, NameMark, NameMarkStatus, Verdict
from lims.intake.identifiers import complete
from lims.intake.models import ApplicantKind, ItemCategory
from lims.intake.services import application_withdraw
from tests.factories import make_application
from tests.hallmarks.conftest import (
    assay_mark,
    assayed,
    observation,
    register_name_mark,
    ring,
    silver_assayed,
)

# --- Name marks --------------------------------------------------------------------------------------------


def test_manager_registers_a_name_mark_normalized_and_audited(bob, alm):
    mark = register_name_mark(bob, code=" zr g ")
    assert (mark.code, mark.code_key, mark.organization, mark.status) == ("ZRG", "ZRG", alm, "active")
    event = AuditEvent.objects.get(action="name_mark.register")
    assert event.actor == bob and event.after["code"] == "ZRG"


def test_org_admin_registers_too(olga):
    assert register_name_mark(olga).registered_by == olga


@pytest.mark.parametrize("who", ["alice", "dave", "pavel", "victor"])
def test_others_may_not_register(cast, who):
    with pytest.raises(PermissionDenied):
        register_name_mark(cast[who])


def test_the_producer_identifier_is_checked_and_the_email_required(bob):
    with pytest.raises(ValidationError) as caught:
        register_name_mark(bob, producer_identifier="150440001230", email=" ")
    assert caught.value.messages == [
        "The check digit does not match: please re-check the IIN or BIN.",
        "Enter the producer's e-mail: notices of control go there.",
    ]


def test_an_individual_producer_is_checked_as_an_iin(bob):
    mark = register_name_mark(bob, producer_kind=ApplicantKind.INDIVIDUAL, producer_identifier="900101300007")
    assert mark.producer_identifier == "900101300007"


def test_a_code_that_reads_the_same_in_cyrillic_is_taken(bob, erin):
    register_name_mark(bob, code="ABC")
    with pytest.raises(ValidationError) as caught:
        register_name_mark(erin, code="авс", producer_identifier=complete("16054000777"))
    assert caught.value.messages == [
        "Name mark АВС is already registered (as ABC, with Almaty Assay Laboratory)."
    ]


def test_a_bad_code_is_refused(bob):
    with pytest.raises(ValidationError, match="letters and digits only"):
        register_name_mark(bob, code="ZR-G")


def test_status_changes_need_a_reason_and_follow_the_transitions(bob, zerger):
    with pytest.raises(ValidationError, match="Give the reason"):
        services.name_mark_status_change(actor=bob, name_mark=zerger, status="suspended", reason=" ")
    mark = services.name_mark_status_change(actor=bob, name_mark=zerger, status="suspended", reason="Notice")
    assert (mark.status, mark.status_reason, mark.status_changed_by) == ("suspended", "Notice", bob)
    mark = services.name_mark_status_change(actor=bob, name_mark=mark, status="revoked", reason="Closed")
    with pytest.raises(ValidationError, match="is revoked; it cannot become active"):
        services.name_mark_status_change(actor=bob, name_mark=mark, status="active", reason="Oops")
    event = AuditEvent.objects.filter(action="name_mark.status").latest("id")
    assert (event.before, event.after, event.reason) == (
        {"status": "suspended"},
        {"status": "revoked"},
        "Closed",
    )


@pytest.mark.parametrize("who", ["alice", "erin", "victor"])
def test_only_the_registering_organization_changes_the_status(cast, zerger, who):
    with pytest.raises(PermissionDenied, match="ZRG"):
        services.name_mark_status_change(actor=cast[who], name_mark=zerger, status="revoked", reason="x")
    zerger.refresh_from_db()
    assert zerger.status == NameMarkStatus.ACTIVE


# --- Hallmark checks ---------------------------------------------------------------------------------------


def test_a_check_against_both_registries_is_authentic_and_audited(alice, ring_item, marks, zerger):
    check = services.hallmark_check_record(actor=alice, item=ring_item, observation=observation())
    assert check.verdict == Verdict.AUTHENTIC and check.current
    assert (check.assay_mark, check.name_mark) == (marks["Au585"], zerger)
    assert check.measured_fineness == Decimal("585.4") and check.result.status == ResultStatus.VERIFIED
    assert check.reasons == ["assay_mark_registered", "fineness_confirmed", "name_mark_registered"]
    event = AuditEvent.objects.get(action="hallmark_check.record")
    assert event.application == ring_item.application and event.after["verdict"] == "authentic"


def test_a_recheck_supersedes_the_current_check_and_keeps_history(alice, ring_item, marks, zerger):
    first = services.hallmark_check_record(actor=alice, item=ring_item, observation=observation())
    second = services.hallmark_check_record(
        actor=alice, item=ring_item, observation=observation(name_code="NOPE")
    )
    first.refresh_from_db()
    assert not first.current and second.current and second.verdict == Verdict.COUNTERFEIT
    assert HallmarkCheck.objects.filter(item=ring_item).count() == 2
    assert AuditEvent.objects.filter(action="hallmark_check.record").latest("id").before == {
        "check": first.pk,
        "verdict": "authentic",
    }


def test_stamp_above_the_measured_fineness_is_flagged(alice, carol, pavel_co, marks, zerger):
    item = assayed(alice, pavel_co, ring("585"), measured=("584.6",)).items.get()
    check = services.hallmark_check_record(actor=alice, item=item, observation=observation())
    assert check.verdict == Verdict.COUNTERFEIT and "fineness_above_measured" in check.reasons


def test_an_unverified_result_is_not_compared(alice, pavel_co, marks, zerger):
    item = make_application(alice, pavel_co).items.get()
    check = services.hallmark_check_record(actor=alice, item=item, observation=observation())
    assert check.verdict == Verdict.AUTHENTIC and "fineness_not_measured" in check.reasons
    assert check.result is None and check.measured_fineness is None


def test_the_observed_codes_are_stored_as_seen_normalized(alice, ring_item, marks, zerger):
    check = services.hallmark_check_record(
        actor=alice, item=ring_item, observation=observation(assay_office=" kza", name_code="zrg ")
    )
    assert (check.observed_office_code, check.observed_name_code) == ("KZA", "ZRG")


def test_observation_problems_are_refused_naming_the_item(alice, ring_item):
    with pytest.raises(ValidationError) as caught:
        services.hallmark_check_record(
            actor=alice, item=ring_item, observation=observation(assay_fineness=None)
        )
    assert caught.value.messages == [
        f"{ring_item.lab_number}: Enter the fineness figure seen in the assay mark."
    ]


def test_only_jewelry_is_checked(alice, pavel_co):
    bar = make_application(alice, pavel_co).items.get()
    bar.category = ItemCategory.BAR
    bar.save(update_fields=["category"])
    with pytest.raises(ValidationError, match="carries no hallmarks"):
        services.hallmark_check_record(actor=alice, item=bar, observation=observation())


def test_the_accreditation_must_cover_hallmark_verification(alice, alm, ring_item):
    alm.scope = [ExpertiseKind.METAL_ASSAY]
    alm.save(update_fields=["scope"])
    with pytest.raises(ValidationError, match="does not cover Hallmark verification"):
        services.hallmark_check_record(actor=alice, item=ring_item, observation=observation())


def test_a_closed_application_is_not_checked(alice, ring_item, tested_app):
    application_withdraw(actor=alice, application=tested_app, reason="Taken back")
    with pytest.raises(ValidationError):
        services.hallmark_check_record(actor=alice, item=ring_item, observation=observation())


@pytest.mark.parametrize("who", ["olga", "dave", "erin", "pavel", "victor"])
def test_others_may_not_check(cast, ring_item, who):
    with pytest.raises(PermissionDenied):
        services.hallmark_check_record(actor=cast[who], item=ring_item, observation=observation())
    assert not HallmarkCheck.objects.exists()


# --- Hallmarking -------------------------------------------------------------------------------------------


def test_each_article_gets_its_own_verification_id(alice, carol, pavel_co, gold_585):
    application = assayed(alice, pavel_co, ring(quantity=3), ring(), measured=("585.4", "586.0"))
    items = list(application.items.order_by("sequence"))
    rows = services.hallmarking_record(actor=alice, items=items, assay_mark=gold_585, method="laser")
    assert [(row.item_id, row.article_number) for row in rows] == [
        (items[0].pk, 1),
        (items[0].pk, 2),
        (items[0].pk, 3),
        (items[1].pk, 1),
    ]
    ids = {row.verification_id for row in rows}
    assert len(ids) == 4 and all(codes.parse_verification_id(i) == i for i in ids)
    assert all(row.result.fineness in (Decimal("585.4"), Decimal("586.0")) for row in rows)
    events = AuditEvent.objects.filter(action="hallmark.apply")
    assert events.count() == 4 and {e.application_id for e in events} == {application.pk}


def test_a_colliding_id_is_drawn_again(alice, ring_item, gold_585, monkeypatch):
    existing = assayed(alice, ring_item.application.applicant, ring()).items.get()
    (taken,) = services.hallmarking_record(actor=alice, items=[existing], assay_mark=gold_585, method="laser")
    draws = iter([taken.verification_id, "ABCDEFGH"])
    monkeypatch.setattr(codes, "new_verification_id", lambda: next(draws))
    (row,) = services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="impact")
    assert row.verification_id == "ABCDEFGH"


def test_the_whole_batch_is_refused_with_one_message_per_refused_item(
    alice, carol, pavel_co, gold_585, marks
):
    good = assayed(alice, pavel_co, ring()).items.get()
    low = assayed(alice, pavel_co, ring("585"), measured=("580.0",)).items.get()
    silver = silver_assayed(alice, pavel_co)
    untested = make_application(alice, pavel_co).items.get()
    with pytest.raises(ValidationError) as caught:
        services.hallmarking_record(
            actor=alice, items=[good, low, silver, untested], assay_mark=gold_585, method="laser"
        )
    assert caught.value.messages == [
        f"Item {low.lab_number} does not conform to its declared fineness (measured 580.0 ‰).",
        f"Item {silver.lab_number} was assayed as Silver; the mark is for Gold.",
        f"Item {untested.lab_number} has no verified assay result by a decisive method.",
    ]
    assert not HallmarkedArticle.objects.exists() and not AuditEvent.objects.filter(action="hallmark.apply")


def test_a_mark_above_the_measured_fineness_is_refused(alice, ring_item, marks):
    with pytest.raises(ValidationError) as caught:
        services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=marks["Au750"], method="laser")
    assert caught.value.messages == [
        f"Item {ring_item.lab_number}: the mark's figure 750.0 is above the measured fineness 585.4 ‰."
    ]


def test_an_item_is_hallmarked_once(alice, ring_item, gold_585):
    services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")
    with pytest.raises(ValidationError, match="is already hallmarked"):
        services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")


def test_only_jewelry_is_hallmarked(alice, carol, pavel_co, gold_585):
    coin = assayed(alice, pavel_co, ring(category=ItemCategory.COIN)).items.get()
    with pytest.raises(ValidationError, match="is not jewelry"):
        services.hallmarking_record(actor=alice, items=[coin], assay_mark=gold_585, method="laser")


def test_an_invalidated_result_is_not_enough(alice, ring_item, gold_585):
    result_invalidate(actor=alice, result=ring_item.results.get(), reason="Balance out of calibration")
    with pytest.raises(ValidationError, match="no verified assay result"):
        services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")


def test_a_mark_out_of_use_is_not_struck(alice, ring_item):
    today = timezone.localdate()
    withdrawn = assay_mark(valid_from=date(2000, 1, 1), valid_to=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="is not in use on"):
        services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=withdrawn, method="laser")


def test_another_organizations_item_is_named_and_refused(erin, ring_item, gold_585):
    with pytest.raises(ValidationError) as caught:
        services.hallmarking_record(actor=erin, items=[ring_item], assay_mark=gold_585, method="laser")
    assert caught.value.messages == [f"Item {ring_item.lab_number} belongs to another organization."]


@pytest.mark.parametrize("who", ["olga", "pavel", "victor"])
def test_others_may_not_hallmark(cast, ring_item, gold_585, who):
    with pytest.raises(PermissionDenied):
        services.hallmarking_record(actor=cast[who], items=[ring_item], assay_mark=gold_585, method="laser")


def test_an_empty_batch_or_unknown_method_is_refused(alice, ring_item, gold_585):
    with pytest.raises(ValidationError, match="at least one item"):
        services.hallmarking_record(actor=alice, items=[], assay_mark=gold_585, method="laser")
    with pytest.raises(ValidationError, match="method"):
        services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="chisel")


def test_issued_applications_can_still_be_hallmarked(alice, bob, ring_item, tested_app, gold_585):
    from tests.factories import issue

    issue(tested_app, signer=bob)
    rows = services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")
    assert len(rows) == 1


def test_observation_dataclass_is_the_pure_one():
    assert services.authenticity.Observation is authenticity.Observation


def test_a_name_mark_image_must_be_an_image(bob):
    with pytest.raises(ValidationError, match="JPEG, PNG or TIFF"):
        register_name_mark(bob, image=SimpleUploadedFile("mark.svg", b"<svg onload=alert(1)>"))
    with override_settings(MARK_IMAGE_MAX_BYTES=2**20), pytest.raises(ValidationError, match="larger than"):
        register_name_mark(bob, image=SimpleUploadedFile("mark.png", b"x" * (2**20 + 1)))
    assert not NameMark.objects.exists()
