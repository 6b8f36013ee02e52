"""A lock held until the surrounding transaction ends, on PostgreSQL and SQLite alike.

`hold(name, key)` serialises the transactions that take the same (name, key): the second waits until the
first commits or rolls back, and then reads what the first wrote. On PostgreSQL it is a transaction-level
advisory lock (it blocks nothing else); on SQLite it is the database's write lock, taken by the transaction's
first statement (a write that changes no row), so the transaction never has to upgrade a read to a write later
(which fails at once with "database is locked" when another connection committed in between).

Call it first thing inside `transaction.atomic()`. `wait_seconds` bounds the wait (PostgreSQL's
`lock_timeout`; SQLite waits for its busy timeout); then `LockBusy` is raised and the transaction must be left.
"""

from __future__ import annotations

import zlib

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


class LockBusy(Exception):
    """Another transaction holds the lock longer than we may wait."""


def _namespace(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def hold(name: str, key: int, *, wait_seconds: float | None = None, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("dblock.hold() needs a transaction: call it inside transaction.atomic()")
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                if wait_seconds is not None:
                    cursor.execute(
                        "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                        [f"{max(1, int(wait_seconds * 1000))}ms"],
                    )
                    previous = cursor.fetchone()[0]
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_namespace(name), int(key)])
                if wait_seconds is not None:
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
            else:
                from django.db.migrations.recorder import MigrationRecorder

                table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
                cursor.execute(f"UPDATE {table} SET id = id WHERE 1 = 0")  # noqa: S608 (a model's table name)
    except OperationalError as exc:
        if _is_lock_wait(exc):
            raise LockBusy(name) from exc
        raise


def _is_lock_wait(exc: OperationalError) -> bool:
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == "55P03":  # PostgreSQL: lock_not_available
        return True
    return "database is locked" in str(exc)
