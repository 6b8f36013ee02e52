"""Reporting replica: read-only report work reads a streaming replica, everything else the primary.

With `INTEGRA_REPLICA_URL` set, settings add a `replica` database alias and `ReportingRouter`. A report
runs inside `reporting_database()` (a context manager and decorator: the report views, `integra report`,
exports); the router sends that work's reads to the replica — unless the read happens inside a
transaction on the primary (a read inside a write stays with the write). Writes always go to the primary.

On entering the context the replica is checked once: how far its replay is behind the primary
(`pg_last_xact_replay_timestamp()`). When it lags more than `INTEGRA_REPLICA_MAX_LAG_SECONDS` or cannot
be reached (short connect timeout), the report reads the primary instead and says so (`DataSource.note`).
Without a replica nothing changes: no router decision differs from the single database.

A replica that fails while a report reads it (stopped, restarted, a query over the replica's statement
timeout or cancelled by replay) costs the report its replica, not its answer: the report runs again on the
primary and says so. A frozen replica (a stopped process, a hung host) answers nothing at all, which no
server-side timeout can notice: a watchdog thread probes the server of any replica query still waiting
after `PROBE_AFTER_SECONDS` and, when the server does not answer within `PROBE_TIMEOUT_SECONDS`, shuts the
query's socket, so the report falls back within about two seconds instead of hanging until the web
server kills the request.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import logging
import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

REPLICA = "replica"
# After a failed connection the replica is not tried again for this long (per process: a hint, not state).
RETRY_AFTER_SECONDS = 30.0
# A replica query still waiting after PROBE_AFTER_SECONDS has its server probed (a new connection that asks
# for TLS, which any live PostgreSQL answers with one byte); no answer within PROBE_TIMEOUT_SECONDS: frozen.
PROBE_AFTER_SECONDS = 0.5
PROBE_TIMEOUT_SECONDS = 1.0
PROBE_EVERY_SECONDS = 1.0  # a server that answered is probed again at most this often while a query waits

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
            return (
                f"The reporting replica is {self.lag_seconds:.0f} s behind (limit {max_lag_seconds()} s); "
                "figures were read from the primary database."
            )
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
    connections[REPLICA].errors_occurred = False  # from here on an error of the replica is this report's
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
    with _reading(check()) as source:
        yield source


def _failed_on_replica(source: DataSource | None) -> bool:
    """Did the report's replica fail under it (the error came from the replica's connection)?"""
    return source is not None and source.database == "replica" and connections[REPLICA].errors_occurred


def _fall_back() -> DataSource:
    """The replica failed in the middle of a report: leave it alone for a while and read the primary."""
    global _down_until
    log.warning("reporting replica failed during a report; running it again on the primary")
    _down_until = time.monotonic() + RETRY_AFTER_SECONDS
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()
    connections[REPLICA].errors_occurred = False
    return _primary("down")


@contextlib.contextmanager
def _reading(source: DataSource | None) -> Iterator[DataSource | None]:
    token = _current.set(source)
    try:
        yield source
    finally:
        _current.reset(token)


def _within(
    source: DataSource | None,
    chunks: Iterable[Any],
    again: Callable[[DataSource], Iterable[Any]] | None = None,
) -> Iterator[Any]:
    """A streamed response's chunks are produced after the view returns: read each inside the context.

    When the replica fails before the first chunk was sent, the stream starts again on the primary
    (`again`); after that the download breaks off (the client sees an incomplete transfer, never a file
    that looks whole)."""
    iterator = iter(chunks)
    sent = False
    while True:
        try:
            with _reading(source):
                chunk = next(iterator)
        except StopIteration:
            return
        except DatabaseError:
            if sent or again is None or not _failed_on_replica(source):
                raise
            source = _fall_back()
            iterator, again = iter(again(source)), None
            continue
        sent = True
        yield chunk


class reporting_database(contextlib.ContextDecorator):
    """`with reporting_database():` or `@reporting_database()`: read-only report work reads the replica.

    As a decorator it also runs the work again on the primary when the replica fails in the middle of it
    (use `run_reporting` for a block of work), and covers a streamed response (CSV export) that is read
    after the view returns.
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
            outermost, failed = _current.get() is None, False
            with self._recreate_cm() as source:
                try:
                    response = func(*args, **kwargs)
                except DatabaseError:
                    if not outermost or not _failed_on_replica(source):
                        raise
                    failed = True  # runs again below, outside the failed context
            if failed:
                source = _fall_back()
                with _reading(source):
                    response = func(*args, **kwargs)
            if isinstance(response, StreamingHttpResponse) and source is not None:

                def again(fallback: DataSource) -> Iterable[Any]:
                    with _reading(fallback):
                        return func(*args, **kwargs).streaming_content

                restart = again if outermost and source.database == "replica" else None
                response.streaming_content = _within(source, response.streaming_content, restart)
            return response

        return inner


def run_reporting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`func(*args, **kwargs)` as report work: on the replica, and again on the primary if the replica fails."""
    return reporting_database()(func)(*args, **kwargs)


def lag_note() -> str | None:
    """What a file read from a replica that lags must say („Dane z repliki raportowej, stan na 06.12.2026
    13:05:12.”, the centre's clock), or None when its figures are those of now (the primary, a caught-up
    replica, no replica)."""
    source = current()
    if source is None or source.database != REPLICA or source.lag_seconds <= 0:
        return None
    when = timezone.localtime(source.as_of).strftime("%d.%m.%Y %H:%M:%S")
    return gettext("Figures from the reporting replica, as of %(when)s.") % {"when": when}


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


# --- a frozen replica: a watchdog over the replica's waiting queries --------------------------------------

SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # any live PostgreSQL answers it with one byte ("S" or "N")


def _address(settings_dict: dict[str, Any]) -> tuple[int, Any] | None:
    """The replica server's socket address (TCP or a Unix socket directory), None when it cannot be probed."""
    host = str(settings_dict.get("HOST") or "")
    port = int(settings_dict.get("PORT") or 5432)
    if not host or "," in host:
        return None
    if host.startswith("/"):
        return (socket.AF_UNIX, f"{host}/.s.PGSQL.{port}")
    return (socket.AF_INET6 if ":" in host else socket.AF_INET, (host, port))


def _answers(address: tuple[int, Any], timeout: float) -> bool:
    """Does the server behind `address` answer at all? (A frozen one accepts in the kernel, then says nothing.)"""
    family, target = address
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout)
            probe.connect(target)
            probe.sendall(SSL_REQUEST)
            return len(probe.recv(1)) == 1
    except OSError:
        return False


@dataclass(eq=False)  # each wait is itself (kept in a set)
class _Wait:
    fileno: int
    address: tuple[int, Any]
    started: float
    aborted: bool = False


class _Watchdog:
    """One daemon thread per process: probes the server of every replica query waiting too long, and shuts
    the socket of those whose server does not answer (the query then fails at once, and the report falls
    back to the primary)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._waits: set[_Wait] = set()
        self._alive_at: dict[tuple[int, Any], float] = {}
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watching(self, fileno: int, address: tuple[int, Any]) -> Iterator[_Wait]:
        wait = _Wait(fileno, address, time.monotonic())
        with self._lock:
            self._waits.add(wait)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="replica-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()
        try:
            yield wait
        finally:
            with self._lock:
                self._waits.discard(wait)

    def _due(self) -> set[tuple[int, Any]]:
        """The servers to probe now: of queries waiting long enough, not found alive a moment ago."""
        now = time.monotonic()
        with self._lock:
            while not self._waits:
                self._lock.wait()
            return {
                w.address
                for w in self._waits
                if now - w.started >= PROBE_AFTER_SECONDS
                and now - self._alive_at.get(w.address, 0.0) >= PROBE_EVERY_SECONDS
            }

    def _run(self) -> None:
        while True:
            for address in self._due():
                if _answers(address, PROBE_TIMEOUT_SECONDS):
                    self._alive_at[address] = time.monotonic()
                else:
                    self._abort(address)
            time.sleep(PROBE_AFTER_SECONDS / 2)

    def _abort(self, address: tuple[int, Any]) -> None:
        stopped = 0
        with self._lock:  # a wait still registered still owns its socket: shutting it down is safe
            for wait in self._waits:
                if wait.address == address and not wait.aborted:
                    wait.aborted = True
                    stopped += 1
                    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(wait.fileno)) as sock:
                        sock.shutdown(socket.SHUT_RDWR)
        if stopped:
            log.warning("reporting replica does not answer; %s waiting queries stopped", stopped)


_watchdog = _Watchdog()


def guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` for the replica alias: every wait of its psycopg connection is watched."""
    if connection.alias != REPLICA or _mirrored():
        return
    address = _address(connection.settings_dict)
    conn = connection.connection
    if address is None or not hasattr(conn, "wait"):
        return
    from psycopg import OperationalError  # the replica is PostgreSQL (settings)

    original = conn.wait

    def wait(gen: Any, *args: Any, **kwargs: Any) -> Any:
        with _watchdog.watching(conn.pgconn.socket, address) as watched:
            try:
                return original(gen, *args, **kwargs)
            except Exception as exc:
                if watched.aborted:
                    raise OperationalError("the reporting replica stopped answering") from exc
                raise

    conn.wait = wait
