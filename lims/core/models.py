from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which record, when and why. Written by service functions in the same
    transaction as the change it describes; never edited."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    application = models.ForeignKey(
        "intake.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["application", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class NumberSequence(models.Model):
    """Gapless counters per organization, kind and year (lab numbers, conclusion numbers); without an
    organization, the authorized body's (state control acts, Kimberley Process certificates).
    Only `lims.core.sequences.allocate` touches them."""

    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "year"], name="uniq_sequence_per_org_kind_year"
            ),
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=models.Q(organization__isnull=True),
                name="uniq_sequence_per_kind_year_without_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.kind}/{self.year}: {self.last_value}"


class CalendarOverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Working day")


class CalendarOverride(models.Model):
    """A day the laboratory's calendar treats differently from Kazakhstan's published holidays: an extra day
    off, or a weekend day worked, each by a government decree. Wins over the `holidays` package's data.
    Changed only through `lims.core.services` (open applications' due dates are recomputed)."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CalendarOverrideKind.choices)
    decree = models.CharField(
        _("decree"), max_length=300, help_text=_("The government decree that moves the day, with its date.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar day override")
        verbose_name_plural = _("calendar day overrides")
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(decree=""), name="calendar_override_decree")
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def working(self) -> bool:
        return self.kind == CalendarOverrideKind.WORKING_DAY
