from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.core.choices import ExpertiseKind


class Organization(models.Model):
    """An accredited (authorized) organization that runs a laboratory (Law art.1 p.24)."""

    name = models.CharField(_("name"), max_length=200)
    short_code = models.CharField(
        _("short code"),
        max_length=12,
        unique=True,
        help_text=_("Prefix of lab numbers, e.g. ALM."),
        # Numbers are searched by their upper-cased input on the unique index (`ItemFilter.lab_number`).
        validators=[RegexValidator(r"^[A-Z0-9]+$", _("Capital Latin letters and digits only, e.g. ALM."))],
    )
    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    accreditation_number = models.CharField(_("accreditation certificate number"), max_length=64)
    accredited_from = models.DateField(_("accredited from"))
    accredited_until = models.DateField(_("accredited until"))
    scope = models.JSONField(
        _("accreditation scope"), default=list, help_text=_("Kinds of expertise the accreditation covers.")
    )

    class Meta:
        verbose_name = _("accredited organization")
        verbose_name_plural = _("accredited organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_accredited_on(self, day: date) -> bool:
        return self.accredited_from <= day <= self.accredited_until

    def covers(self, kind: str, day: date) -> bool:
        """Whether the accreditation is valid on `day` and its scope includes `kind`."""
        return self.is_accredited_on(day) and kind in self.scope

    def scope_labels(self) -> list[str]:
        return [str(ExpertiseKind(kind).label) for kind in self.scope if kind in ExpertiseKind.values]


class Role(models.TextChoices):
    TECHNICIAN = "technician", _("Laboratory technician")
    MANAGER = "manager", _("Head of laboratory")
    ORG_ADMIN = "org_admin", _("Organization administrator")
    APPLICANT = "applicant", _("Applicant")
    CONTROL_OFFICER = "control_officer", _("Control officer")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True, db_index=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("For technicians, managers and organization administrators."),
    )
    applicant = models.ForeignKey(
        "intake.Applicant",
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("For applicant accounts: the person or company they act for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["technician", "manager", "org_admin"])
                | models.Q(organization__isnull=False),
                name="staff_user_has_organization",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="applicant") | models.Q(applicant__isnull=False),
                name="applicant_user_has_applicant",
            ),
        ]

    @property
    def is_lab_staff(self) -> bool:
        return (
            self.role in {Role.TECHNICIAN, Role.MANAGER, Role.ORG_ADMIN} and self.organization_id is not None
        )
