"""The test database's other sessions, for tests that kill a process which was using it.

A process killed with SIGKILL does not end its PostgreSQL session at once: the backend keeps running the
statement it was given (an import's INSERT, a trigger's summary update) until it next talks to the
client. A test's teardown that truncates every table meanwhile takes its locks in a different order
and the two deadlock. `end_other_sessions` ends those sessions and waits until they are gone."""

from __future__ import annotations

import time

from django.db import connection

OTHER_SESSIONS = """
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
"""


def end_other_sessions(timeout: float = 60) -> None:
    """Terminate every other client session on the test database; return once none is left."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while True:
            cursor.execute(OTHER_SESSIONS)
            pids = [pid for (pid,) in cursor.fetchall()]
            if not pids:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(pids)} other database session(s) still open after {timeout} s")
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
            time.sleep(0.1)
