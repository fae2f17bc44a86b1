from celery import shared_task

from instruments.services.imports import import_process


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True)
def process_import(self, result_import_id: int) -> str:
    return import_process(result_import_id).status
