"""Kinds of job. Each app declares its own in `integra/<app>/jobs.py` (found on first use, so that a
bare start of a worker or an app server imports none of them):

    from integra.jobs.registry import JobFailed, JobKind, register

    def run_sheet_import(ctx) -> None:          # ctx: integra.jobs.runner.JobContext
        ...
        ctx.progress(done, total)
        ctx.save_file(data, "raport.xlsx", content_type=...)
        ctx.result = {...}

    register(JobKind("outcomes.sheet_import", _("Participant-sheet import"), can_import_participant_sheet,
                     run_sheet_import))

`predicate(membership)` is asked when the job is started and again inside the worker with the membership
stored on the job (a role withdrawn in between stops the job). `run(ctx)` raises `JobFailed` with a Polish
message for a failure the person can act on; anything else is reported as an unexpected error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

_KINDS: dict[str, JobKind] = {}
_PERIODIC: dict[str, PeriodicWork] = {}
_discovered = False


class JobFailed(Exception):
    """The job cannot be done; `message` (Polish, via gettext) is shown to the person. `result` and a file
    (e.g. the rejected rows) may still be kept on the failed job."""

    def __init__(self, message: Any, *, result: dict | None = None, file: tuple[bytes, str, str] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.result = result or {}
        self.file = file  # (data, filename, content type)


@dataclass(frozen=True)
class JobKind:
    name: str  # "<app>.<what>", stored on the job
    label: Any  # gettext_lazy, shown in „Moje zadania”
    predicate: Callable[[Any], bool]
    run: Callable[[Any], None]
    result_url: Callable[[Any], str | None] | None = None  # a screen to open when done (e.g. the import report)


@dataclass(frozen=True)
class PeriodicWork:
    """Work that `integra worker` runs by itself every `every_seconds` (on the database queue and on RQ alike):
    the worker's supervisor claims the turn in the database (one worker of many wins it) and queues the task
    `run_periodic_task(name)`; `run()` takes no argument and returns a JSON-able summary. It must be safe to run
    twice (idempotent): a turn can be retried after a worker died."""

    name: str  # "<app>.<what>"
    every_seconds: Callable[[], int] | int
    run: Callable[[], Any]

    def interval(self) -> int:
        value = self.every_seconds() if callable(self.every_seconds) else self.every_seconds
        return max(1, int(value))


def register_periodic(work: PeriodicWork) -> PeriodicWork:
    _PERIODIC[work.name] = work
    return work


def periodic() -> dict[str, PeriodicWork]:
    discover()
    return dict(_PERIODIC)


def register(kind: JobKind) -> JobKind:
    _KINDS[kind.name] = kind
    return kind


def discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True


def get(name: str) -> JobKind | None:
    discover()
    return _KINDS.get(name)


def all_kinds() -> dict[str, JobKind]:
    discover()
    return dict(_KINDS)
