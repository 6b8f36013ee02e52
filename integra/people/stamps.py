"""Versions of what a person's page shows: the key under which its timeline sections are cached.

A cached section is right only as long as nothing it shows has changed, and the rows it shows are written by
every app, by services and by bulk paths that bypass them (sheet imports' COPY, attendance upserts, the bench
loader, a JSON restore, anonymisation). So the versions are kept by the database, as the attendance summary is
(integra.support.marks): triggers on each table the timeline reads raise

- the person's version (`people_timelinestamp`) when a row of that person changes (a participation, a
  contract, a mark...), found through the row's participant, household or participation;
- the centre's version (`people_centretimelinestamp`) when a row many people's pages name changes (a project's
  title, an activity, a session, a partner, a membership's roles — a membership's roles decide the sections).

Each app's migration installs the triggers of its own tables (`install`). A version is raised to at least the
database clock in microseconds, never to a smaller number: a restored or recreated database never hands out
a version an older cache entry was stored under. A person or centre without a row has no version yet:
`versions` answers None and the page is not cached until `ensure` has written one — the only INSERT; the
triggers only raise versions that exist (see `_raise`).

PostgreSQL: one statement-level trigger per event with transition tables (a COPY of 30,000 participations
raises each person's version in one statement), `ENABLE ALWAYS` as for the marks. SQLite: row-level triggers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as default_connection

PERSON_TABLE = "people_timelinestamp"
CENTRE_TABLE = "people_centretimelinestamp"

_NOW = {
    "postgresql": "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)",
}
_GREATEST = {"postgresql": "GREATEST", "sqlite": "MAX"}


@dataclass(frozen=True)
class Stamped:
    """A table whose rows a timeline shows: `column` names, `via` says what (see `_ids`)."""

    table: str
    column: str
    via: str  # person, household, participation (→ a person's version); centre, session, everyone (→ centres')
    events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")
    # When set, an UPDATE moves the version only if one of these columns changed (a row-level trigger): for a
    # row written often for reasons no timeline shows (a session's version, raised by every attendance save).
    shown: tuple[str, ...] = ()

    @property
    def stamps_people(self) -> bool:
        return self.via in ("person", "household", "participation")


def _ids(stamped: Stamped, source: str) -> str:
    """A SELECT of the participant or institution ids (as `id`) the rows of `source` touch."""
    column = stamped.column
    return {
        # Every name below is the migration's own constant, never input.
        "person": f"SELECT {column} AS id FROM {source}",  # noqa: S608
        "centre": f"SELECT {column} AS id FROM {source}",  # noqa: S608
        "household": f"SELECT id FROM people_participant WHERE household_id IN (SELECT {column} FROM {source})",  # noqa: S608
        "participation": (
            f"SELECT participant_id AS id FROM projects_participation WHERE id IN (SELECT {column} FROM {source})"  # noqa: S608
        ),
        "session": f"SELECT institution_id AS id FROM support_session WHERE id IN (SELECT {column} FROM {source})",  # noqa: S608
        "everyone": "SELECT id FROM institutions_institution",
    }[stamped.via]


def _raise(stamped: Stamped, sources: list[str], vendor: str) -> str:
    """One UPDATE raising the version of every person (or centre) the rows of `sources` touch.

    Only versions that exist are raised: a person without one has no cached page to invalidate (the page
    reads the version before it reads what it shows, and caches nothing until `ensure` has written one), so a
    first import of 30,000 new people costs this trigger 30,000 index probes and no write. PostgreSQL locks
    the rows in id order first, so that two statements raising overlapping sets cannot deadlock."""
    table, key = (PERSON_TABLE, "participant_id") if stamped.stamps_people else (CENTRE_TABLE, "institution_id")
    ids = " UNION ".join(_ids(stamped, source) for source in sources)
    lock = " ORDER BY 1 FOR UPDATE" if vendor == "postgresql" else ""
    return (
        f"UPDATE {table} SET version = {_GREATEST[vendor]}(version + 1, {_NOW[vendor]}) "  # noqa: S608
        f"WHERE {key} IN (SELECT {key} FROM {table} WHERE {key} IN ({ids}){lock});"
    )


def _name(stamped: Stamped, event: str = "") -> str:
    return f"{stamped.table}_timeline{'_' + event.lower() if event else ''}"


def _postgresql(stamped: Stamped) -> list[str]:
    function = f"""
CREATE OR REPLACE FUNCTION {_name(stamped)}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_raise(stamped, ["new_rows"], "postgresql")}
    ELSIF TG_OP = 'UPDATE' THEN {_raise(stamped, ["new_rows", "old_rows"], "postgresql")}
    ELSE {_raise(stamped, ["old_rows"], "postgresql")}
    END IF;
    RETURN NULL;
END
$$
"""
    statements = [function]
    row_update = "UPDATE" in stamped.events and stamped.shown
    if row_update:
        column = stamped.column
        statements += [
            f"""
CREATE OR REPLACE FUNCTION {_name(stamped)}_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_raise(stamped, [f"(SELECT NEW.{column} AS {column}) AS new_row", f"(SELECT OLD.{column} AS {column}) AS old_row"], "postgresql")}
    RETURN NULL;
END
$$
""",
            f"CREATE TRIGGER {_name(stamped, 'UPDATE')} AFTER UPDATE OF {', '.join(stamped.shown)} ON {stamped.table} "
            f"FOR EACH ROW WHEN ({_changed(stamped, 'IS DISTINCT FROM')}) EXECUTE FUNCTION {_name(stamped)}_row()",
            f"ALTER TABLE {stamped.table} ENABLE ALWAYS TRIGGER {_name(stamped, 'UPDATE')}",
        ]
    for event in stamped.events:
        if event == "UPDATE" and row_update:
            continue
        transition = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[event]
        statements += [
            f"CREATE TRIGGER {_name(stamped, event)} AFTER {event} ON {stamped.table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_name(stamped)}()",
            f"ALTER TABLE {stamped.table} ENABLE ALWAYS TRIGGER {_name(stamped, event)}",
        ]
    return statements


def _sqlite(stamped: Stamped) -> list[str]:
    column = stamped.column
    rows = {"NEW": f"(SELECT NEW.{column} AS {column})", "OLD": f"(SELECT OLD.{column} AS {column})"}
    sources = {"INSERT": [rows["NEW"]], "UPDATE": [rows["NEW"], rows["OLD"]], "DELETE": [rows["OLD"]]}

    def when(event: str) -> str:
        if event != "UPDATE" or not stamped.shown:
            return f"AFTER {event} ON {stamped.table}"
        return f"AFTER UPDATE OF {', '.join(stamped.shown)} ON {stamped.table} WHEN {_changed(stamped, 'IS NOT')}"

    return [
        f"CREATE TRIGGER {_name(stamped, event)} {when(event)} BEGIN {_raise(stamped, sources[event], 'sqlite')} END"
        for event in stamped.events
    ]


def _changed(stamped: Stamped, distinct: str) -> str:
    return "(" + " OR ".join(f"OLD.{c} {distinct} NEW.{c}" for c in stamped.shown) + ")"


def install(stamped: list[Stamped], connection=default_connection) -> None:
    """Create the triggers that keep the versions of these tables' rows (a migration of the table's app)."""
    with connection.cursor() as cursor:
        for table in stamped:
            for statement in _postgresql(table) if connection.vendor == "postgresql" else _sqlite(table):
                cursor.execute(statement)


def drop(stamped: list[Stamped], connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for table in stamped:
            for event in table.events:
                on = f" ON {table.table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}{on}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {_name(table)}()")
                cursor.execute(f"DROP FUNCTION IF EXISTS {_name(table)}_row()")


def current(participant_id: int, institution_id: int, connection=default_connection) -> tuple[int | None, int | None]:
    """(the person's version, the centre's version) in one query, None for one not written yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT version FROM {PERSON_TABLE} WHERE participant_id = %s), "  # noqa: S608
            f"(SELECT version FROM {CENTRE_TABLE} WHERE institution_id = %s)",
            [participant_id, institution_id],
        )
        person, centre = cursor.fetchone()
    return person, centre


def versions(participant_id: int, institution_id: int, connection=default_connection) -> tuple[int, int] | None:
    """(the person's version, the centre's version); None while either has none yet."""
    person, centre = current(participant_id, institution_id, connection)
    return None if person is None or centre is None else (person, centre)


def ensure(
    participant_id: int, institution_id: int, connection=default_connection, *, person: bool = True, centre: bool = True
) -> None:
    """Give the person and the centre a version if they have none (the first view of a page); `person` or
    `centre` False when that one is known to have one (the centre's is written once, by its first page)."""
    now = _NOW[connection.vendor]
    with connection.cursor() as cursor:
        for table, key, value, missing in (
            (PERSON_TABLE, "participant_id", participant_id, person),
            (CENTRE_TABLE, "institution_id", institution_id, centre),
        ):
            if not missing:
                continue
            cursor.execute(
                f"INSERT INTO {table} ({key}, version) VALUES (%s, {now}) ON CONFLICT ({key}) DO NOTHING",  # noqa: S608
                [value],
            )


# A JSON restore (integra.privacy.backup) inserts the rows whose triggers write these versions: a dump's own
# rows are skipped (they would collide with what the triggers have just written).
DERIVED_TABLES = frozenset({PERSON_TABLE, CENTRE_TABLE})
