from celery import shared_task

from lims.conclusions.services import conclusion_render_pdf


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True)
def render_conclusion_pdf(self, conclusion_id: int) -> str:
    return conclusion_render_pdf(conclusion_id).pdf_status
