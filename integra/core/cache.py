"""The shared cache in a database table, with an `incr` that counts every concurrent call; and the fault
tolerance every use of a cache shares (`Breaker`: a cache that cannot be reached slows one request, not all).

Django's `DatabaseCache.incr` is a `get` then a `set`: two processes raising a counter at once both read 5
and both write 6, so rate limits built on it let more through than they allow (issue 24: 671 requests
through a 600/min limit). Here the row is locked first — an UPDATE that changes nothing, which PostgreSQL
holds as a row lock and SQLite as the database's write lock until the transaction ends — and only then read
and raised, so concurrent calls queue behind each other and each sees the last one's number.
"""

from __future__ import annotations

import base64
import logging
import pickle
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends import db
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

logger = logging.getLogger(__name__)


class DatabaseCache(db.DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table, cache_key, value_column, expires = (quote(n) for n in (self._table, "cache_key", "value", "expires"))
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {expires} = {expires} WHERE {cache_key} = %s", [key])  # noqa: S608
            if cursor.rowcount:
                cursor.execute(
                    f"SELECT {value_column} FROM {table} WHERE {cache_key} = %s AND {expires} >= %s",  # noqa: S608
                    [key, now],
                )
                row = cursor.fetchone()
                if row is not None:
                    stored = connection.ops.process_clob(row[0])
                    value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - our own rows
                    encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                    cursor.execute(
                        f"UPDATE {table} SET {value_column} = %s WHERE {cache_key} = %s",  # noqa: S608
                        [encoded, key],
                    )
                    return value
        raise ValueError(f"Key '{key}' not found.")


class Breaker:
    """Leave a cache alone for `retry_seconds` once it has failed, so that a stopped or frozen Redis costs one
    request its socket timeout (2 s, settings.redis_cache) and not every request (issue 24)."""

    def __init__(self, what: str, retry_seconds: int = 30) -> None:
        self.what = what
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._down_until = 0.0

    def down(self) -> bool:
        return time.time() < self._down_until

    def trip(self) -> None:
        with self._lock:
            first = not self.down()
            self._down_until = time.time() + self.retry_seconds
        if first:
            logger.warning("the cache cannot be reached: %s for %ss", self.what, self.retry_seconds, exc_info=True)

    def reset(self) -> None:
        """Ask the cache again at once (tests, and nothing else)."""
        with self._lock:
            self._down_until = 0.0


_fragments = Breaker("pages are built without their cached parts")


def fragment_get(alias: str, key: str) -> Any:
    """A cached piece of a page, or None when it is not there or the cache cannot be reached."""
    if _fragments.down():
        return None
    try:
        return caches[alias].get(key)
    except Exception:  # ConnectionInterrupted, TimeoutError, a database error: build the piece again
        _fragments.trip()
        return None


def fragment_set(alias: str, key: str, value: Any) -> None:
    """Keep a piece of a page for next time; nothing happens when the cache cannot be reached."""
    if _fragments.down():
        return
    try:
        caches[alias].set(key, value)
    except Exception:
        _fragments.trip()


def reset_fragments_breaker() -> None:
    _fragments.reset()
