"""Reporting replica: read-only report work reads a streaming replica, everything else the primary.

With `INTEGRA_REPLICA_URL` set, settings add a `replica` database alias and `ReportingRouter`. A report
runs inside `reporting_database()` (a context manager and decorator: the report views, `integra report`,
exports); the router sends that work's reads to the replica — unless the read happens inside a
transaction on the primary (a read inside a write stays with the write). Writes always go to the primary.

On entering the context the replica is checked once: how far its replay is behind the primary
(`pg_last_xact_replay_timestamp()`). When it lags more than `INTEGRA_REPLICA_MAX_LAG_SECONDS` or cannot
be reached (short connect timeout), the report reads the primary instead and says so (`DataSource.note`).
Without a replica nothing changes: no router decision differs from the single database.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import StreamingHttpResponse
from django.utils import timezone

REPLICA = "replica"
# After a failed connection the replica is not tried again for this long (per process: a hint, not state).
RETRY_AFTER_SECONDS = 30.0

log = logging.getLogger("integra.replica")


@dataclass(frozen=True)
class DataSource:
    """Where a report's figures were read and how fresh they are."""

    database: str  # "replica" or "primary"
    as_of: dt.datetime  # the figures include every change committed up to this moment
    lag_seconds: float  # how far the replica's replay is behind the primary (0 when caught up or primary)
    fallback: str = ""  # "", "lag" (replica too far behind) or "down" (replica unreachable)

    @property
    def note(self) -> str | None:
        if self.fallback == "lag":
            return (f"The reporting replica is {self.lag_seconds:.0f} s behind (limit {max_lag_seconds()} s); "
                    "figures were read from the primary database.")
        if self.fallback == "down":
            return "The reporting replica cannot be reached; figures were read from the primary database."
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "as_of": self.as_of.isoformat(timespec="seconds"),
            "lag_seconds": round(self.lag_seconds, 1),
            "note": self.note,
        }


_current: contextvars.ContextVar[DataSource | None] = contextvars.ContextVar("integra_reporting", default=None)
_down_until = 0.0


def configured() -> bool:
    return REPLICA in settings.DATABASES


def max_lag_seconds() -> int:
    return int(getattr(settings, "INTEGRA_REPLICA_MAX_LAG_SECONDS", 300))


def current() -> DataSource | None:
    """The data source of the report being run, or None outside a report or without a replica."""
    return _current.get()


def _mirrored() -> bool:
    """In tests the replica alias is a mirror of the primary (DATABASES[...]["TEST"]["MIRROR"])."""
    return connections[REPLICA].settings_dict is connections[DEFAULT_DB_ALIAS].settings_dict


def _primary(fallback: str = "", lag: float = 0.0) -> DataSource:
    return DataSource("primary", timezone.now(), lag, fallback)


def check() -> DataSource:
    """Where a report should read now: the replica when reachable and fresh enough, else the primary."""
    global _down_until
    if _mirrored():
        return _primary()
    if time.monotonic() < _down_until:
        return _primary("down")
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
                " pg_last_xact_replay_timestamp(), now()",
                [primary_lsn],
            )
            in_recovery, caught_up, replayed_at, now = cursor.fetchone()
    except DatabaseError as exc:
        log.warning("reporting replica unreachable, reading the primary: %s", type(exc).__name__)
        with contextlib.suppress(DatabaseError):
            connections[REPLICA].close()
        _down_until = time.monotonic() + RETRY_AFTER_SECONDS
        return _primary("down")
    if not in_recovery or caught_up:
        # Everything the primary had committed when the report started is already replayed.
        return DataSource("replica", now, 0.0)
    lag = (now - replayed_at).total_seconds() if replayed_at else float("inf")
    if lag > max_lag_seconds():
        return _primary("lag", lag)
    return DataSource("replica", replayed_at, lag)


@contextlib.contextmanager
def _reporting() -> Iterator[DataSource | None]:
    if _current.get() is not None or not configured():
        yield _current.get()
        return
    token = _current.set(check())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _within(source: DataSource | None, chunks: Iterable[Any]) -> Iterator[Any]:
    """A streamed response's chunks are produced after the view returns: read each inside the context."""
    iterator = iter(chunks)
    while True:
        token = _current.set(source)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _current.reset(token)
        yield chunk


class reporting_database(contextlib.ContextDecorator):
    """`with reporting_database():` or `@reporting_database()`: read-only report work reads the replica.

    As a view decorator it also covers a streamed response (CSV export) that is read after the view returns.
    """

    def __enter__(self) -> DataSource | None:
        self._cm = _reporting()
        return self._cm.__enter__()

    def __exit__(self, *exc: Any) -> bool | None:
        return self._cm.__exit__(*exc)

    def _recreate_cm(self) -> reporting_database:
        return type(self)()  # one per call: threads of one server never share an entered context

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with self._recreate_cm() as source:
                response = func(*args, **kwargs)
            if isinstance(response, StreamingHttpResponse) and source is not None:
                response.streaming_content = _within(source, response.streaming_content)
            return response
        return inner


def with_data_source(data: dict[str, Any]) -> dict[str, Any]:
    """A report's JSON with `data_source` added when a replica is configured (docs/reports.md)."""
    source = current()
    if source is None:
        return data
    return {**data, "data_source": source.as_json()}


class ReportingRouter:
    """Reads inside `reporting_database()` go to the replica; everything else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if model._meta.app_label == "django_cache":
            return DEFAULT_DB_ALIAS  # the shared cache (rate limits, ...) must never be read stale
        source = _current.get()
        if source is not None and source.database == "replica" and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
