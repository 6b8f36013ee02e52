"""The attendance summary (`SessionMarks`): kept by the database, recounted on demand.

Every write of a mark goes through `support_attendance`, but not every one through a service: bulk upserts
(`_write_marks`), the bench loader's COPY, deletes, a JSON restore. So the summary is kept by triggers on that
table, in the transaction of the write itself — a rolled-back write leaves no trace in it, a committed one is
in it at once, and a write path added later cannot forget it:

- PostgreSQL: one statement-level trigger per event with transition tables (a bulk write of N marks updates
  each of its sessions' rows once), `ENABLE ALWAYS` so that it fires also under
  `session_replication_role = replica`, which `integra bench-data` sets to skip foreign-key checks;
- SQLite: row-level triggers.

Inserting first and subtracting second keeps every figure ≥ 0 at every step; a session whose last mark goes
has its row deleted, so the summary equals a recount exactly (`differences()`).
"""

from __future__ import annotations

from django.db import connection as default_connection
from django.db import transaction

TABLE = "support_sessionmarks"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION support_attendance_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO support_sessionmarks (session_id, marks, present)
        SELECT session_id, count(*), count(*) FILTER (WHERE status = 'present')
        FROM new_marks GROUP BY session_id ORDER BY session_id
        ON CONFLICT (session_id) DO UPDATE
        SET marks = support_sessionmarks.marks + EXCLUDED.marks, present = support_sessionmarks.present + EXCLUDED.present;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE support_sessionmarks AS summary
        SET marks = summary.marks - gone.marks, present = summary.present - gone.present
        FROM (
            SELECT session_id, count(*) AS marks, count(*) FILTER (WHERE status = 'present') AS present
            FROM old_marks GROUP BY session_id
        ) AS gone
        WHERE summary.session_id = gone.session_id;
        DELETE FROM support_sessionmarks WHERE marks = 0 AND session_id IN (SELECT session_id FROM old_marks);
    END IF;
    RETURN NULL;
END
$$
"""

_PG_TRIGGERS = [
    _PG_FUNCTION,
    "CREATE TRIGGER support_attendance_marks_insert AFTER INSERT ON support_attendance "
    "REFERENCING NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION support_attendance_marks()",
    "CREATE TRIGGER support_attendance_marks_update AFTER UPDATE ON support_attendance "
    "REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks FOR EACH STATEMENT "
    "EXECUTE FUNCTION support_attendance_marks()",
    "CREATE TRIGGER support_attendance_marks_delete AFTER DELETE ON support_attendance "
    "REFERENCING OLD TABLE AS old_marks FOR EACH STATEMENT EXECUTE FUNCTION support_attendance_marks()",
    "ALTER TABLE support_attendance ENABLE ALWAYS TRIGGER support_attendance_marks_insert",
    "ALTER TABLE support_attendance ENABLE ALWAYS TRIGGER support_attendance_marks_update",
    "ALTER TABLE support_attendance ENABLE ALWAYS TRIGGER support_attendance_marks_delete",
]

_PG_DROP = [
    "DROP TRIGGER IF EXISTS support_attendance_marks_insert ON support_attendance",
    "DROP TRIGGER IF EXISTS support_attendance_marks_update ON support_attendance",
    "DROP TRIGGER IF EXISTS support_attendance_marks_delete ON support_attendance",
    "DROP FUNCTION IF EXISTS support_attendance_marks()",
]

_SQLITE_ADD = """
    INSERT INTO support_sessionmarks (session_id, marks, present) VALUES (NEW.session_id, 1, NEW.status = 'present')
    ON CONFLICT (session_id) DO UPDATE SET marks = marks + 1, present = present + (NEW.status = 'present');
"""
_SQLITE_REMOVE = """
    UPDATE support_sessionmarks SET marks = marks - 1, present = present - (OLD.status = 'present')
    WHERE session_id = OLD.session_id;
    DELETE FROM support_sessionmarks WHERE session_id = OLD.session_id AND marks = 0;
"""
_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER support_attendance_marks_insert AFTER INSERT ON support_attendance BEGIN {_SQLITE_ADD} END",
    "CREATE TRIGGER support_attendance_marks_update AFTER UPDATE OF session_id, status ON support_attendance "
    f"BEGIN {_SQLITE_ADD} {_SQLITE_REMOVE} END",
    f"CREATE TRIGGER support_attendance_marks_delete AFTER DELETE ON support_attendance BEGIN {_SQLITE_REMOVE} END",
]

_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS support_attendance_marks_insert",
    "DROP TRIGGER IF EXISTS support_attendance_marks_update",
    "DROP TRIGGER IF EXISTS support_attendance_marks_delete",
]

_RECOUNT = """
    SELECT session_id, COUNT(*), SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END)
    FROM support_attendance GROUP BY session_id
"""


def install_triggers(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in _PG_TRIGGERS if connection.vendor == "postgresql" else _SQLITE_TRIGGERS:
            cursor.execute(statement)


def drop_triggers(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in _PG_DROP if connection.vendor == "postgresql" else _SQLITE_DROP:
            cursor.execute(statement)


def recount(connection=default_connection) -> dict[int, tuple[int, int]]:
    """{session id: (marks, present)} counted from the marks themselves."""
    with connection.cursor() as cursor:
        cursor.execute(_RECOUNT)
        return {session: (int(marks), int(present)) for session, marks, present in cursor.fetchall()}


def stored(connection=default_connection) -> dict[int, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_id, marks, present FROM support_sessionmarks")
        return {session: (marks, present) for session, marks, present in cursor.fetchall()}


def differences(connection=default_connection) -> dict[int, tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """{session id: (stored, recounted)} wherever the summary and a recount of the marks disagree."""
    kept, counted = stored(connection), recount(connection)
    return {
        session: (kept.get(session), counted.get(session))
        for session in sorted(set(kept) | set(counted))
        if kept.get(session) != counted.get(session)
    }


def rebuild(connection=default_connection) -> int:
    """Recount the whole summary from the marks (one transaction; the triggers keep it from then on)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # no mark written meanwhile may be counted twice or missed
            cursor.execute("LOCK TABLE support_attendance IN SHARE MODE")
        cursor.execute("DELETE FROM support_sessionmarks")
        cursor.execute("INSERT INTO support_sessionmarks (session_id, marks, present) " + _RECOUNT)
        return cursor.rowcount


# A JSON restore (integra.privacy.backup) inserts the marks, whose triggers rebuild this summary: its own rows in
# a dump are skipped.
DERIVED_TABLES = frozenset({TABLE})
