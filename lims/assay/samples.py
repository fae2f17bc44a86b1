"""Raw measurements that yield a chosen fineness, for the demo data and the tests (one place, so both
exercise the real computation path rather than typing a finished fineness). Pure: no Django."""

from decimal import ROUND_HALF_EVEN, Decimal

from lims.assay.fineness import SILVER_MOLAR_MASS

MG = Decimal("0.01")
PROOF_GAIN_MG = Decimal("0.05")  # the proof cornets come out 0.05 mg heavy: Δ = +0.05 mg


def _q(value: Decimal, step: Decimal) -> str:
    return str(value.quantize(step, rounding=ROUND_HALF_EVEN))


def fire_assay(target: Decimal, *, spread_mg: Decimal = Decimal("0.02")) -> dict[str, str]:
    """Two 250 mg portions whose cornets give `target` ‰ after a +0.05 mg proof correction; the second
    cornet is `spread_mg` heavier (0.02 mg on 250 mg = 0.08 ‰)."""
    cornet = Decimal(250) * target / 1000 + PROOF_GAIN_MG
    return {
        "portion_1_mass_mg": "250.00",
        "portion_1_cornet_mg": _q(cornet, MG),
        "portion_2_mass_mg": "250.00",
        "portion_2_cornet_mg": _q(cornet + spread_mg, MG),
        "proof_1_gold_mg": "150.00",
        "proof_1_cornet_mg": _q(Decimal("150.00") + PROOF_GAIN_MG, MG),
        "proof_2_gold_mg": "150.00",
        "proof_2_cornet_mg": _q(Decimal("150.00") + PROOF_GAIN_MG, MG),
    }


def silver_titration(target: Decimal) -> dict[str, str]:
    """Two 0.5 g portions titrated with 0.1 mol/l KBr (titer factor 1)."""
    volume = target / 1000 * Decimal("0.5") / (Decimal("0.1") * SILVER_MOLAR_MASS) * 1000
    return {
        "concentration_mol_l": "0.10000",
        "titer_factor": "1.00000",
        "portion_1_mass_g": "0.5000",
        "portion_1_titrant_ml": _q(volume, Decimal("0.001")),
        "portion_2_mass_g": "0.5000",
        "portion_2_titrant_ml": _q(volume + Decimal("0.002"), Decimal("0.001")),
    }


def by_difference(target: Decimal) -> dict[str, str]:
    """Two ICP-OES runs whose impurities (mg/kg) add up to 1000 ‰ − `target`."""
    total = (1000 - target) * 1000
    silver = (total * Decimal("0.6")).quantize(Decimal("0.1"))
    copper = total - silver
    return {
        "portion_1_impurities": f"Ag={silver}; Cu={copper}",
        "portion_2_impurities": f"Ag={silver}; Cu={copper - 2 if copper > 2 else copper}",
    }


def gravimetric(target: Decimal, factor: Decimal) -> dict[str, str]:
    """Two 200 mg portions and the weighed form that gives `target` ‰ with the method's factor."""
    weighed = Decimal(200) * target / 1000 / factor
    return {
        "portion_1_mass_mg": "200.00",
        "portion_1_weighed_mg": _q(weighed, MG),
        "portion_2_mass_mg": "200.00",
        "portion_2_weighed_mg": _q(weighed, MG),
    }
