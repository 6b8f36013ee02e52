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
    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.processes = env, []
        self.urls = [f"http://127.0.0.1:{port}" for port in PORTS]

    def start(self) -> None:
        for port in PORTS:
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
                ]
            )
        self._spawn([str(BIN / "integra"), "worker", "--supervise-every", "1"])
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

    def _spawn(self, argv: list[str]) -> None:
        self.processes.append(
            subprocess.Popen(
                argv,
                env=self.env,
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
