from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.core.choices import Metal
from lims.rawgoods import content


class ContentUnit(models.TextChoices):
    G_PER_T = content.G_PER_T, _("g/t")
    PERCENT = content.PERCENT, "%"  # the same sign in every language


class MetalContent(models.Model):
    """The mass fraction of one precious metal in a raw-goods item (Law art.6 p.7), or "not detected" with
    the detection limit. Recorded and changed only through `lims.rawgoods.services.content_record`."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="metal_contents"
    )
    element = models.CharField(_("element"), max_length=2, choices=Metal.choices)
    unit = models.CharField(_("unit"), max_length=3, choices=ContentUnit.choices)
    value = models.DecimalField(_("mass fraction"), max_digits=12, decimal_places=4, null=True, blank=True)
    not_detected = models.BooleanField(_("not detected"), default=False)
    detection_limit = models.DecimalField(
        _("detection limit"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    method = models.CharField(_("method"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("precious-metal content")
        verbose_name_plural = _("precious-metal contents")
        ordering = ["item_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "element"], name="rawgoods_one_content_per_element"),
            # Exactly one of: a measured value, or "not detected" with its detection limit.
            models.CheckConstraint(
                condition=Q(not_detected=False, value__isnull=False)
                | Q(not_detected=True, value__isnull=True, detection_limit__isnull=False),
                name="rawgoods_value_xor_not_detected",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="rawgoods_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(detection_limit__isnull=True) | Q(detection_limit__gt=0),
                name="rawgoods_detection_limit_positive",
            ),
            # Backstop only: the service checks the same bound first, with a translated message naming the
            # element (the database could only answer with an IntegrityError).
            models.CheckConstraint(
                condition=Q(unit=content.PERCENT, value__lte=content.MAXIMUM[content.PERCENT])
                | Q(unit=content.G_PER_T, value__lte=content.MAXIMUM[content.G_PER_T])
                | Q(value__isnull=True),
                name="rawgoods_value_at_most_the_whole",
            ),
            models.CheckConstraint(condition=Q(unit__in=content.UNITS), name="rawgoods_unit_known"),
        ]

    def __str__(self) -> str:
        if self.not_detected:
            return f"{self.item} {self.element} < {self.detection_limit} {self.unit}"
        return f"{self.item} {self.element} {self.value} {self.unit}"
