"""The scheduler's one job for sources: claim each due source and enqueue its refresh.

Claiming before enqueueing means a source is queued once however often the scheduler
ticks; a claim left by a crashed worker expires (HUIYING_REFRESH_LEASE) and the source
is queued again, so nothing is lost.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.utils import timezone

from huiying.sources.services import claim, due_sources
from huiying.sources.tasks import refresh_source_task

log = logging.getLogger(__name__)


def enqueue_due(now: datetime | None = None) -> int:
    now = now or timezone.now()
    queued = 0
    for source_id in due_sources(now):
        token = f"queued-{uuid.uuid4().hex[:12]}"
        if claim(source_id, token, now):
            refresh_source_task.enqueue(source_id, token)
            queued += 1
    if queued:
        log.info("queued %d source refreshes", queued)
    return queued
