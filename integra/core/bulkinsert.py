"""Inserting many new rows fast: COPY on PostgreSQL, `bulk_create` elsewhere.

`bulk_insert(objs)` behaves like `Model.objects.bulk_create(objs)` for plain models (no signals,
auto timestamps filled, primary keys set on the objects) but on PostgreSQL it takes the ids from
the table's sequence in one query and streams the rows with COPY, which is several times faster
than a multi-row INSERT with client-side parameters (measured in bench/import_sheet.py). Safe
with concurrent writers: ids come from the sequence, never from max(id).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from psycopg.adapt import Dumper
from psycopg.pq import Format


def bulk_insert(objs: Sequence[models.Model], batch_size: int = 1000) -> Sequence[models.Model]:
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[DEFAULT_DB_ALIAS]  # the object itself, not the thread-local proxy (read per value)
    if connection.vendor != "postgresql" or model._meta.parents:
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *fields])
    with connection.cursor() as cursor:
        missing = [obj for obj in objs if obj.pk is None]
        if missing:
            for obj, value in zip(missing, _next_ids(cursor, meta.db_table, pk.column, len(missing)), strict=True):
                obj.pk = value
        # Auto timestamps: one "now" for the whole batch, as one statement's now() would be.
        now = timezone.now()
        for field in fields:
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                for obj in objs:
                    setattr(obj, field.attname, now)
        # COPY runs on psycopg's own cursor: wrap it so that its errors are Django's (a UniqueViolation is an
        # IntegrityError the caller can catch), as every other statement's are.
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # names from model metadata
        ):
            plain = [(f.attname, _is_plain(f)) for f in fields]
            for obj in objs:
                values = obj.__dict__
                copy.write_row(
                    [
                        obj.pk,
                        *(
                            values[name] if simple else f.get_db_prep_save(f.pre_save(obj, True), connection)
                            for f, (name, simple) in zip(fields, plain, strict=True)
                        ),
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


_PLAIN_TYPES = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField)


def _is_plain(field: models.Field) -> bool:
    """The attribute's value goes to COPY as it is: psycopg adapts str, int, bool, date, aware datetimes and
    None (and COPY's text format takes their string forms too); other fields go through `get_db_prep_save`."""
    if isinstance(field, models.DateTimeField):
        return bool(field.auto_now or field.auto_now_add)  # set to an aware "now" just above
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if field.many_to_one or field.one_to_one:
        return True  # the attname holds the id
    return isinstance(field, _PLAIN_TYPES)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], batch_size: int = 1000
) -> list[int]:
    """Insert plain tuples (values of `columns`, by attname) as new rows; returns their ids in order.

    No model instance per row: on PostgreSQL the ids come from the table's sequence in one query and
    the tuples go straight into a binary COPY (no text form of each date and number: 0.35 s less CPU of
    the command per 30,000-row sheet, bench/import_cli.py), with the auto timestamps (one "now" per call)
    and every other column's default added. The values must already be of the column's type (str, int,
    bool, date, aware datetime, None; JSON as text): nothing is validated or converted here, callers
    validate first. Elsewhere (SQLite) the rows become instances for `bulk_create`, so both databases
    store the same rows.
    """
    if not rows:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    pk = meta.pk
    given = list(columns)
    now = timezone.now()
    extra_fields = [f for f in meta.concrete_fields if f is not pk and f.attname not in given]
    if connection.vendor != "postgresql" or meta.parents:
        # JSON columns arrive as text (what COPY writes); a model instance wants the decoded value
        json_cols = {
            i for i, c in enumerate(given) if isinstance(meta.get_field(_field_name(meta, c)), models.JSONField)
        }
        rows = (
            [
                tuple(json.loads(v) if i in json_cols and isinstance(v, str) else v for i, v in enumerate(row))
                for row in rows
            ]
            if json_cols
            else rows
        )
        objs = [model(**dict(zip(given, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return [obj.pk for obj in objs]
    extras = []
    for field in extra_fields:
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            extras.append(now)
        elif field.has_default() and callable(field.default) and field.default not in (dict, list):
            raise ValueError(f"{model.__name__}.{field.name} has a per-row default: pass it as a column")
        else:
            extras.append(field.get_db_prep_save(field.get_default(), connection))
    extras_tuple = tuple(extras)
    table = connection.ops.quote_name(meta.db_table)
    names = [
        pk.column,
        *(meta.get_field(_field_name(meta, c)).column for c in given),
        *(f.column for f in extra_fields),
    ]
    column_list = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        ids = _next_ids(cursor, meta.db_table, pk.column, len(rows))
        types = _column_types(cursor, meta.db_table, names)
        cursor.cursor.adapters.register_dumper(_JsonText, _JsonTextBinaryDumper)
        with (
            connection.wrap_database_errors,  # psycopg's errors as Django's, as above
            cursor.cursor.copy(
                f"COPY {table} ({column_list}) FROM STDIN (FORMAT BINARY)"  # names from model metadata
            ) as copy,
        ):
            copy.set_types(types)
            write = copy.write_row
            for pk_value, row in zip(ids, rows, strict=True):
                write((pk_value, *row, *extras_tuple))
    return ids


_SEQUENCES: dict[tuple[str, str], str] = {}


def _next_ids(cursor, table: str, column: str, count: int) -> list[int]:
    """`count` new ids from the column's sequence. Its name is looked up once per process: in the SELECT that
    draws the ids, pg_get_serial_sequence() ran once per id (a catalogue lookup each, 6 % of the database's CPU
    in a 30,000-row import)."""
    key = (table, column)
    if key not in _SEQUENCES:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        _SEQUENCES[key] = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_SEQUENCES[key], count])
    return [value for (value,) in cursor.fetchall()]


def _field_name(meta, attname: str) -> str:
    for field in meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise ValueError(f"{meta.model.__name__} has no column {attname!r}")


_TYPES: dict[str, dict[str, int]] = {}


def _column_types(cursor, table: str, columns: list[str]) -> list[int]:
    """The type oids of `columns` (read once per table and process), for a binary COPY."""
    if table not in _TYPES:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table]
        )
        _TYPES[table] = dict(cursor.fetchall())
    return [int(_TYPES[table][c]) for c in columns]


class _JsonText(str):
    """Never instantiated: the class the dumper below is registered under (it is looked up by oid)."""


class _JsonTextBinaryDumper(Dumper):
    """jsonb in COPY's binary format from JSON that is already text (the callers' rows) or an adapted default
    (`Jsonb(value)`, a column the caller left out): the version byte, then the text."""

    format = Format.BINARY
    oid = 3802  # jsonb

    def dump(self, obj: Any) -> bytes:
        text = obj if isinstance(obj, str) else json.dumps(getattr(obj, "obj", obj))
        return b"\x01" + text.encode()
