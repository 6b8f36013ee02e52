from __future__ import annotations

import pytest

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
