"""Background tasks (django-tasks). The worker runs them; the scheduler enqueues them."""

from __future__ import annotations

from django_tasks import task

from huiying.sources.services import refresh_source


@task()
def refresh_source_task(source_id: int, token: str) -> str:
    return refresh_source(source_id, token=token).summary()
