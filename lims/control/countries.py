"""Countries by ISO 3166-1 alpha-2 code, named in the user's language (pycountry's ISO data and the
iso-codes translations it ships, Kazakh and Russian among them)."""

import gettext
from functools import cache

import pycountry
from django.utils import translation

MIXED = "mixed"  # KP certificate: origin of a parcel mixing several countries' production


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str, language: str | None = None) -> str:
    """'BE' → 'Бельгия' in Kazakh or Russian, 'Belgium' in English; an unknown code is returned as is."""
    country = pycountry.countries.get(alpha_2=(code or "").upper()) if code else None
    if country is None:
        return code or ""
    language = (language or translation.get_language() or "en").split("-")[0]
    if language == "en":
        return getattr(country, "common_name", country.name)
    return _catalog(language).gettext(country.name)


def country_choices(exclude=()) -> list[tuple[str, str]]:
    """Every country, named and sorted in the active language (for a select)."""
    excluded = {code.upper() for code in exclude}
    choices = [
        (country.alpha_2, country_name(country.alpha_2))
        for country in pycountry.countries
        if country.alpha_2 not in excluded
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())
