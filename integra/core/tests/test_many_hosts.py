"""An app server and a worker on two hosts: each has its own INTEGRA_VAR_DIR (its own var/jobs), they share only
PostgreSQL (and Redis). A sheet imported through the screen and through the API is uploaded to the app server
and read by the worker from the database's job files (INTEGRA_FILES_URL=database:, PostgreSQL's default);
neither host's folder holds a file (issue 26, point 8). Port from `INTEGRA_TEST_HOST_PORT` (default 8126)."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
import requests
from django.urls import reverse

from integra.api.tests.helpers import token_for
from integra.core.pesel import generate
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.core.tests.test_many_servers import (
    BIN,
    PROJECT_DIR,
    REDIS_URL,
    Cluster,
    _csrf,
    _environment,
    _redis_answers,
    _sign_in,
    pytestmark,  # noqa: F401 - the same skips: PostgreSQL shared by the processes, gunicorn installed
)
from integra.institutions.tests.factories import MembershipFactory
from integra.jobs.models import JobFileChunk
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant
from integra.projects.tests.factories import ProjectFactory

PORT = int(os.environ.get("INTEGRA_TEST_HOST_PORT", "8126"))


class TwoHosts(Cluster):
    """One gunicorn and one worker, each with its own variable-data folder (no INTEGRA_JOB_FILES_DIR shared)."""

    def __init__(self, env: dict[str, str], root: Path) -> None:
        super().__init__(env)
        self.urls = [f"http://127.0.0.1:{PORT}"]
        self.homes = [root / "app-host", root / "worker-host"]

    def _host(self, home: Path) -> dict[str, str]:
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in self.env.items() if k not in ("INTEGRA_JOB_FILES_DIR", "INTEGRA_FILES_URL")}
        return {**env, "INTEGRA_VAR_DIR": str(home)}

    def start(self) -> None:
        app, worker = self.homes
        self.env, shared = self._host(app), self.env
        self._spawn([str(BIN / "gunicorn"), "integra.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                     "--workers", "1", "--timeout", "120", "--chdir", str(PROJECT_DIR)])  # fmt: skip
        self.env = self._host(worker)
        self._spawn([str(BIN / "integra"), "worker", "--supervise-every", "1"])
        self.env = shared
        self.wait_until_up()

    def files_on_disk(self) -> list[Path]:
        return [p for home in self.homes for p in home.rglob("*") if p.is_file() and "jobs" in p.parts]


def _wait(http: requests.Session, url: str, pattern: str) -> str:
    deadline, status = time.monotonic() + 120, ""
    while time.monotonic() < deadline:
        status = re.search(pattern, http.get(url, timeout=30).text).group(1)
        if status in {"done", "failed"}:
            break
        time.sleep(0.5)
    return status


@pytest.mark.parametrize("queue", ["database", "redis"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_another_host_imports_sheets_uploaded_to_the_screen_and_the_api(queue, tmp_path):
    if queue == "redis" and not _redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    coordinator = MembershipFactory(user=UserFactory(username="koordynatorka"), role=Role.COORDINATOR)
    project = ProjectFactory(
        institution=coordinator.institution, code="LEZ-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    token = token_for(coordinator.institution, "coordinator", name="Import PUP")
    env = _environment(queue, tmp_path / "unused")
    env["INTEGRA_JOB_IMPORT_BYTES"] = "0"  # every sheet uploaded to the screen becomes a job
    if queue == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    hosts = TwoHosts(env, tmp_path)
    try:
        hosts.start()
        (server,) = hosts.urls
        http = requests.Session()
        assert _sign_in(http, server, "koordynatorka", TEST_PASSWORD).status_code == 302

        # Through the screen: the upload becomes a job on the app host, the worker host reads and imports it.
        page = f"{server}{reverse('outcomes:sheet-import', args=[project.pk])}"
        sheet = csv_file([row(c4="Źdźbło", c5=generate(dt.date(1985, 3, 14), "F", 11))])
        sent = http.post(
            page,
            data={"csrfmiddlewaretoken": _csrf(http, page), "job_key": "ekran-1"},
            files={"file": ("arkusz.csv", sheet, "text/csv")},
            headers={"Referer": page},
            allow_redirects=False,
            timeout=30,
        )
        assert sent.status_code == 302 and re.fullmatch(r"/jobs/\d+/", sent.headers["Location"])
        assert _wait(http, f"{server}{sent.headers['Location']}", r'data-status="(\w+)"') == "done"
        assert list(Participant.objects.values_list("last_name", flat=True)) == ["Źdźbło"]

        # Through the API, with a token.
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        sheet = csv_file([row(c4="Gąsiorowska", c5=generate(dt.date(1985, 3, 14), "F", 12))])
        accepted = api.post(
            f"{server}/api/v1/imports/participant-sheet/",
            data={"project": project.pk, "dry_run": "false"},
            files={"file": ("arkusz.csv", sheet, "text/csv")},
            timeout=30,
        )
        assert accepted.status_code == 202, accepted.text
        job_url = accepted.json()["url"]
        assert _wait(api, job_url, r'"status":\s*"(\w+)"') == "done"
        report = api.get(f"{server}/api/v1/imports/participant-sheet/{api.get(job_url).json()['sheet_import']}/")
        assert (report.json()["created"], report.json()["rejected"]) == (1, 0)
        assert sorted(Participant.objects.values_list("last_name", flat=True)) == ["Gąsiorowska", "Źdźbło"]
        assert SheetImport.objects.filter(project=project, dry_run=False).count() == 2

        # Nothing was kept in either host's folder; the uploaded sheets left the database with their jobs.
        assert hosts.files_on_disk() == []
        assert not JobFileChunk.objects.filter(name__startswith="in/").exists()
    finally:
        hosts.stop()
