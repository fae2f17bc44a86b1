"""The stone pages: record, see candidates and flags, add evidence, decide; bad input keeps what was typed."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lims.gems.models import GemConstant, Stone

RUBY_FORM = {
    "mounting": "loose",
    "mass_g": "0,4000",  # a decimal comma, as typed in Kazakh and Russian
    "ri_min": "1.762",
    "ri_max": "1.770",
    "optic_character": "uniaxial-",
    "weight_in_air_g": "0.4000",
    "weight_in_water_g": "0.3000",
    "colour_change": "unknown",
    "amber_characteristic_colour": "unknown",
}


@pytest.fixture
def item(stones_app):
    return stones_app.items.order_by("sequence").first()


def test_technician_records_evidences_and_decides_a_ruby(client, alice, item):
    client.force_login(alice)
    response = client.post(reverse("gems:stone_new", args=[item.pk]), RUBY_FORM)
    stone = Stone.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("gems:stone", args=[stone.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ruby / sapphire (corundum)" in page and "2.00" in page
    client.post(
        reverse("gems:evidence", args=[stone.pk]),
        {
            "kind": "inclusions",
            "file": SimpleUploadedFile("silk.jpg", b"\xff\xd8", content_type="image/jpeg"),
        },
    )
    corundum = GemConstant.objects.get(code="corundum")
    response = client.post(
        reverse("gems:decide", args=[stone.pk]),
        {"material": corundum.pk, "status": "natural", "variety": "ruby", "treatment_heating": "minor"},
    )
    assert response.status_code == 302
    page = client.get(reverse("gems:stone", args=[stone.pk])).content.decode()
    assert "Precious stone under the Law" in page and "Heating (minor)" in page


def test_a_refused_decision_says_why_and_asks_for_the_flags_reason(client, alice, item):
    client.force_login(alice)
    data = dict(RUBY_FORM, colour_change="true")
    client.post(reverse("gems:stone_new", args=[item.pk]), data)
    stone = Stone.objects.get()
    alexandrite = GemConstant.objects.get(code="chrysoberyl_alexandrite")
    response = client.post(
        reverse("gems:decide", args=[stone.pk]),
        {"material": alexandrite.pk, "status": "natural", "variety": "alexandrite"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "needs a recorded evidence item" in page and "colour-change corundum is not alexandrite" in page
    assert 'name="reason_claim_contradicts_constants"' in page  # the flag the decision itself raises
    stone.refresh_from_db()
    assert stone.decided_at is None


def test_bad_measurements_keep_what_was_typed(client, alice, item):
    client.force_login(alice)
    data = dict(RUBY_FORM, ri_min="1.780", ri_max="1.762", colour="pigeon-blood red")
    response = client.post(reverse("gems:stone_new", args=[item.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "above the highest" in page and "pigeon-blood red" in page
    assert not Stone.objects.exists()


def test_nobody_outside_the_laboratory_sees_a_stone(client, alice, dave, pavel, victor, item):
    client.force_login(alice)
    client.post(reverse("gems:stone_new", args=[item.pk]), RUBY_FORM)
    stone = Stone.objects.get()
    for user, expected in ((dave, 404), (pavel, 403), (victor, 403)):
        client.force_login(user)
        assert client.get(reverse("gems:stone", args=[stone.pk])).status_code == expected
        assert client.post(reverse("gems:decide", args=[stone.pk]), {}).status_code == expected
        assert client.post(reverse("gems:stone_new", args=[item.pk]), RUBY_FORM).status_code == expected
    assert Stone.objects.count() == 1


def test_the_org_admin_reads_but_does_not_record(client, olga, item):
    client.force_login(olga)
    assert client.get(reverse("gems:item", args=[item.pk])).status_code == 200
    assert client.post(reverse("gems:stone_new", args=[item.pk]), RUBY_FORM).status_code == 403


def test_a_new_mass_derives_the_carats_again(client, alice, item):
    client.force_login(alice)
    client.post(reverse("gems:stone_new", args=[item.pk]), RUBY_FORM)
    stone = Stone.objects.get()
    assert stone.carats == Decimal("2.00")
    # The page posts back the carats it shows (2.00) with the corrected mass.
    data = dict(RUBY_FORM, mass_g="0.4100", carats="2.00")
    response = client.post(reverse("gems:stone", args=[stone.pk]), data)
    assert response.status_code == 302
    stone.refresh_from_db()
    assert (stone.mass_g, stone.carats) == (Decimal("0.4100"), Decimal("2.05"))
