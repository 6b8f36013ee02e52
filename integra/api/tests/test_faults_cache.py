"""The API under cache faults and concurrency (issue 24, points 3 and 6).

The rate limit is the only thing on a request's path that uses the cache (sessions and sign-in lockouts
live in the database). A Redis the test starts itself on a free port is stopped and frozen: the API keeps
answering in JSON. Eight threads at once never get more requests through than the limit allows, on the
database cache and on Redis.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections import Counter

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection

from integra.api.tests.helpers import TokenClient, token_for
from integra.core import ratelimit
from integra.core.testing.redis import REDIS_SERVER, RedisServer
from integra.people.tests.factories import ParticipantFactory
from integra.settings import redis_cache

needs_redis = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
needs_database_for_threads = pytest.mark.skipif(
    "sqlite" in django_settings.DATABASES["default"]["ENGINE"]
    and not django_settings.DATABASES["default"].get("TEST", {}).get("NAME"),
    reason="threads need a database file or server (the in-memory test database locks whole tables)",
)
NOON = dt.datetime(2026, 3, 2, 12, 0, 10, tzinfo=dt.UTC)  # well inside one minute's window


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()


@pytest.fixture
def on_redis(settings, redis_server):
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    ratelimit.reset_breaker()
    yield redis_server
    ratelimit.reset_breaker()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """The threads' tests restore the migrated rows with their own ids; a content type a test before created
    inside its rolled-back transaction (after another test's flush) must not linger in Django's cache."""
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def fresh_breaker():
    ratelimit.reset_breaker()
    yield
    ratelimit.reset_breaker()


@needs_redis
def test_api_keeps_answering_when_redis_is_stopped(centre_a, on_redis, settings):
    settings.INTEGRA_API_RATE = "1000/min"
    ParticipantFactory(institution=centre_a, last_name="Nowak")
    client = TokenClient(token_for(centre_a, "coordinator"))
    assert client.get("/api/v1/participants/").status_code == 200
    assert any(b"api-rate" in key for key in _redis_keys(on_redis)), "the count is kept in Redis while it runs"

    on_redis.stop()
    answers = [client.get("/api/v1/participants/") for _ in range(35)]
    assert Counter(a.status_code for a in answers) == {200: 35}
    assert all(a.json()["results"][0]["last_name"] == "Nowak" for a in answers)


@needs_redis
def test_a_frozen_redis_is_asked_once_then_left_alone_for_a_while(centre_a, on_redis, settings, monkeypatch):
    settings.INTEGRA_API_RATE = "1000/min"
    client = TokenClient(token_for(centre_a, "coordinator"))
    assert client.get("/api/v1/projects/").status_code == 200
    calls: list[str] = []
    monkeypatch.setattr(ratelimit, "cache", _CountingCache(calls))

    on_redis.freeze()  # the socket is open, nothing answers: each call would wait its socket timeout
    try:
        answers = [client.get("/api/v1/projects/").status_code for _ in range(5)]
    finally:
        on_redis.thaw()
    assert answers == [200] * 5
    assert calls == ["add"], "after one call that timed out, the next requests do not wait for Redis"

    with time_machine.travel(dt.timedelta(seconds=ratelimit.CACHE_RETRY_SECONDS + 1)):
        assert client.get("/api/v1/projects/").status_code == 200
    assert calls == ["add", "add", "incr"], "Redis is asked again after the pause"


class _CountingCache:
    """The default cache, with the name of each call written down."""

    def __init__(self, calls: list[str]):
        self.calls = calls

    def __getattr__(self, name: str):
        self.calls.append(name)
        return getattr(cache, name)


def _redis_keys(server: RedisServer) -> list[bytes]:
    import redis

    return redis.Redis.from_url(server.url).keys("*")


def _hammer(token: str, threads: int, each: int) -> Counter:
    """`threads` clients at once, `each` requests apiece; the status codes they got."""
    statuses: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def run() -> None:
        client = TokenClient(token)
        try:
            start.wait()
            for _ in range(each):
                code = client.get("/api/v1/projects/").status_code
                with lock:
                    statuses[code] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_database_for_threads
def test_eight_threads_never_pass_more_than_the_limit_on_the_database_cache(centre_a, settings):
    settings.INTEGRA_API_RATE = "60/min"
    cache.clear()
    token = token_for(centre_a, "coordinator")
    with time_machine.travel(NOON, tick=False):
        statuses = _hammer(token, threads=8, each=12)
    assert statuses == {200: 60, 429: 36}


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_database_for_threads
def test_eight_threads_never_pass_more_than_the_limit_on_redis(centre_a, on_redis, settings):
    settings.INTEGRA_API_RATE = "60/min"
    token = token_for(centre_a, "coordinator")
    with time_machine.travel(NOON, tick=False):
        statuses = _hammer(token, threads=8, each=12)
    assert statuses == {200: 60, 429: 36}


QUEUE_A_JOB = """
import django, sys
django.setup()
from integra.jobs.tasks import run_job_task
try:
    run_job_task.enqueue(1)
except Exception as exc:
    print("refused:", type(exc).__name__)
else:
    print("queued")
"""


@needs_redis
def test_queueing_a_job_on_a_frozen_redis_gives_up_instead_of_hanging(redis_server, tmp_path):
    """The sheet import (API and screen) queues its job on RQ when Redis is configured; a frozen Redis must
    make that call fail soon (the job then waits in its row and is queued again later), not hold the request
    until the server kills it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRA_", "DATABASE_URL"))}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "integra.settings",
        "INTEGRA_REDIS_URL": redis_server.url,
        "INTEGRA_VAR_DIR": str(tmp_path),
    }
    run = [sys.executable, "-c", QUEUE_A_JOB]
    assert subprocess.run(run, env=environment, capture_output=True, text=True, timeout=120).stdout.strip() == "queued"
    redis_server.freeze()
    try:
        answer = subprocess.run(run, env=environment, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("queueing a job waited for a frozen Redis for a minute")
    finally:
        redis_server.thaw()
    assert answer.stdout.strip().startswith("refused:"), answer.stderr[-2000:]
