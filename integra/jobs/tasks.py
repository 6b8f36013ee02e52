"""The one task the queue carries: run a job by its id (the row holds everything else)."""

from __future__ import annotations

from django_tasks import task

from integra.jobs.runner import run_job


@task()
def run_job_task(job_id: int) -> str:
    return run_job(job_id)


@task()
def run_periodic_task(name: str) -> str:
    """One turn of a periodic piece of work (`registry.PeriodicWork`), queued by the worker's supervisor."""
    from integra.jobs.periodic import run_turn

    return run_turn(name)
