"""PostgreSQL restarted under the database-queue worker (issue 24, point 3).

The test makes a PostgreSQL cluster of its own (initdb into a temporary directory, a free port; never the
machine's shared cluster), migrates it, and runs `integra worker` on it. While the worker holds a job that
waits in the database, the cluster is restarted with `pg_ctl restart`. The worker must not exit: it
reconnects, the job it held is marked failed (never left running), and the next job runs. Waits are
bounded by a generous outer timeout that fails the test instead of hanging it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from integra.jobs import services

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PROJECT_DIR = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 180  # far beyond a restart and a reconnect; only a stuck worker reaches it

# Not marked `jobs`: the worker runs the database queue whatever the suite's queue is (CI's Redis rerun skips it).
pytestmark = pytest.mark.skipif(
    not (PG_BIN / "initdb").exists(), reason="PostgreSQL 15 server binaries are not installed"
)


def _as_postgres(*cmd: str) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ("runuser", "-u", "postgres", "--", *cmd)
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_cluster() -> Iterator[dict]:
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("no postgres user to run a cluster as")
    home = Path(tempfile.mkdtemp(prefix="integra-pg-restart-"))
    data = home / "data"
    if os.geteuid() == 0:
        os.chown(home, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = (str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "server.log"), "-w", "-t", "60")
    _as_postgres(*ctl, "start")
    try:
        _as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "integra")
        yield {"port": port, "ctl": ctl, "url": f"postgres://postgres@127.0.0.1:{port}/integra", "home": home}
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


def _env(url: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRA_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        INTEGRA_SECRET_KEY="worker-restart-test-secret-key-0123456789-abcdefghijklmnop",
        INTEGRA_VAR_DIR=str(home / "var"),
        INTEGRA_JOB_FILES_DIR=str(home / "var" / "jobs"),
    )
    return env


def _kinds(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "integra.jobs.tests.restart_kinds", *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _query(port: int, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="integra", connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def _wait_for(predicate: Callable[[], bool], what: str, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with contextlib.suppress(Exception):  # the cluster refuses connections while it restarts
            if predicate():
                return
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited (code {worker.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {WAIT_SECONDS} s")
        time.sleep(0.2)


def _status(port: int, job_id: str) -> str:
    return _query(port, "SELECT status FROM jobs_job WHERE id = %s", int(job_id))[0][0]


def test_the_database_queue_worker_survives_a_postgresql_restart_and_fails_the_job_it_held(own_cluster):
    port, home = own_cluster["port"], own_cluster["home"]
    env = _env(own_cluster["url"], home)
    migrated = subprocess.run(
        [str(Path(sys.executable).with_name("integra")), "migrate", "-v0"],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr

    log = (home / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "integra.jobs.tests.restart_kinds", "worker"],
        env=env,
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        held = _kinds("start", "tests.waits", env=env)

        def waiting_in_the_database() -> bool:
            sleeping = _query(port, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'")
            return _status(port, held) == "running" and sleeping[0][0] == 1

        _wait_for(waiting_in_the_database, "the job waiting in the database", worker)
        _as_postgres(*own_cluster["ctl"], "-m", "fast", "restart")

        _wait_for(lambda: _status(port, held) == "failed", "the held job marked failed", worker)
        error = _query(port, "SELECT error FROM jobs_job WHERE id = %s", int(held))[0][0]
        with translation.override(settings.LANGUAGE_CODE):
            assert error == str(services.MSG_WORKER_LOST)  # „Nic z tego zadania nie zostało zapisane…”
        tasks = _query(port, "SELECT status FROM django_tasks_database_dbtaskresult")
        assert ("RUNNING",) not in tasks  # nor is the queue's record of it left running

        after = _kinds("start", "tests.counts", env=env)
        _wait_for(lambda: _status(port, after) == "done", "the next job done", worker)
        assert worker.poll() is None  # the same worker process, still serving
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(30)
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log.close()
