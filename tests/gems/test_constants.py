"""Gem constants are reference data: loaded by migration from fixtures/gems/, consistent, and visible with
their "verified" marks to administrators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lims.gems.models import GemConstant, OpticCharacter

pytestmark = pytest.mark.django_db

PRECIOUS_UNDER_THE_LAW = {"diamond", "corundum", "beryl_emerald", "chrysoberyl_alexandrite", "pearl", "amber"}


def test_the_reference_table_is_loaded():
    codes = set(GemConstant.objects.values_list("code", flat=True))
    assert (
        PRECIOUS_UNDER_THE_LAW | {"synthetic_moissanite", "cubic_zirconia", "flux_synthetic_emerald"} <= codes
    )


def test_isotropic_materials_have_no_birefringence_and_ranges_are_ordered():
    for constant in GemConstant.objects.all():
        assert constant.sg_min <= constant.sg_max, constant.code
        if constant.ri_min is not None:
            assert constant.ri_min <= constant.ri_max, constant.code
        if constant.optic_character in (OpticCharacter.ISOTROPIC, OpticCharacter.AMORPHOUS):
            assert constant.birefringence_max in (None, Decimal("0")), constant.code


def test_unverified_constants_are_marked_for_the_administrator(admin_client):
    GemConstant.objects.filter(code="strontium_titanate").update(verified=False)
    page = admin_client.get(reverse("admin:gems_gemconstant_changelist"), {"verified__exact": "0"})
    assert page.status_code == 200 and "Strontium titanate" in page.content.decode()
    assert "Synthetic moissanite" not in page.content.decode()


def test_the_engine_reads_the_stored_table_and_suggests_ruby_and_moissanite():
    from lims.gems.identification import Measurements, rank
    from lims.gems.reference import constants

    table = constants()
    ruby = Measurements(
        ri_min=Decimal("1.762"),
        ri_max=Decimal("1.770"),
        optic_character="uniaxial-",
        sg=Decimal("4.00"),
    )
    assert rank(ruby, table)[0].species == "corundum"
    moissanite = Measurements(ri_over_limit=True, optic_character="uniaxial+", sg=Decimal("3.22"))
    assert rank(moissanite, table)[0].code == "synthetic_moissanite"
