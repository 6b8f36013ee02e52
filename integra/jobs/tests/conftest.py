from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from integra.core.permissions import can_view_own_jobs, can_view_projects
from integra.jobs import registry
from integra.jobs.services import MSG_BAD_PARAMS


def _count(ctx) -> None:
    total = int(ctx.params["n"])
    for i in range(1, total + 1):
        ctx.progress(i, total)
    ctx.result = {"counted": total, "centre": ctx.membership.institution_id}
    ctx.save_file(f"{total}\n".encode(), "liczba.csv", "text/csv")


def _refuse(ctx) -> None:
    ctx.progress(1, 4)
    ctx.save_file(b"half", "polowa.csv", "text/csv")
    raise registry.JobFailed(MSG_BAD_PARAMS, result={"problems": [[7, ["PESEL: zła cyfra kontrolna"]]]})


def _crash(ctx) -> None:
    ctx.save_file(b"half", "polowa.csv", "text/csv")
    raise RuntimeError("boom with a secret 85031412345")


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    """Job files in the test's own folder (these tests look at the folder; test_database_files the database)."""
    settings.INTEGRA_FILES_URL = "file:"
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    return settings.INTEGRA_JOB_FILES_DIR


@pytest.fixture
def test_kinds():
    kinds = [
        registry.JobKind("tests.count", "Counting", can_view_own_jobs, _count),
        registry.JobKind("tests.refuse", "Refusing", can_view_own_jobs, _refuse),
        registry.JobKind("tests.crash", "Crashing", can_view_own_jobs, _crash),
        registry.JobKind("tests.projects", "Projects only", can_view_projects, _count),
    ]
    for kind in kinds:
        registry.register(kind)
    yield kinds
    for kind in kinds:
        registry._KINDS.pop(kind.name, None)


def redis_configured() -> bool:
    return bool(django_settings.INTEGRA_REDIS_URL)


class Queue:
    """The configured queue as a test sees it: what it holds, and a worker that empties it in this process
    (so that it sees the test's transaction): the database worker, or an RQ SimpleWorker on Redis."""

    def task_ids(self) -> list[str]:
        if redis_configured():
            import django_rq

            return list(django_rq.get_queue("default").job_ids)
        from django_tasks_db.models import DBTaskResult

        return [str(pk) for pk in DBTaskResult.objects.ready().values_list("id", flat=True)]

    def drain(self) -> None:
        if redis_configured():
            import django_rq
            from django_tasks_rq import Job as RQJob
            from rq import SimpleWorker

            queue = django_rq.get_queue("default", job_class=RQJob)
            SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True)
        else:
            # The worker closes "old" connections between tasks; inside a test's transaction that would close it.
            with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
                call_command(
                    "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
                )


@pytest.fixture
def queue():
    q = Queue()
    if redis_configured():
        import django_rq

        django_rq.get_queue("default").empty()
    yield q
    if redis_configured():
        import django_rq

        django_rq.get_queue("default").empty()
