"""The gem constants the identification engine reads, from the reference table kept in the database."""

from lims.gems import models
from lims.gems.decision import AmberCriterion
from lims.gems.identification import Constant
from lims.gems.models import GemConstant

FIXTURE = "gems/gem_constants.json"  # under fixtures/, loaded by migration 0002
AMBER_FIXTURE = "gems/amber_criteria.json"  # loaded by migration 0004

FIELDS = (
    "code",
    "species",
    "optic_character",
    "sg_min",
    "sg_max",
    "ri_min",
    "ri_max",
    "birefringence_min",
    "birefringence_max",
    "kind",
    "colour_change",
)


def constants() -> tuple[Constant, ...]:
    """Every material of the reference table as the engine's `Constant` (one query)."""
    return tuple(Constant(**row) for row in GemConstant.objects.order_by("code").values(*FIELDS))


def amber_criteria() -> tuple[AmberCriterion, ...]:
    """The unique-amber criteria as the decision rules read them (one query)."""
    rows = models.AmberCriterion.objects.order_by("group", "measure")
    return tuple(AmberCriterion(r.group, r.measure, r.minimum, r.exclusive) for r in rows)
