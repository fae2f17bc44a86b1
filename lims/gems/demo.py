"""Demo stones for `seed_demo`: a ruby and a synthetic moissanite identified, a cultured pearl measured and
awaiting the technician's decision. Made through the services, so the audit trail is real."""

from decimal import Decimal

from django.core.files.base import ContentFile

from lims.gems.models import GemConstant
from lims.gems.services import Decision, evidence_add, stone_decide, stone_record
from lims.intake.models import ItemCategory
from lims.intake.services import ItemData

D = Decimal

ITEMS = [
    ItemData(ItemCategory.PRECIOUS_STONE, "Камень красный, огранка овал", D("0.400")),
    ItemData(ItemCategory.PRECIOUS_STONE, "Камень бесцветный, круглая огранка", D("0.204")),
    ItemData(ItemCategory.PRECIOUS_STONE, "Жемчужина белая, 8 мм", D("1.600")),
]
RUBY = {
    "mass_g": D("0.4000"),
    "length_mm": D("7.02"),
    "width_mm": D("5.11"),
    "depth_mm": D("3.40"),
    "shape": "овал, смешанная огранка",
    "colour": "красный",
    "transparency": "transparent",
    "ri_min": D("1.762"),
    "ri_max": D("1.770"),
    "optic_character": "uniaxial-",
    "weight_in_air_g": D("0.4000"),
    "weight_in_water_g": D("0.3000"),
    "pleochroism": "сильный, пурпурно-красный / оранжево-красный",
    "inclusions": "шёлк рутила, «отпечатки пальцев»",
}
MOISSANITE = {
    "mass_g": D("0.2040"),
    "shape": "круг, бриллиантовая огранка",
    "colour": "бесцветный",
    "transparency": "transparent",
    "ri_over_limit": True,
    "optic_character": "uniaxial+",
    "sg": D("3.22"),
    "magnification": "раздвоение рёбер граней",
}
PEARL = {
    "mass_g": D("1.6000"),
    "colour": "белый",
    "ri_min": D("1.530"),
    "ri_max": D("1.685"),
    "optic_character": "aggregate",
    "sg": D("2.72"),
    "xray_findings": "Рентгенограмма: круглое ядро с резкой границей (бусина)",
}


def seed(*, actor, application) -> None:
    ruby_item, moissanite_item, pearl_item = application.items.order_by("sequence")
    ruby = stone_record(actor=actor, item=ruby_item, data=RUBY)
    evidence_add(
        actor=actor,
        stone=ruby,
        kind="spectroscopy",
        file=ContentFile(b"nm,absorbance\n468,0.61\n476,0.44\n694,0.92\n", name="ruby-uv-vis.csv"),
        note="Линии Cr 694 нм; полосы Fe",
    )
    stone_decide(
        actor=actor,
        stone=ruby,
        choice=Decision(GemConstant.objects.get(code="corundum"), "natural", variety="ruby"),
    )
    moissanite = stone_record(actor=actor, item=moissanite_item, data=MOISSANITE)
    stone_decide(
        actor=actor,
        stone=moissanite,
        choice=Decision(GemConstant.objects.get(code="synthetic_moissanite"), "synthetic"),
    )
    stone_record(actor=actor, item=pearl_item, data=PEARL)
