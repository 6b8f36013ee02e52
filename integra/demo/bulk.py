"""Bulk loading of generated rows: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts keyed by field attname; every column not given gets the field's default (or now()
for auto timestamps, NULL for nullable fields, "" for text). Ids are assigned by the caller so
related rows can reference each other before anything is written; sequences are reset at the end.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

_MISSING = object()


class TableWriter:
    """Buffers rows of one model and writes them in large batches."""

    def __init__(self, model: type[models.Model], batch_size: int = 50_000):
        self.model = model
        self.batch_size = batch_size
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        now = timezone.now()
        self.defaults: list[Any] = []
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults.append(now)
            elif field.has_default():
                self.defaults.append(field.get_default())
            elif field.null:
                self.defaults.append(None)
            elif isinstance(field, models.CharField | models.TextField):
                self.defaults.append("")
            else:
                self.defaults.append(_MISSING)
        self.attnames = [f.attname for f in self.fields]
        self.json_columns = {i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)}
        self.buffer: list[tuple] = []
        self.written = 0

    def add(self, row: dict[str, Any]) -> None:
        values = []
        for i, name in enumerate(self.attnames):
            value = row.get(name, self.defaults[i])
            if value is _MISSING:
                raise ValueError(f"{self.model.__name__}.{name} needs a value")
            values.append(value)
        self.buffer.append(tuple(values))
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        rows = self.buffer
        self.buffer = []
        table = self.model._meta.db_table
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            cols = ", ".join(f'"{c}"' for c in self.columns)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for values in rows:
                        if self.json_columns:
                            values = tuple(Jsonb(v) if i in self.json_columns else v for i, v in enumerate(values))
                        copy.write_row(values)
        else:
            cols = ", ".join(f'"{c}"' for c in self.columns)
            marks = ", ".join("?" for _ in self.columns)
            sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'  # noqa: S608 - names come from model metadata
            with connection.cursor() as cursor:
                cursor.executemany(
                    sql, [tuple(_sqlite(v, i in self.json_columns) for i, v in enumerate(r)) for r in rows]
                )
        self.written += len(rows)


def _sqlite(value: Any, is_json: bool) -> Any:
    if is_json:
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class BulkLoader:
    """One writer per model; `close()` flushes all and resets the id sequences."""

    def __init__(self, batch_size: int = 50_000):
        self.batch_size = batch_size
        self.writers: dict[type[models.Model], TableWriter] = {}
        self.next_ids: dict[type[models.Model], int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        if model not in self.next_ids:
            last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
            self.next_ids[model] = (last or 0) + 1
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def add(self, model: type[models.Model], row: dict[str, Any]) -> int:
        if "id" not in row:
            row["id"] = self.next_id(model)
        writer = self.writers.get(model)
        if writer is None:
            writer = self.writers[model] = TableWriter(model, self.batch_size)
        writer.add(row)
        return row["id"]

    def flush(self, models_in_order: Iterable[type[models.Model]] | None = None) -> None:
        for model in models_in_order or list(self.writers):
            if model in self.writers:
                self.writers[model].flush()

    def close(self, models_in_order: Iterable[type[models.Model]]) -> dict[str, int]:
        order = list(models_in_order)
        self.flush(order)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), order):
                    cursor.execute(sql)
        return {m._meta.label: self.writers[m].written for m in order if m in self.writers}
