from celery import shared_task

from lims.control.services import control_render_documents


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True)
def render_control_documents(self, case_id: int) -> list[str]:
    return control_render_documents(case_id)
