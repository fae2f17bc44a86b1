"""What every control service shares: who may act, whether the case's documents are still open, local days
and the authorized body's numbers."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.control.models import CaseStatus, ControlCase
from lims.core.sequences import allocate


def ensure_officer(actor) -> None:
    if not permissions.is_control_officer(actor):
        raise PermissionDenied


def ensure_open(case: ControlCase) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(
            _("The documents of this case are closed: it is %(status)s.")
            % {"status": case.get_status_display().lower()}
        )


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def allocate_number(prefix: str, kind: str, year: int) -> tuple[int, str]:
    (sequence,) = allocate(organization_id=None, kind=kind, year=year)
    return sequence, f"{prefix}-{year}-{sequence:06d}"
