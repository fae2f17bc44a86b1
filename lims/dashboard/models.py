from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.dashboard.turnaround import STAGE_KEYS
from lims.intake.models import Purpose


def _days(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _hours(label):
    return models.DecimalField(label, max_digits=8, decimal_places=1, null=True, blank=True)


# What the dashboard aggregates and counts (see the indexes).
FIGURES = [
    "application",
    "purpose",
    "on_time",
    *(f"{unit}_{stage}" for unit in ("days", "hours") for stage in (*STAGE_KEYS, "total")),
]


class Turnaround(models.Model):
    """An application's milestones and the working days and hours of each stage (R1), kept by
    `lims.dashboard.services` as the application moves, so the dashboard aggregates plain indexed columns.

    A projection of audited changes, not a record of its own: the status changes it follows are audited,
    and `manage.py turnaround_rebuild` recomputes every row from the stored timestamps. Until the first
    conclusion is issued a later event replaces an earlier one (new items, a conclusion returned and signed
    again); from the first issue on the row is final, so an amendment does not rewrite history."""

    application = models.OneToOneField(
        "intake.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="turnaround",
    )
    # Copied from the application (neither changes after registration) so every filter is on this table.
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    received_at = models.DateTimeField(_("received at"))
    first_result_at = models.DateTimeField(_("first result at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("results verified at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    on_time = models.BooleanField(
        _("issued on time"), null=True, blank=True, help_text=_("Issued by the due date (R1).")
    )

    days_testing = _days(_("working days to the first result"))
    days_verification = _days(_("working days from the first result to verification"))
    days_signing = _days(_("working days from verification to signature"))
    days_issue = _days(_("working days from signature to issue"))
    days_total = _days(_("working days from application to issue"))
    hours_testing = _hours(_("hours to the first result"))
    hours_verification = _hours(_("hours from the first result to verification"))
    hours_signing = _hours(_("hours from verification to signature"))
    hours_issue = _hours(_("hours from signature to issue"))
    hours_total = _hours(_("hours from application to issue"))

    class Meta:
        verbose_name = _("turnaround")
        verbose_name_plural = _("turnarounds")
        # The period filter, of one laboratory or all, covering every column the dashboard aggregates:
        # PostgreSQL answers from the index alone (SQLite ignores `include`).
        indexes = [
            models.Index(fields=["organization", "issued_at"], include=FIGURES, name="turnaround_org_issued"),
            models.Index(fields=["issued_at"], include=["organization", *FIGURES], name="turnaround_issued"),
        ]

    def __str__(self) -> str:
        return str(self.application_id)
