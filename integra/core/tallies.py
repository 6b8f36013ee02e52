# ruff: noqa: S608 - every name and fragment of SQL here is a constant of the tally that declares it
"""Summary tables kept by the database: a tally of rows per key, exact after every write (issue 26).

A `Tally` declares its table (key columns and a count), the tables it reads (`Source`) and how each row of
them counts: SQL templates (`parts`) that yield key tuples, one per unit counted, reading `{alias}` for each
source. The engine turns that into triggers on every source, in the transaction of the write itself:

- a write becomes a net delta per key: what the parts count over the new rows minus what they counted over
  the old rows, the other sources read as they are;
- positive deltas are upserted, negative ones subtracted from existing rows (never an insert below zero),
  and rows a delta brings to zero deleted by their key, so the table equals a recount of the parts over the
  whole sources. The count is in no index (not even a partial one of zero rows): an update of it changes no
  indexed column, so PostgreSQL keeps it on its page (a HOT update) instead of writing every index anew — an
  import's thousands of upserts per chunk cost a third of what they did;
- PostgreSQL: statement-level triggers with transition tables (a COPY of N rows is one delta), skipped when an
  update changed no column the parts read, `ENABLE ALWAYS` so that they fire under
  `session_replication_role = replica` too (`integra bench-data` loads that way);
- SQLite: row-level triggers, the row itself standing in for the transition table, `WHEN` a column read
  changed.

A part that reads two sources counts a pair of rows when the second of them is written, so the order in which
a loader writes them does not matter. A tally may read another tally's table (its triggers fire in turn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db import transaction


@dataclass(frozen=True)
class Source:
    """A table a tally reads, named `{alias}` in the templates, with the columns they read."""

    table: str
    alias: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    table: str
    key: tuple[str, ...]
    sources: tuple[Source, ...]
    # (aliases of the sources the part reads, SELECT of the key columns, one row per unit counted)
    parts: tuple[tuple[frozenset[str], str], ...]
    # Vendor-specific fragments the templates name, e.g. a date as ISO text: vendor -> {name: SQL}.
    fragments: Callable[[str], dict[str, str]] = field(default=lambda vendor: {})
    count: str = "count"

    # -- SQL -------------------------------------------------------------------------------------------

    def _keys(self) -> str:
        return ", ".join(self.key)

    def _contributions(self, vendor: str, source: Source | None, stand_in: str) -> str:
        names = {s.alias: s.table for s in self.sources} | self.fragments(vendor)
        if source is not None:
            names[source.alias] = stand_in
        return " UNION ALL ".join(
            template.format(**names) for reads, template in self.parts if source is None or source.alias in reads
        )

    def _delta(self, vendor: str, source: Source, new: str | None, old: str | None) -> str:
        """Net change per key: what the `new` rows count minus what the `old` rows counted (zeros left out)."""
        sides = [
            f"SELECT c.*, {sign} AS n FROM ({self._contributions(vendor, source, rows)}) AS c"
            for sign, rows in (("1", new), ("-1", old))
            if rows
        ]
        keys = self._keys()
        return f"SELECT {keys}, SUM(n) AS n FROM ({' UNION ALL '.join(sides)}) AS d GROUP BY {keys} HAVING SUM(n) <> 0"

    def _matches(self) -> str:
        return " AND ".join(f"{self.table}.{column} = d.{column}" for column in self.key)

    def _upsert(self, delta: str) -> str:
        """Add the positive deltas of `delta` (a relation of key columns and n): insert or raise."""
        keys, t, n = self._keys(), self.table, self.count
        return (
            f"INSERT INTO {t} ({keys}, {n}) SELECT {keys}, n FROM {delta} AS d WHERE n > 0 "
            f"ON CONFLICT ({keys}) DO UPDATE SET {n} = {t}.{n} + EXCLUDED.{n}"
        )

    def _pg_subtract(self, delta: str) -> tuple[str, str]:
        """(a CTE deleting the rows the negative deltas of the CTE `delta` bring to zero, an UPDATE lowering the
        others): they touch different rows, so one statement holds both."""
        t, n, matches = self.table, self.count, self._matches()
        return (
            f"dropped AS (DELETE FROM {t} USING {delta} AS d WHERE d.n < 0 AND {matches} AND {t}.{n} + d.n = 0)",
            f"UPDATE {t} SET {n} = {t}.{n} + d.n FROM {delta} AS d WHERE d.n < 0 AND {matches} AND {t}.{n} + d.n <> 0",
        )

    def _sqlite_subtract(self, delta: str) -> list[str]:
        """Statements applying the negative deltas of `delta` (a subquery, computed anew by each): lower, then
        delete the rows of those keys now at zero (found through the key's unique index)."""
        keys, t, n = self._keys(), self.table, self.count
        return [
            # unaliased: SQLite allows no alias for the table of an UPDATE inside a trigger
            f"UPDATE {t} SET {n} = {t}.{n} + d.n FROM {delta} AS d WHERE d.n < 0 AND {self._matches()}",
            f"DELETE FROM {t} WHERE {n} = 0 AND ({keys}) IN (SELECT {keys} FROM {delta} AS d WHERE d.n < 0)",
        ]

    def recount_sql(self, vendor: str) -> str:
        keys = self._keys()
        return f"SELECT {keys}, COUNT(*) FROM ({self._contributions(vendor, None, '')}) AS c GROUP BY {keys}"

    def _trigger_name(self, source: Source, event: str) -> str:
        return f"{self.table}_{source.alias}_{event.lower()}"

    def _sqlite_triggers(self) -> list[str]:
        statements = []
        for source in self.sources:
            for event, (adds, takes) in _EVENTS.items():

                def row(which: str, source: Source = source) -> str:
                    return "(SELECT " + ", ".join(f"{which}.{c} AS {c}" for c in source.columns) + ")"

                delta = "(" + self._delta("sqlite", source, row("NEW") if adds else None, row("OLD") if takes else None)
                upsert, subtract = self._upsert(delta + ")"), self._sqlite_subtract(delta + ")")
                # An insert only adds and a delete only takes away: neither runs the other's statements (nor
                # fires, for them, the triggers of a tally that reads this one).
                body = "; ".join({"INSERT": [upsert], "DELETE": subtract}.get(event, [upsert, *subtract]))
                on = event
                if event == "UPDATE":
                    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in source.columns)
                    on = f"UPDATE OF {', '.join(source.columns)} ON {source.table} FOR EACH ROW WHEN {changed}"
                else:
                    on = f"{event} ON {source.table}"
                statements.append(f"CREATE TRIGGER {self._trigger_name(source, event)} AFTER {on} BEGIN {body}; END")
        return statements

    def _pg_triggers(self) -> list[str]:
        statements = []
        for source in self.sources:
            for event, (adds, takes) in _EVENTS.items():
                name = self._trigger_name(source, event)
                delta = self._delta("postgresql", source, "new_rows" if adds else None, "old_rows" if takes else None)
                statements.append(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                    # The plans are made once per connection, for the size of the first statement's rows: what
                    # every delta must do, whatever that size, is probe indexes of tables that are hot, row by row
                    # of the few written, never read a whole table (random_page_cost 4 prefers a scan of 185,000
                    # groups to 2,000 probes of their index: 89 ms against 2 ms per chunk of an import). Nor
                    # may it join by hashing or merging a big table, whatever the statistics of the moment say.
                    "SET random_page_cost = 1.1 SET enable_hashjoin = off SET enable_mergejoin = off "
                    f"AS $$ BEGIN {self._pg_body(source, event, delta)} RETURN NULL; END $$"
                )
                referencing = " ".join(
                    clause
                    for clause, used in (("OLD TABLE AS old_rows", takes), ("NEW TABLE AS new_rows", adds))
                    if used
                )
                statements.append(
                    f"CREATE TRIGGER {name} AFTER {event} ON {source.table} REFERENCING {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
                )
                statements.append(f"ALTER TABLE {source.table} ENABLE ALWAYS TRIGGER {name}")
        return statements

    def _pg_body(self, source: Source, event: str, delta: str) -> str:
        rows = "old_rows" if event == "DELETE" else "new_rows"
        # A statement that wrote no row (a nested tally's subtraction that matched nothing) changes nothing.
        guard = f"IF NOT EXISTS (SELECT 1 FROM {rows}) THEN RETURN NULL; END IF; "
        if event == "UPDATE":
            # Rows whose columns read changed; EXCEPT, not a join of the two transition tables on id: those have
            # no index, and a plan made for a few rows joins them in a nested loop, quadratic in the rows updated
            # (4,767 person-years updated at once: 22.7 million comparisons, 6.3 s).
            columns = ", ".join(("id", *source.columns))
            guard = (
                f"IF NOT EXISTS (SELECT {columns} FROM old_rows EXCEPT SELECT {columns} FROM new_rows) "
                "THEN RETURN NULL; END IF; "
            )
        # An insert only adds and a delete only takes away: neither runs the other's statements (nor fires, for
        # them, the triggers of a tally that reads this one).
        if event == "INSERT":
            return f"{guard}{self._upsert(f'({delta})')};"
        # One delta applied in one statement: the delete, the update and the insert touch different keys.
        dropped, subtract = self._pg_subtract("delta")
        applied = f"WITH delta AS MATERIALIZED ({delta}), {dropped}"
        if event == "DELETE":
            return f"{guard}{applied} {subtract};"
        return f"{guard}{applied}, subtracted AS ({subtract}) {self._upsert('delta')};"

    # -- operations ------------------------------------------------------------------------------------

    def install_triggers(self, connection=default_connection) -> None:
        with connection.cursor() as cursor:
            for statement in self._pg_triggers() if connection.vendor == "postgresql" else self._sqlite_triggers():
                cursor.execute(statement)

    def drop_triggers(self, connection=default_connection) -> None:
        with connection.cursor() as cursor:
            for source in self.sources:
                for event in _EVENTS:
                    name = self._trigger_name(source, event)
                    if connection.vendor == "postgresql":
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {source.table}")
                        cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                    else:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def recount(self, connection=default_connection) -> dict[tuple, int]:
        """{key: count} counted from the source rows themselves."""
        with connection.cursor() as cursor:
            cursor.execute(self.recount_sql(connection.vendor))
            return {tuple(row[:-1]): int(row[-1]) for row in cursor.fetchall()}

    def stored(self, connection=default_connection) -> dict[tuple, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {self._keys()}, {self.count} FROM {self.table}")
            return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}

    def differences(self, connection=default_connection) -> dict[tuple, tuple[int | None, int | None]]:
        """{key: (stored, recounted)} wherever the table and a recount of the sources disagree."""
        kept, counted = self.stored(connection), self.recount(connection)
        return {
            key: (kept.get(key), counted.get(key))
            for key in sorted(set(kept) | set(counted))
            if kept.get(key) != counted.get(key)
        }

    def rebuild(self, connection=default_connection) -> int:
        """Recount the whole table from the sources (one transaction; the triggers keep it from then on)."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # no row written meanwhile may be counted twice or missed
                tables = ", ".join(source.table for source in self.sources)
                cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(
                f"INSERT INTO {self.table} ({self._keys()}, {self.count}) " + self.recount_sql(connection.vendor)
            )
            return cursor.rowcount


# event: (the new rows count, the old rows counted)
_EVENTS = {"INSERT": (True, False), "UPDATE": (True, True), "DELETE": (False, True)}
