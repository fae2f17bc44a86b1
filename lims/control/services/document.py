"""The act's PDF and, for a rough-diamond export, Kazakhstan's KP certificate's PDF: rendered once, after
the act, in a background task; each file's SHA-256 kept."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from lims.control.models import ControlCase, Direction, KimberleyCertificate
from lims.core.audit import audit_record

logger = logging.getLogger(__name__)


def control_render_documents(case_id: int) -> list[str]:
    """Render what is missing and attach it; safe to run again (a retried task makes nothing twice).
    Returns the names of the files attached."""
    from lims.control.pdf import render_act, render_kp_certificate

    case = ControlCase.objects.select_related("applicant", "decided_by").get(pk=case_id)
    if not case.act_number:
        return []
    attached = []
    if not case.act_pdf:
        content = render_act(case)
        with transaction.atomic():
            locked = ControlCase.objects.select_for_update().get(pk=case_id)
            if not locked.act_pdf:
                digest = hashlib.sha256(content).hexdigest()
                locked.act_pdf.save(f"{case.act_number}.pdf", ContentFile(content), save=False)
                locked.act_pdf_sha256 = digest
                locked.save(update_fields=["act_pdf", "act_pdf_sha256"])
                audit_record(actor=None, action="control.act_pdf_ready", obj=locked, after={"sha256": digest})
                attached.append(locked.act_pdf.name)
    certificate = KimberleyCertificate.objects.filter(case_id=case_id, direction=Direction.EXPORT).first()
    if certificate and certificate.number and not certificate.pdf:
        content = render_kp_certificate(certificate)
        with transaction.atomic():
            locked = KimberleyCertificate.objects.select_for_update().get(pk=certificate.pk)
            if not locked.pdf:
                digest = hashlib.sha256(content).hexdigest()
                locked.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
                locked.pdf_sha256 = digest
                locked.save(update_fields=["pdf", "pdf_sha256"])
                audit_record(actor=None, action="control.kp_pdf_ready", obj=case, after={"sha256": digest})
                attached.append(locked.pdf.name)
    return attached


def control_render_pending() -> list[str]:
    """Render every decided case's missing documents now (the embedded run's threads die with it)."""
    done = []
    missing_kp = KimberleyCertificate.objects.filter(direction=Direction.EXPORT, number__isnull=False, pdf="")
    pending = ControlCase.objects.filter(act_number__isnull=False, act_pdf="") | ControlCase.objects.filter(
        pk__in=missing_kp.values("case_id")
    )
    for pk in pending.values_list("pk", flat=True).distinct():
        try:
            done.extend(control_render_documents(pk))
        except Exception:
            logger.exception("Documents of control case %s failed", pk)
    return done
