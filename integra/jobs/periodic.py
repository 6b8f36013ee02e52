"""Periodic work: `integra worker`'s supervisor queues each registered `PeriodicWork` when its turn comes.

The turn is claimed in the database (`PeriodicTurn`, an UPDATE that only one worker wins), then handed to the
configured queue as `run_periodic_task(name)`, so it runs on the database queue and on RQ alike, in whichever
worker takes it. The work itself must be idempotent: a turn is never lost (a queue that refuses it leaves the
turn due), so it may run twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from integra.jobs import registry
from integra.jobs.models import PeriodicTurn

logger = logging.getLogger(__name__)


def _claim(work: registry.PeriodicWork, now: Any) -> bool:
    try:
        with transaction.atomic():
            PeriodicTurn.objects.get_or_create(name=work.name, defaults={"next_at": now})
    except IntegrityError:  # another worker created it at the same moment
        pass
    return bool(
        PeriodicTurn.objects.filter(name=work.name, next_at__lte=now).update(
            next_at=now + timedelta(seconds=work.interval()), last_queued_at=now
        )
    )


def enqueue_due(*, now: Any = None) -> list[str]:
    """Queue every periodic work whose turn has come; returns their names."""
    from integra.jobs.tasks import run_periodic_task

    now = now or timezone.now()
    queued = []
    for work in registry.periodic().values():
        if not _claim(work, now):
            continue
        try:
            run_periodic_task.enqueue(work.name)
        except Exception:  # the queue is down: give the turn back so the next pass tries again
            logger.warning("periodic %s could not be queued; it stays due", work.name, exc_info=True)
            PeriodicTurn.objects.filter(name=work.name).update(next_at=now)
            continue
        queued.append(work.name)
    return queued


def run_turn(name: str) -> str:
    """Run one turn (the task's body) and keep its summary on the turn's row."""
    work = registry.periodic().get(name)
    if work is None:
        logger.warning("periodic work %s is not known", name)
        return "unknown"
    result = work.run()
    PeriodicTurn.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_result=result if isinstance(result, dict) else {}
    )
    return "done"
