"""Two app servers (gunicorn, two ports) and a worker on one PostgreSQL: nothing lives in one process's memory.

A session started on one server works on the other; attendance saved on one is read on the other; a job
queued from one is done by the worker and its progress and file read from the other; sign-in failures
counted on both lock the account on both; the cache written by one process is read by another. Run with
the database queue and, when Redis answers (`INTEGRA_TEST_REDIS_URL`, default redis://127.0.0.1:6379/2),
with RQ on Redis. PostgreSQL only (the servers need the committed test database); ports from
`INTEGRA_TEST_SERVER_PORTS` (default 8106,8116).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import MembershipFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.models import Attendance
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

BIN = Path(sys.executable).parent
PROJECT_DIR = Path(__file__).resolve().parents[3]
PORTS = [int(p) for p in os.environ.get("INTEGRA_TEST_SERVER_PORTS", "8106,8116").split(",")]
REDIS_URL = os.environ.get("INTEGRA_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the servers need a shared PostgreSQL database"),
    pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed"),
]


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _database_url() -> str:
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(queue: str, files: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRA_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": _database_url(),
            "INTEGRA_SECRET_KEY": "two-servers-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "INTEGRA_TWO_FACTOR_REQUIRED": "0",
            "INTEGRA_JOB_EXPORT_ROWS": "0",  # every export becomes a job
            "INTEGRA_JOB_FILES_DIR": str(files),  # shared by the servers and the worker, as on one host or an NFS share
            "INTEGRA_LOG_LEVEL": "ERROR",
        }
    )
    if queue == "redis":
        env["INTEGRA_REDIS_URL"] = REDIS_URL
    return env


class Cluster:
    """Two gunicorn servers and a worker. `hosts` gives each process its own environment (e.g. its own var
    folder, as on another machine): the first two are the servers', the third the worker's."""

    def __init__(self, env: dict[str, str], hosts: list[dict[str, str]] | None = None) -> None:
        self.env, self.processes = env, []
        self.hosts = hosts or [env, env, env]
        self.urls = [f"http://127.0.0.1:{port}" for port in PORTS]

    def start(self) -> None:
        for port, env in zip(PORTS, self.hosts, strict=False):
            self._spawn(
                [
                    str(BIN / "gunicorn"),
                    "integra.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "120",
                    "--chdir",
                    str(PROJECT_DIR),
                ],
                env,
            )
        self._spawn([str(BIN / "integra"), "worker", "--supervise-every", "1"], self.hosts[2])
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 90
        for url in self.urls:
            while True:
                try:
                    if requests.get(f"{url}/health/", timeout=10).status_code == 200:
                        break
                except requests.RequestException:  # not listening yet, or still loading
                    pass
                if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                    raise AssertionError(f"the app server at {url} did not start")
                time.sleep(0.5)

    def _spawn(self, argv: list[str], env: dict[str, str]) -> None:
        self.processes.append(
            subprocess.Popen(
                argv,
                env=env,
                cwd=PROJECT_DIR,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _csrf(http: requests.Session, url: str) -> str:
    http.get(url, timeout=30)
    return http.cookies["csrftoken"]


def _sign_in(http: requests.Session, server: str, username: str, password: str) -> requests.Response:
    token = _csrf(http, f"{server}/login/")
    return http.post(
        f"{server}/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def _world():
    user = UserFactory(username="koordynatorka")
    coordinator = MembershipFactory(user=user, role=Role.COORDINATOR)
    project = ProjectFactory(institution=coordinator.institution, code="DWA-SERWERY")
    activity = ActivityFactory(project=project, title="Warsztaty")
    people = [
        ParticipationFactory(project=project, participant__last_name=name).participant
        for name in ("Źdźbło", "Gąsiorowska")
    ]
    for person in people:
        EnrolmentFactory(activity=activity, participant=person)
    session = SessionFactory(activity=activity)
    UserFactory(username="ewa")
    return project, session, people


@pytest.mark.parametrize("queue", ["database", "redis"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_and_a_worker_share_everything(queue, tmp_path):
    if queue == "redis" and not _redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    project, session, (first, second) = _world()
    env = _environment(queue, tmp_path)
    if queue == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # database 2 is this suite's own
    cluster = Cluster(env)
    try:
        cluster.start()
        a, b = cluster.urls
        http = requests.Session()

        # A session started on A works on B.
        assert _sign_in(http, a, "koordynatorka", TEST_PASSWORD).status_code == 302
        assert http.get(f"{b}/", allow_redirects=False, timeout=30).status_code == 200
        assert http.get(f"{b}{reverse('jobs:job-list')}", allow_redirects=False, timeout=30).status_code == 200

        # Attendance saved on A is read on B.
        page = f"{reverse('support:attendance', args=[session.pk])}"
        token = _csrf(http, f"{a}{page}")
        saved = http.post(
            f"{a}{page}",
            data={
                "csrfmiddlewaretoken": token,
                "version": "1",
                f"status_{first.pk}": Attendance.Status.PRESENT,
                f"status_{second.pk}": Attendance.Status.ABSENT,
            },
            headers={"Referer": f"{a}{page}"},
            allow_redirects=False,
            timeout=30,
        )
        assert saved.status_code == 302
        on_b = http.get(f"{b}{page}", timeout=30).text
        assert f'id="mark-{first.pk}-{Attendance.Status.PRESENT}" data-testid="mark-{first.pk}-present" checked' in on_b
        assert f'id="mark-{second.pk}-{Attendance.Status.ABSENT}" data-testid="mark-{second.pk}-absent" checked' in on_b
        assert 'name="version" value="2"' in on_b

        # A job queued from A is done by the worker; its progress and file are read on B.
        queued = http.get(
            f"{a}{reverse('outcomes:sheet-export-csv', args=[project.pk])}", allow_redirects=False, timeout=30
        )
        assert queued.status_code == 302
        job_path = queued.headers["Location"]
        assert re.fullmatch(r"/jobs/\d+/", job_path)
        deadline, status = time.monotonic() + 120, ""
        while time.monotonic() < deadline:
            status = re.search(r'data-status="(\w+)"', http.get(f"{b}{job_path}", timeout=30).text).group(1)
            if status in {"done", "failed"}:
                break
            time.sleep(0.5)
        assert status == "done"
        content = http.get(f"{b}{job_path}file/", timeout=30).content.decode("utf-8-sig")
        assert "Źdźbło" in content and "Gąsiorowska" in content

        # Sign-in failures counted on both servers lock the account on both.
        for server in (a, a, a, b):
            assert _sign_in(requests.Session(), server, "ewa", "wrong-password-123").status_code == 200
        assert _sign_in(requests.Session(), b, "ewa", "wrong-password-123").status_code == 429  # the fifth
        assert _sign_in(requests.Session(), a, "ewa", TEST_PASSWORD).status_code == 429
        assert _sign_in(requests.Session(), b, "ewa", TEST_PASSWORD).status_code == 429

        # The cache one process writes another reads.
        shell = [str(BIN / "integra"), "shell", "-c"]
        subprocess.run(
            [*shell, "from django.core.cache import cache; cache.set('two-servers', 'wspólna', 300)"],
            env=env,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
            timeout=120,
        )
        read = subprocess.run(
            [*shell, "from django.core.cache import cache; print(cache.get('two-servers'))"],
            env=env,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert read.stdout.strip().splitlines()[-1] == "wspólna"  # after the shell's own notice
    finally:
        cluster.stop()


def _hosts(queue: str, tmp_path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """One environment per process, each with a var folder of its own and no shared job-files folder: the
    servers and the worker could be three machines that share only PostgreSQL (and Redis)."""
    base = _environment(queue, tmp_path / "unused")
    del base["INTEGRA_JOB_FILES_DIR"]
    base["INTEGRA_JOB_IMPORT_BYTES"] = "0"  # every sheet uploaded on the screen becomes a job
    hosts = []
    for name in ("server-a", "server-b", "worker"):
        (tmp_path / name).mkdir()
        hosts.append({**base, "INTEGRA_VAR_DIR": str(tmp_path / name)})
    return base, hosts


def _wait_for(read, what: str) -> str:
    deadline, status = time.monotonic() + 120, ""
    while time.monotonic() < deadline:
        status = read()
        if status in {"done", "failed"}:
            return status
        time.sleep(0.5)
    raise AssertionError(f"{what} still {status!r} after 120 s")


@pytest.mark.parametrize("queue", ["database", "redis"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_another_host_imports_sheets_sent_to_the_screen_and_the_api(queue, tmp_path):
    """Issue 26, point 8: the uploaded sheet and the job's report live in PostgreSQL (INTEGRA_FILES_URL's
    default there), so a worker with a var folder of its own runs an import a server received."""
    import datetime as dt

    from integra.api.tests.helpers import token_for
    from integra.core.pesel import generate
    from integra.outcomes.tests.sheetdata import csv_file, row
    from integra.people.models import Participant

    if queue == "redis" and not _redis_answers():
        pytest.skip("Redis does not answer")
    user = UserFactory(username="koordynatorka")
    coordinator = MembershipFactory(user=user, role=Role.COORDINATOR)
    centre = coordinator.institution
    project = ProjectFactory(
        institution=centre, code="INNY-HOST", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    token = token_for(centre, "coordinator", name="Import PUP")
    by_screen = [row(c4=f"Ekranowa{i}", c5=generate(dt.date(1985, 3, 14), "F", 100 + i)) for i in range(3)]
    by_api = [
        row(c4=f"Interfejsowa{i}", c5=generate(dt.date(1986, 4, 15), "F", 200 + i), c8="15.04.1986") for i in range(2)
    ]
    env, hosts = _hosts(queue, tmp_path)
    if queue == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    cluster = Cluster(env, hosts)
    try:
        cluster.start()
        a, b = cluster.urls
        http = requests.Session()
        assert _sign_in(http, a, "koordynatorka", TEST_PASSWORD).status_code == 302

        # The screen on A takes the sheet; the worker reads it; B shows the job done and its report.
        page = f"{a}{reverse('outcomes:sheet-import', args=[project.pk])}"
        sent = http.post(
            page,
            data={"csrfmiddlewaretoken": _csrf(http, page), "job_key": "inny-host-1"},
            files={"file": ("arkusz.csv", csv_file(by_screen), "text/csv")},
            headers={"Referer": page},
            allow_redirects=False,
            timeout=30,
        )
        assert sent.status_code == 302 and re.fullmatch(r"/jobs/\d+/", sent.headers["Location"])
        job_page = f"{b}{sent.headers['Location']}"
        status = _wait_for(
            lambda: re.search(r'data-status="(\w+)"', http.get(job_page, timeout=30).text).group(1), "screen import"
        )
        assert status == "done"
        assert "outcomes/imports/" in http.get(job_page, timeout=30).text  # the report is linked from B

        # The API on A takes a sheet; the job is polled and its report read on B.
        bearer = {"Authorization": f"Bearer {token}"}
        accepted = requests.post(
            f"{a}/api/v1/imports/participant-sheet/",
            data={"project": project.pk, "dry_run": "false"},
            files={"file": ("arkusz.csv", csv_file(by_api), "text/csv")},
            headers=bearer,
            timeout=30,
        )
        assert accepted.status_code == 202, accepted.text
        job_url = accepted.json()["url"].replace(a, b)
        _wait_for(lambda: requests.get(job_url, headers=bearer, timeout=30).json()["status"], "API import")
        job = requests.get(job_url, headers=bearer, timeout=30).json()
        assert job["status"] == "done", (job["error"], job.get("problems"))
        report_id = requests.get(job_url, headers=bearer, timeout=30).json()["sheet_import"]
        report = requests.get(f"{b}/api/v1/imports/participant-sheet/{report_id}/", headers=bearer, timeout=30).json()
        assert (report["read"], report["created"], report["rejected"]) == (2, 2, 0)
    finally:
        cluster.stop()

    names = set(Participant.objects.filter(institution=centre).values_list("last_name", flat=True))
    assert names == {"Ekranowa0", "Ekranowa1", "Ekranowa2", "Interfejsowa0", "Interfejsowa1"}
    written = [p for host in ("server-a", "server-b", "worker") for p in (tmp_path / host).rglob("*") if p.is_file()]
    assert written == []  # no host kept the sheet or the report in a folder of its own
