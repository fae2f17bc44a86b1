"""Queue a Celery task so that it never holds up the request that asked for it.

With a broker the task goes to a worker. Without one (the embedded default, eager tasks) it runs in a
daemon thread of the web process when `EAGER_TASKS_IN_THREAD` is on, so a 500-item PDF does not block the
page; tests switch the thread off to run tasks inline and deterministically.
"""

import threading

from django.conf import settings
from django.db import connections


def _run_eagerly(task, args) -> None:
    try:
        task.apply(args=args)
    finally:
        connections.close_all()


def dispatch(task, *args) -> None:
    if task.app.conf.task_always_eager and settings.EAGER_TASKS_IN_THREAD:
        threading.Thread(target=_run_eagerly, args=(task, args), daemon=True).start()
    else:
        task.delay(*args)
