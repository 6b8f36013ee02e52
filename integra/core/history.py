"""Recording and reading the change history of any scoped row."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from integra.core.models import HistoryEntry


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
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if f.name not in {"created_at", "updated_at", "version"}
    ]
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


def for_object(obj: models.Model):
    """History of one row, newest first, with the actor loaded."""
    return (
        HistoryEntry.objects.filter(
            institution_id=obj.institution_id,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
