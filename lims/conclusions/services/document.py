"""Rendering the conclusion's PDF once, with its progress on the row."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from lims.conclusions.models import (
    Conclusion,
    PdfStatus,
)
from lims.core.audit import audit_record

logger = logging.getLogger(__name__)


def _set_pdf_progress(conclusion_id: int, status: str, progress: int, **fields) -> None:
    Conclusion.objects.filter(pk=conclusion_id).update(pdf_status=status, pdf_progress=progress, **fields)


def conclusion_render_pdf(conclusion_id: int) -> Conclusion:
    """Render and attach the PDF once, reporting progress on the row. Safe to run again: a conclusion whose
    PDF is ready is left alone, so a retried task never produces a second, different document."""
    from lims.conclusions.pdf import render_conclusion

    conclusion = Conclusion.objects.select_related(
        "application", "organization", "reviewed_by", "signed_by", "amends"
    ).get(pk=conclusion_id)
    if conclusion.pdf_status == PdfStatus.READY:
        return conclusion
    _set_pdf_progress(conclusion.pk, PdfStatus.RENDERING, 5)
    try:
        content = render_conclusion(
            conclusion,
            progress=lambda percent: _set_pdf_progress(conclusion.pk, PdfStatus.RENDERING, percent),
        )
    except Exception as error:
        logger.exception("PDF of conclusion %s failed", conclusion.number)
        with transaction.atomic():
            _set_pdf_progress(conclusion.pk, PdfStatus.FAILED, 0, pdf_error=str(error)[:2000])
            audit_record(
                actor=None,
                action="conclusion.pdf_failed",
                obj=conclusion,
                application=conclusion.application,
                reason=str(error)[:2000],
            )
        raise
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if locked.pdf_status == PdfStatus.READY:
            return locked
        locked.pdf.save(f"{conclusion.number}.pdf", ContentFile(content), save=False)
        locked.pdf_sha256 = digest
        locked.pdf_status, locked.pdf_progress, locked.pdf_error = PdfStatus.READY, 100, ""
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_progress", "pdf_error"])
        audit_record(
            actor=None,
            action="conclusion.pdf_ready",
            obj=locked,
            application=conclusion.application,
            after={"sha256": digest, "bytes": len(content)},
        )
    return locked


def conclusion_render_pending() -> list[str]:
    """Render, here and now, every issued conclusion whose PDF is not ready: the embedded run's background
    threads die with the process, so `make run` calls this before serving. Returns their numbers."""
    pending = Conclusion.objects.filter(issued_at__isnull=False).exclude(pdf_status=PdfStatus.READY)
    numbers = []
    for pk, number in pending.values_list("pk", "number"):
        try:
            conclusion_render_pdf(pk)
        except Exception:  # recorded on the conclusion (failed, with the error); go on with the others
            logger.warning("PDF of conclusion %s still failing", number)
            continue
        numbers.append(number)
    return numbers
