"""Recording and reading the change history of any scoped row."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from integra.core.compiled import CompiledQuery
from integra.core.models import HistoryEntry
from integra.core.templatetags.integra import format_date, format_money


@dataclass
class HistoryRow:
    """One change of a record as `components/history.html` shows it: when, who, what, and (label, before,
    after) of each field the reader may see."""

    at: dt.datetime
    actor: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    hidden: int = 0  # changes of fields the reader's role may not see
    comment: str = ""  # e.g. "Import arkusza uczestników: plik.xlsx" (an import records no value snapshot)


def actor_name(entry: HistoryEntry) -> str:
    """Who made a change: the person's name, their user name, or „system”."""
    if entry.actor is None:
        return str(_("system"))
    return entry.actor.get_full_name() or entry.actor.get_username()


# Columns every scoped row has: their changes say nothing to the reader.
_UNSHOWN = {"id", "institution", "institution_id", "version", "created_at", "updated_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of the concrete fields (FKs by id) as JSON-able data."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields if f.name not in {"created_at", "updated_at", "version"}]
    )
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    institution_id: int | None = None,
) -> HistoryEntry | None:
    """Append one history entry; an update that changed nothing records nothing."""
    before = before or {}
    after = after if after is not None else snapshot(obj)
    changes = diff(before, after) if action != HistoryEntry.Action.CREATE else {k: [None, v] for k, v in after.items()}
    if action == HistoryEntry.Action.UPDATE and not changes:
        return None
    user = getattr(actor, "user", actor)
    return HistoryEntry.objects.create(
        institution_id=institution_id or obj.institution_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        actor=user if getattr(user, "pk", None) else None,
        action=action,
        changes=changes,
        comment=comment[:500],
    )


def _history_of(centre: int, content_type: int, pk: int):
    """History of one row, newest first, with the actor loaded: the one query of `for_object` and `entries_of`."""
    return (
        HistoryEntry.objects.filter(institution_id=centre, content_type_id=content_type, object_id=pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def for_object(obj: models.Model):
    """History of one row, newest first, with the actor loaded."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return _history_of(obj.institution_id, content_type.pk, obj.pk)


_entries_of = CompiledQuery(_history_of)


def entries_of(obj: models.Model) -> list[HistoryEntry]:
    """`for_object`'s rows, read by SQL compiled once per process: the person's page shows them on every view."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return _entries_of(centre=obj.institution_id, content_type=content_type.pk, pk=obj.pk)


def _shown(field: models.Field, value: Any) -> str:
    """A stored history value as the reader knows it: labels, Polish dates and amounts, names.

    A list field (JSON) whose items are codes names its choices in the model's `HISTORY_CHOICES`.
    """
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        labels = dict(getattr(field.model, "HISTORY_CHOICES", {}).get(field.name, ()))
        return ", ".join(str(labels.get(item, item)) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "—"
    if isinstance(field, models.DateTimeField):
        return format_date(dt.datetime.fromisoformat(value)) if isinstance(value, str) else format_date(value)
    if isinstance(field, models.DateField):
        return format_date(dt.date.fromisoformat(value)) if isinstance(value, str) else format_date(value)
    if isinstance(field, models.DecimalField):
        return format_money(value).removesuffix(" zł")  # a Polish number; the label says amount or percent
    return str(value)


def readable(obj: models.Model, *, limit: int | None = None) -> list[HistoryRow]:
    """The history of one row for a screen (its latest `limit` changes): when, who, what, and each change as
    (label, before, after)."""
    by_name = {}
    for f in obj._meta.concrete_fields:
        by_name[f.name] = by_name[f.attname] = f
    rows = []
    for entry in for_object(obj)[:limit]:
        changes = [
            (str(by_name[name].verbose_name), _shown(by_name[name], old), _shown(by_name[name], new))
            for name, (old, new) in entry.changes.items()
            if name in by_name and name not in _UNSHOWN
        ]
        rows.append(
            HistoryRow(
                at=entry.at,
                actor=actor_name(entry),
                action=entry.get_action_display(),
                changes=changes,
                comment=entry.comment,
            )
        )
    return rows
