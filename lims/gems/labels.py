"""Label text for jewelry with artificial inserts (Law art.13 p.1, rule R4): the label must say the stone is
not a precious stone. Written in Kazakh and Russian, the languages of a label on sale in Kazakhstan.

"Artificial" is the decided status synthetic, imitation or composite. A natural stone that is not precious
(a topaz, say) is not artificial and needs no such statement; it is not called precious either.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from lims.gems.models import Stone, StoneStatus

ARTIFICIAL = frozenset({StoneStatus.SYNTHETIC, StoneStatus.IMITATION, StoneStatus.COMPOSITE})
LABEL_LANGUAGES = ("kk", "ru")


def artificial_inserts(item) -> list[Stone]:
    return list(
        Stone.objects.filter(item=item, status__in=ARTIFICIAL, decided_at__isnull=False)
        .select_related("material")
        .order_by("number")
    )


def insert_label(item, languages=LABEL_LANGUAGES) -> dict[str, list[str]]:
    """One line per artificial insert of the item, per language; empty when there is none."""
    stones = artificial_inserts(item)
    lines = {}
    for language in languages:
        with translation.override(language):
            lines[language] = [
                _("Insert: %(material)s (%(status)s). Not a precious stone.")
                % {"material": stone.material.localized_name, "status": stone.get_status_display().lower()}
                for stone in stones
            ]
    return lines if stones else {}
