"""The trivial task of bench/job_queues.py, in a module of its own so that a worker process can import it."""

from django_tasks import task


@task()
def noop(i: int) -> int:
    return i
