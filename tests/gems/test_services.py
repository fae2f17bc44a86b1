"""Identifying stones through the services: the issue's three stones, the evidence gates, the flags that need
a written reason, the audit trail, and what the conclusion and the label make of it."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lims.conclusions.services import content_blockers
from lims.core.models import AuditEvent
from lims.gems.labels import insert_label
from lims.gems.models import Evidence, GemConstant, Stone
from lims.gems.services import Decision, evidence_add, stone_decide, stone_record
from lims.intake.models import ItemCategory, ItemStatus
from lims.intake.services import application_register
from tests.factories import issue, jewelry
from tests.pdf_text import pdf_text

D = Decimal

RUBY = {
    "mass_g": D("0.4000"),
    "ri_min": D("1.762"),
    "ri_max": D("1.770"),
    "optic_character": "uniaxial-",
    "weight_in_air_g": D("0.4000"),
    "weight_in_water_g": D("0.3000"),
    "colour": "red",
    "inclusions": "silk, fingerprints",
}
MOISSANITE = {"mass_g": D("0.2040"), "ri_over_limit": True, "optic_character": "uniaxial+", "sg": D("3.22")}
PEARL = {
    "mass_g": D("1.6000"),
    "ri_min": D("1.530"),
    "ri_max": D("1.685"),
    "optic_character": "aggregate",
    "sg": D("2.72"),
    "xray_findings": "Radiograph: round bead nucleus with a sharp demarcation line",
}
FLUX_EMERALD = {"ri_min": D("1.561"), "ri_max": D("1.564"), "optic_character": "uniaxial-", "sg": D("2.65")}


def material(code):
    return GemConstant.objects.get(code=code)


def items_of(application):
    return list(application.items.order_by("sequence"))


def test_ruby_is_identified_as_a_precious_stone(alice, stones_app):
    item = items_of(stones_app)[0]
    ruby = stone_record(actor=alice, item=item, data=RUBY)
    assert (ruby.number, ruby.carats, ruby.sg_derived) == (1, D("2.00"), D("4.00"))
    assert ruby.candidates[0]["species"] == "corundum" and ruby.flags == []
    evidence_add(
        actor=alice,
        stone=ruby,
        kind="inclusions",
        file=SimpleUploadedFile("silk.jpg", b"\xff\xd8 photo", content_type="image/jpeg"),
    )
    ruby = stone_decide(
        actor=alice, stone=ruby, choice=Decision(material("corundum"), "natural", variety="ruby")
    )
    assert (ruby.species, ruby.is_precious, ruby.precious_reason) == ("corundum", True, "natural_corundum")
    item.refresh_from_db()
    assert item.status == ItemStatus.TESTED
    assert list(AuditEvent.objects.filter(object_type="gems.Stone").values_list("action", flat=True)) == [
        "stone.record",
        "stone.evidence",
        "stone.decide",
    ]
    assert ruby.evidence.get().sha256 == hashlib.sha256(b"\xff\xd8 photo").hexdigest()


def test_synthetic_moissanite_over_the_limit_is_not_precious(alice, stones_app):
    item = items_of(stones_app)[1]
    moissanite = stone_record(actor=alice, item=item, data=MOISSANITE)
    assert moissanite.carats == D("1.02")
    assert [f["code"] for f in moissanite.flags] == ["otl_identify_by_other_means"]
    assert moissanite.candidates[0]["code"] == "synthetic_moissanite"
    # Identified by SG and optic character: no reason needed for the over-the-limit flag.
    moissanite = stone_decide(
        actor=alice, stone=moissanite, choice=Decision(material("synthetic_moissanite"), "synthetic")
    )
    assert (moissanite.is_precious, moissanite.precious_reason) == (False, "not_natural")


def test_cultured_pearl_needs_its_xray_finding_and_is_not_precious(alice, stones_app):
    item = items_of(stones_app)[2]
    data = dict(PEARL, xray_findings="")
    pearl = stone_record(actor=alice, item=item, data=data)
    choice = Decision(material("pearl"), "natural", pearl_type="bead_cultured")
    with pytest.raises(ValidationError, match="X-ray"):
        stone_decide(actor=alice, stone=pearl, choice=choice)
    pearl = stone_record(actor=alice, item=item, stone=pearl, data={"xray_findings": PEARL["xray_findings"]})
    pearl = stone_decide(actor=alice, stone=pearl, choice=choice)
    assert (pearl.is_precious, pearl.precious_reason) == (False, "cultured_pearl")


def test_rule6_natural_corundum_without_evidence_is_refused(alice, stones_app):
    ruby = stone_record(actor=alice, item=items_of(stones_app)[0], data=RUBY)
    with pytest.raises(ValidationError, match="evidence"):
        stone_decide(
            actor=alice, stone=ruby, choice=Decision(material("corundum"), "natural", variety="ruby")
        )
    ruby.refresh_from_db()
    assert ruby.decided_at is None
    # Synthetic needs no evidence item.
    stone_decide(actor=alice, stone=ruby, choice=Decision(material("corundum"), "synthetic", variety="ruby"))


def test_a_written_observation_counts_as_evidence(alice, stones_app):
    ruby = stone_record(actor=alice, item=items_of(stones_app)[0], data=RUBY)
    evidence_add(actor=alice, stone=ruby, kind="spectroscopy", note="Cr lines 694 nm; Fe 450 nm")
    stone_decide(actor=alice, stone=ruby, choice=Decision(material("corundum"), "natural", variety="ruby"))
    with pytest.raises(ValidationError):
        evidence_add(actor=alice, stone=ruby, kind="photo", note="  ")


def test_rule5_natural_emerald_against_the_flux_flag_needs_a_reason(alice, stones_app):
    emerald = stone_record(actor=alice, item=items_of(stones_app)[0], data=FLUX_EMERALD)
    assert "possible_flux_synthetic_emerald" in [f["code"] for f in emerald.flags]
    evidence_add(actor=alice, stone=emerald, kind="inclusions", note="three-phase inclusions")
    choice = Decision(material("beryl_emerald"), "natural", variety="emerald")
    with pytest.raises(ValidationError, match="flux synthetic emerald"):
        stone_decide(actor=alice, stone=emerald, choice=choice)
    reasons = {
        "possible_flux_synthetic_emerald": "Three-phase inclusions typical of Colombian emerald",
        "claim_contradicts_constants": "Low-RI Colombian material, see spectroscopy",
    }
    emerald = stone_decide(
        actor=alice,
        stone=emerald,
        choice=Decision(material("beryl_emerald"), "natural", variety="emerald", flag_reasons=reasons),
    )
    assert emerald.flag_reasons["possible_flux_synthetic_emerald"].startswith("Three-phase")
    event = AuditEvent.objects.filter(action="stone.decide").get()
    assert "Three-phase" in event.reason
    # The same stone decided as a flux synthetic goes with the flag: no reason needed for it.
    stone_record(actor=alice, item=emerald.item, stone=emerald, data={"colour": "green"})
    synthetic = stone_decide(
        actor=alice,
        stone=emerald,
        choice=Decision(material("flux_synthetic_emerald"), "synthetic", variety="emerald"),
    )
    assert synthetic.is_precious is False


def test_rule4_colour_change_corundum_decided_as_alexandrite_needs_a_reason(alice, stones_app):
    data = dict(RUBY, colour_change=True)
    colour_change = stone_record(actor=alice, item=items_of(stones_app)[0], data=data)
    assert "colour_change_corundum_not_alexandrite" in [f["code"] for f in colour_change.flags]
    evidence_add(actor=alice, stone=colour_change, kind="spectroscopy", note="475 nm line")
    with pytest.raises(ValidationError) as refused:
        stone_decide(
            actor=alice,
            stone=colour_change,
            choice=Decision(material("chrysoberyl_alexandrite"), "natural", variety="alexandrite"),
        )
    text = " ".join(refused.value.messages)
    assert "colour-change corundum is not alexandrite" in text and "contradicts its constants" in text


def test_changing_measurements_reopens_the_decision(alice, stones_app):
    item = items_of(stones_app)[1]
    moissanite = stone_record(actor=alice, item=item, data=MOISSANITE)
    stone_decide(
        actor=alice, stone=moissanite, choice=Decision(material("synthetic_moissanite"), "synthetic")
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.TESTED
    stone_record(actor=alice, item=item, stone=moissanite, data={"sg": D("3.21")})
    moissanite.refresh_from_db()
    item.refresh_from_db()
    assert (
        moissanite.decided_at is None
        and moissanite.is_precious is None
        and item.status == ItemStatus.REGISTERED
    )
    change = AuditEvent.objects.filter(action="stone.change").get()
    assert change.before["sg"] == "3.22" and change.after["sg"] == "3.21" and "reopened" in change.reason
    # Saving the same values again changes nothing and writes nothing.
    stone_record(actor=alice, item=item, stone=moissanite, data={"sg": D("3.21")})
    assert AuditEvent.objects.filter(action="stone.change").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sg": D("3.22"), "weight_in_air_g": D("1")}, "not both"),
        ({"ri_min": D("1.770"), "ri_max": D("1.762")}, "above the highest"),
        ({"weight_in_air_g": D("0.3"), "weight_in_water_g": D("0.4")}, "below the weight in air"),
        ({"mass_g": D("0.2"), "carats": D("2.00")}, "not both"),
        ({"ri_over_limit": True, "ri_min": D("1.9")}, "OTL"),
    ],
)
def test_bad_measurements_are_refused_with_a_clear_message(alice, stones_app, data, message):
    with pytest.raises(ValidationError, match=message):
        stone_record(actor=alice, item=items_of(stones_app)[0], data=data)
    assert not Stone.objects.exists()


def test_only_staff_of_the_items_organization_record_stones(dave, bob, olga, stones_app):
    item = items_of(stones_app)[0]
    with pytest.raises(PermissionDenied):
        stone_record(actor=dave, item=item, data=RUBY)
    with pytest.raises(PermissionDenied):
        stone_record(actor=olga, item=item, data=RUBY)
    assert stone_record(actor=bob, item=item, data=RUBY).number == 1


def test_the_conclusion_waits_for_every_stone(alice, bob, stones_app):
    blockers = " ".join(content_blockers(stones_app))
    assert "no stone recorded" in blockers
    first = items_of(stones_app)[0]
    stone_record(actor=alice, item=first, data=RUBY)
    blockers = content_blockers(stones_app)
    assert f"Stone {first.lab_number} #1: not identified yet." in blockers


def test_r4_label_says_an_artificial_insert_is_not_precious(alice, pavel_co):
    application = application_register(
        actor=alice, applicant=pavel_co, purpose="voluntary", items=[jewelry()]
    )
    ring = application.items.get()
    assert insert_label(ring) == {}
    insert = stone_record(
        actor=alice, item=ring, data={"ri_over_limit": True, "optic_character": "isotropic", "sg": D("5.80")}
    )
    stone_decide(actor=alice, stone=insert, choice=Decision(material("cubic_zirconia"), "synthetic"))
    label = insert_label(ring)
    assert label == {
        "kk": ["Көз: Фианит (текше цирконий диоксиді) (синтетикалық). Асыл тас емес."],
        "ru": [
            "Вставка: Фианит (кубический диоксид циркония) (синтетический). Не является драгоценным камнем."
        ],
    }
    ring.refresh_from_db()
    assert ring.status == ItemStatus.REGISTERED  # jewelry is tested by its assay, not by its inserts
    assert ring.category == ItemCategory.JEWELRY


def test_the_conclusion_reports_every_identified_stone(
    alice, bob, stones_app, django_capture_on_commit_callbacks
):
    ruby_item, moissanite_item, pearl_item = items_of(stones_app)
    ruby = stone_record(actor=alice, item=ruby_item, data=RUBY)
    evidence_add(actor=alice, stone=ruby, kind="inclusions", note="rutile silk")
    stone_decide(actor=alice, stone=ruby, choice=Decision(material("corundum"), "natural", variety="ruby"))
    moissanite = stone_record(actor=alice, item=moissanite_item, data=MOISSANITE)
    stone_decide(
        actor=alice, stone=moissanite, choice=Decision(material("synthetic_moissanite"), "synthetic")
    )
    pearl = stone_record(actor=alice, item=pearl_item, data=PEARL)
    stone_decide(
        actor=alice, stone=pearl, choice=Decision(material("pearl"), "natural", pearl_type="bead_cultured")
    )
    stones_app.refresh_from_db()
    assert content_blockers(stones_app) == []
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(stones_app, signer=bob, languages="en")
    conclusion.refresh_from_db()
    text = " ".join(pdf_text(conclusion.pdf.read()).split())
    assert (
        "Stone 1: Ruby / sapphire (corundum), ruby, natural, 2.00 ct. A precious stone under the Law." in text
    )
    assert "Synthetic moissanite, synthetic, 1.02 ct. Not a precious stone under the Law." in text
    assert "natural, bead cultured pearl, 8.00 ct. Not a precious stone under the Law." in text


def test_stone_evidence_refuses_a_program_and_an_oversized_file(alice, stones_app):
    stone = stone_record(actor=alice, item=stones_app.items.first(), data={"sg": D("4.00")})
    with pytest.raises(ValidationError, match="Upload a photo"):
        evidence_add(actor=alice, stone=stone, kind="photo", file=SimpleUploadedFile("photo.exe", b"MZ"))
    with (
        override_settings(GEM_EVIDENCE_MAX_BYTES=2**20),
        pytest.raises(ValidationError, match="larger than 1 MB"),
    ):
        evidence_add(
            actor=alice, stone=stone, kind="photo", file=SimpleUploadedFile("photo.jpg", b"x" * (2**20 + 1))
        )
    assert not Evidence.objects.exists()
