"""Periodic work: the worker's supervisor queues each turn once (however many workers ask), on the database
queue and on RQ alike (.ci/run runs the `jobs` tests again on Redis); the queue's worker runs it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from integra.jobs import periodic, registry
from integra.jobs.models import PeriodicTurn

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]

RUNS: list[str] = []


@pytest.fixture
def ticking():
    RUNS.clear()
    work = registry.register_periodic(
        registry.PeriodicWork("tests.tick", every_seconds=300, run=lambda: RUNS.append("tick") or {"ticks": len(RUNS)})
    )
    yield work
    registry._PERIODIC.pop(work.name, None)


def test_a_turn_is_queued_once_and_the_worker_runs_it(ticking, queue):
    now = timezone.now()
    assert "tests.tick" in periodic.enqueue_due(now=now)
    assert "tests.tick" not in periodic.enqueue_due(now=now + dt.timedelta(seconds=10))  # a second worker, same turn
    assert len(queue.task_ids()) >= 1
    queue.drain()
    assert RUNS == ["tick"]
    turn = PeriodicTurn.objects.get(name="tests.tick")
    assert turn.last_result == {"ticks": 1} and turn.next_at == now + dt.timedelta(seconds=300)
    assert "tests.tick" in periodic.enqueue_due(now=now + dt.timedelta(seconds=301))  # the next turn


def test_the_outreach_send_due_is_registered_every_few_minutes(settings):
    settings.INTEGRA_OUTREACH_EVERY_SECONDS = 240
    work = registry.periodic()["outreach.send_due"]
    assert work.interval() == 240
