"""The database cache's `incr` counts every call, also when threads (or processes) call it at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection

in_memory_sqlite = "sqlite" in settings.DATABASES["default"]["ENGINE"] and not settings.DATABASES["default"].get(
    "TEST", {}
).get("NAME")


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def test_incr_raises_the_stored_number_and_refuses_a_missing_or_expired_key():
    assert cache.add("visits", 5, timeout=60)
    assert cache.incr("visits") == 6
    assert cache.incr("visits", 4) == 10
    assert cache.get("visits") == 10
    with pytest.raises(ValueError):
        cache.incr("nobody")
    with time_machine.travel(dt.timedelta(seconds=120)):
        with pytest.raises(ValueError):
            cache.incr("visits")
        assert cache.add("visits", 0, timeout=60)  # an expired counter starts again
        assert cache.incr("visits") == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(in_memory_sqlite, reason="threads need a database file or server")
def test_eight_threads_incrementing_at_once_lose_no_count():
    cache.add("hits", 0, timeout=600)
    start = threading.Barrier(8)

    def count() -> None:
        try:
            start.wait()
            for _ in range(25):
                cache.incr("hits")
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 200
