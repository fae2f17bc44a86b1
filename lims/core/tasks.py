from celery import shared_task

from lims.core.services import deadline_scan


@shared_task(acks_late=True)
def scan_deadlines() -> dict:
    """Periodic (CELERY_BEAT_SCHEDULE, every 30 minutes): flag applications due soon or overdue (R1)."""
    return deadline_scan()
