"""Django-facing validation of IIN/BIN: the pure check from `identifiers`, messages in the user's language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lims.intake.identifiers import IdentifierError, validate_bin, validate_iin

INDIVIDUAL = "individual"

IDENTIFIER_MESSAGES = {
    "format": _("An IIN or BIN is exactly 12 digits."),
    "checksum": _("The check digit does not match: please re-check the IIN or BIN."),
    "century": _("The 7th digit of an IIN (century and sex) must be 1 to 6."),
    "birth_date": _("The first six digits of an IIN must be a valid date of birth."),
    "month": _("Digits 3-4 of a BIN must be the month of registration (01-12)."),
}


def clean_identifier(kind: str, value: str) -> str:
    """Validate an IIN (individuals) or BIN (legal entities) and return it normalized."""
    try:
        if kind == INDIVIDUAL:
            return validate_iin(value).value
        return validate_bin(value)
    except IdentifierError as error:
        raise ValidationError(IDENTIFIER_MESSAGES[error.code], code=error.code) from error
