"""May this instrument be used today? The calibration gate (ISO/IEC 17025 §6.4), in one place.

An instrument may be cited by a result, read from a file or fill a worksheet only when, on the day:
  1. it is in service (not out of service, not retired);
  2. if its type is calibrated (`CALIBRATED_TYPES`: everything but indicators such as a polariscope or a
     UV lamp), a calibration, verification or attestation performed on or before the day is valid on it;
  3. its last QC check, if it has any, passed (a failed check stops it until a passing one);
  4. it serves the method it is used for.

`with_state()` annotates a queryset with what the rules need (one query for a whole list), and
`usage_blockers()` turns an annotated instrument into the reasons it may not be used, each a sentence in the
user's language. `ensure_usable()` raises them for services.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from instruments.models import Instrument, InstrumentStatus, InstrumentUse, QcCheck


def with_state(queryset: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Instruments annotated with `calibrated_until` (the latest validity among records performed by the
    day), `last_qc_passed` and `last_qc_at`."""
    day = day or timezone.localdate()
    last_qc = QcCheck.objects.filter(instrument=OuterRef("pk")).order_by("-performed_at", "-id")
    return queryset.annotate(
        calibrated_until=Max("calibrations__valid_until", filter=Q(calibrations__performed_on__lte=day)),
        last_qc_passed=Subquery(last_qc.values("passed")[:1]),
        last_qc_at=Subquery(last_qc.values("performed_at")[:1]),
    )


def usage_blockers(instrument: Instrument, *, day: datetime.date | None = None, use: str | None = None):
    """Why `instrument` (annotated by `with_state` for the same day) may not be used; empty when it may."""
    day = day or timezone.localdate()
    name = str(instrument)
    blockers = []
    if instrument.status != InstrumentStatus.IN_SERVICE:
        blockers.append(
            _("%(instrument)s is %(status)s%(reason)s.")
            % {
                "instrument": name,
                "status": instrument.get_status_display().lower(),
                "reason": f" ({instrument.status_reason})" if instrument.status_reason else "",
            }
        )
    if instrument.needs_calibration:
        until = instrument.calibrated_until
        if until is None:
            blockers.append(
                _("%(instrument)s has no calibration or verification record: record its certificate first.")
                % {"instrument": name}
            )
        elif until < day:
            blockers.append(
                _("The calibration of %(instrument)s expired on %(date)s: do not use it until recalibrated.")
                % {"instrument": name, "date": formats.date_format(until, "SHORT_DATE_FORMAT")}
            )
    if instrument.last_qc_passed is False:
        blockers.append(
            _("The last QC check of %(instrument)s (%(date)s) failed: run a passing check before using it.")
            % {
                "instrument": name,
                "date": formats.date_format(timezone.localtime(instrument.last_qc_at), "SHORT_DATE_FORMAT"),
            }
        )
    if use and use not in instrument.uses:
        blockers.append(
            _("%(instrument)s does not serve %(use)s.")
            % {"instrument": name, "use": InstrumentUse(use).label if use in InstrumentUse.values else use}
        )
    return blockers


def ensure_usable(
    instrument: Instrument, *, use: str | None = None, day: datetime.date | None = None
) -> None:
    """Raise every reason `instrument` may not be used (for `use`) on the day; reads its state afresh."""
    current = with_state(Instrument.objects.filter(pk=instrument.pk), day).get()
    blockers = usage_blockers(current, day=day, use=use)
    if blockers:
        raise ValidationError(blockers, code="instrument_unusable")


def expiry_warning_until(day: datetime.date | None = None) -> datetime.date:
    """Calibrations valid until this day or earlier are "expiring soon" on the register."""
    return (day or timezone.localdate()) + datetime.timedelta(days=settings.INSTRUMENT_EXPIRY_WARNING_DAYS)
