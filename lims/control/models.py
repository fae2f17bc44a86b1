"""State control of import and export of precious stones, jewelry and rough diamonds (Decree No. 356,
Rules I and II; Law art.6-7). Every row is changed only by `lims.control.services`."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lims.core.fields import user_fk


class Direction(models.TextChoices):
    IMPORT = "import", _("Import from outside the EAEU")
    EXPORT = "export", _("Export outside the EAEU")


class GoodsCategory(models.TextChoices):
    """What the lot is, which decides the rules: Rules I for precious stones and jewelry, Rules II (the
    Kimberley Process) for rough diamonds of HS 7102.10, 7102.21 and 7102.31."""

    JEWELRY = "jewelry", _("Jewelry and other articles")
    PRECIOUS_STONES = "precious_stones", _("Precious stones")
    ROUGH_DIAMONDS = "rough_diamonds", _("Rough natural diamonds (Kimberley Process)")


class QuantityUnit(models.TextChoices):
    PIECES = "pcs", _("pieces")
    CARATS = "ct", _("carats")
    GRAMS = "g", _("grams")


class CaseStatus(models.TextChoices):
    # "case" context: the words agree with "case" (Russian: neuter «дело»).
    OPEN = "open", pgettext_lazy("case", "Collecting documents")
    DOCUMENTS_RECEIVED = "documents_received", pgettext_lazy("case", "Documents received")
    RELEASED = "released", pgettext_lazy("case", "Released for customs declaration")
    REFUSED = "refused", pgettext_lazy("case", "Refused")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("case", "State control not applicable")


# Decided cases are closed: nothing in them changes any more.
DECIDED = (CaseStatus.RELEASED, CaseStatus.REFUSED, CaseStatus.NOT_APPLICABLE)


class ExemptionGround(models.TextChoices):
    """R12 (Law art.6 p.8): state control does not apply to these."""

    NATIONAL_BANK = "national_bank", _("The National Bank of Kazakhstan")
    PERSONAL_USE = "personal_use", _("Goods of an individual for personal use")
    ISOTOPES = "isotopes", _("Radioactive and stable isotopes")
    CULTURAL_VALUABLES = "cultural_valuables", _("Cultural valuables being exported")


class ControlCase(models.Model):
    """One lot imported from or exported to a country outside the EAEU, from the documents to the state
    control act (or its refusal, or the ground on which control does not apply)."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    applicant = models.ForeignKey(
        "intake.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="control_cases",
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    category = models.CharField(_("goods"), max_length=16, choices=GoodsCategory.choices)
    hs_code = models.CharField(
        _("HS code"), max_length=16, help_text=_("Commodity code, e.g. 7113.19 or 7102.31.")
    )
    partner_country = models.CharField(
        _("partner country"),
        max_length=2,
        help_text=_("Where the lot comes from (import) or goes to (export); ISO 3166-1 code."),
    )
    description = models.CharField(_("description of the goods"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    unit = models.CharField(_("unit"), max_length=3, choices=QuantityUnit.choices)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    customs_post = models.CharField(_("customs post"), max_length=200, blank=True)
    conclusion = models.ForeignKey(
        "conclusions.Conclusion",
        verbose_name=_("expertise conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="control_cases",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    opened_by = user_fk(_("opened by"), null=False, blank=False)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    documents_received_at = models.DateTimeField(_("documents received at"), null=True, blank=True)
    documents_received_by = user_fk(_("documents received by"))
    act_due_at = models.DateTimeField(
        _("act due at"), null=True, blank=True, help_text=_("One working day from the documents (R6).")
    )
    decided_by = user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    act_year = models.PositiveSmallIntegerField(_("act year"), null=True, blank=True)
    act_sequence = models.PositiveIntegerField(_("act sequence"), null=True, blank=True)
    act_number = models.CharField(_("act number"), max_length=32, unique=True, null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    exemption_ground = models.CharField(
        _("ground"), max_length=20, choices=ExemptionGround.choices, blank=True
    )
    exemption_note = models.TextField(_("note on the ground"), blank=True)

    act_pdf = models.FileField(_("act PDF"), upload_to="control/acts/%Y/", blank=True)
    act_pdf_sha256 = models.CharField(_("act PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("control case")
        verbose_name_plural = _("control cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["act_year", "act_sequence"], name="uniq_act_sequence_per_year"),
            models.CheckConstraint(
                condition=~models.Q(status="released") | models.Q(act_number__isnull=False),
                name="released_case_has_act",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="refused_case_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_applicable") | ~models.Q(exemption_ground=""),
                name="exempt_case_has_ground",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "act_due_at"]),
            models.Index(fields=["applicant", "-opened_at"]),
            models.Index(fields=["direction", "category"]),
            models.Index(fields=["decided_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def is_rough_diamonds(self) -> bool:
        return self.category == GoodsCategory.ROUGH_DIAMONDS


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("Foreign-trade contract")
    INTENT = "intent", _("Other document proving the parties' intent")
    TRANSLATION = "translation", _("Certified translation of the contract")
    OTHER = "other", _("Other document")


class DocumentLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", _("Another language")


class ControlDocument(models.Model):
    """A document handed to the control officer (R5), kept as uploaded with its SHA-256. Added, never
    edited or deleted."""

    case = models.ForeignKey(
        ControlCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="control/documents/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size, bytes"))
    reference = models.CharField(_("number"), max_length=100, blank=True)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=DocumentLanguage.choices, default=DocumentLanguage.RUSSIAN
    )
    # A translation certified by the applicant (R5): position, date, signature and seal.
    certified_by_position = models.CharField(
        _("position of the certifying person"), max_length=200, blank=True
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    signed = models.BooleanField(_("signed"), default=False)
    sealed = models.BooleanField(_("sealed"), default=False)
    uploaded_by = user_fk(_("uploaded by"), null=False, blank=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("control document")
        verbose_name_plural = _("control documents")
        ordering = ["case_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def certification_complete(self) -> bool:
        return bool(self.certified_by_position.strip() and self.certified_on and self.signed and self.sealed)


class SpecialRegistration(models.Model):
    """R11 (Law art.7 p.4): the importer's or exporter's document of special registration, as seen by the
    authorized body. The National Bank needs none."""

    applicant = models.ForeignKey(
        "intake.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="special_registrations",
    )
    number = models.CharField(_("number"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: indefinite."))
    file = models.FileField(_("file"), upload_to="control/registrations/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    recorded_by = user_fk(_("recorded by"), null=False, blank=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("special registration")
        verbose_name_plural = _("special registrations")
        ordering = ["applicant_id", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "number"], name="uniq_special_registration"),
        ]

    def __str__(self) -> str:
        return self.number

    def valid_on(self, day) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)


class KimberleyCertificate(models.Model):
    """A Kimberley Process certificate (KPCS Annex I): the exporting state's, presented on import (R7), or
    Kazakhstan's, issued by Synama together with the act on export (R9). An export certificate is a draft,
    without number and dates, until the act issues it."""

    case = models.OneToOneField(
        ControlCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="kp_certificate"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    number = models.CharField(_("certificate number"), max_length=40, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    issuing_country = models.CharField(_("issuing country"), max_length=2)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    authority_email = models.EmailField(
        _("issuing authority's e-mail"), blank=True, help_text=_("Where the confirmation of receipt goes.")
    )
    origin = models.CharField(
        _("country of origin"), max_length=8, help_text=_("ISO 3166-1 code, or “mixed”.")
    )
    exporter = models.CharField(_("exporter"), max_length=300)
    importer = models.CharField(_("importer"), max_length=300)
    parcels = models.PositiveIntegerField(_("number of parcels"), validators=[MinValueValidator(1)])
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    expires_on = models.DateField(_("date of expiry"), null=True, blank=True)
    recorded_by = user_fk(_("recorded by"), null=False, blank=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    receipt_confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    receipt_delivery = models.ForeignKey(
        "notifications.Delivery",
        verbose_name=_("confirmation e-mail"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), upload_to="control/kp/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("Kimberley Process certificate")
        verbose_name_plural = _("Kimberley Process certificates")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="uniq_kp_sequence_per_year"),
            # Kazakhstan's certificate gets its number and dates together, at the act (R9). An import
            # certificate is recorded as presented, gaps included, so the refusal can cite them (R7).
            models.CheckConstraint(
                condition=models.Q(direction="import")
                | models.Q(number__isnull=True)
                | models.Q(issued_on__isnull=False, expires_on__isnull=False),
                name="issued_kp_certificate_has_dates",
            ),
        ]
        indexes = [models.Index(fields=["direction", "issued_on"])]

    def __str__(self) -> str:
        return self.number or str(_("draft KP certificate for %(case)s") % {"case": self.case.number})


class KimberleyLine(models.Model):
    """One HS code of a certificate with its carats and value (the certificate's totals are their sums)."""

    certificate = models.ForeignKey(
        KimberleyCertificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="lines"
    )
    hs_code = models.CharField(_("HS code"), max_length=7)
    carats = models.DecimalField(
        _("carats"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    value_usd = models.DecimalField(
        _("value, USD"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = _("certificate line")
        verbose_name_plural = _("certificate lines")
        ordering = ["certificate_id", "hs_code"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "hs_code"], name="uniq_kp_line_per_hs_code"),
            models.CheckConstraint(
                condition=models.Q(hs_code__in=["7102.10", "7102.21", "7102.31"]), name="kp_line_hs_in_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hs_code}: {self.carats} ct"


class SealState(models.TextChoices):
    INTACT = "intact", _("Intact")
    BROKEN = "broken", _("Broken")
    MISSING = "missing", _("Missing")


class ContainerSeal(models.Model):
    """A tamper-evident container's seal (R8, Rules II p.2): its state on arrival (import) or as applied
    (export)."""

    certificate = models.ForeignKey(
        KimberleyCertificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="seals"
    )
    number = models.CharField(_("seal number"), max_length=64)
    state = models.CharField(_("state"), max_length=8, choices=SealState.choices, default=SealState.INTACT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = user_fk(_("recorded by"), null=False, blank=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("container seal")
        verbose_name_plural = _("container seals")
        ordering = ["certificate_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "number"], name="uniq_seal_per_certificate"),
        ]

    def __str__(self) -> str:
        return self.number
