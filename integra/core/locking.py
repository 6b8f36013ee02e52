"""Optimistic locking: the later of two concurrent saves is refused, never silently applied."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from integra.core.history import snapshot
from integra.core.models import HistoryEntry

STALE_EDIT = _(
    "Someone else saved this record while you were editing it. Your changes were not saved. "
    "Changed meanwhile: %(fields)s. Reload the page and enter your changes again."
)


def lock_for_update(model: type[models.Model], pk: Any, expected_version: int | None) -> models.Model:
    """Fetch the row with a row lock and refuse if its version moved since the form was shown."""
    obj = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and obj.version != expected_version:
        raise ValidationError(
            STALE_EDIT, code="stale", params={"fields": ", ".join(_changed_fields(obj, expected_version))}
        )
    return obj


def _changed_fields(obj: models.Model, expected_version: int) -> list[str]:
    entries = HistoryEntry.objects.filter(
        institution_id=obj.institution_id, object_id=obj.pk, content_type__model=obj._meta.model_name
    ).order_by("-at")[: max(1, obj.version - expected_version)]
    names: list[str] = []
    for entry in entries:
        for field in entry.changes:
            if _has(obj, field) and not obj._meta.get_field(field.removesuffix("_id")).editable:
                continue  # derived columns (search keys, version) mean nothing to the person editing
            label = change_label(type(obj), field)
            if label not in names:
                names.append(label)
    return names or [str(_("unknown fields"))]


def change_label(model: type[models.Model], key: str) -> str:
    """What a key of a history entry's changes is called on screen: the field's name, or for a change that is not one
    field (a session's attendance marks) the label the model gives it in `HISTORY_LABELS` — never the key itself."""
    try:
        return str(model._meta.get_field(key.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return str(getattr(model, "HISTORY_LABELS", {}).get(key, OTHER_DATA))


OTHER_DATA = _("other data")


def _has(obj: models.Model, field: str) -> bool:
    try:
        obj._meta.get_field(field.removesuffix("_id"))
    except Exception:
        return False
    return True


def bump(obj: models.Model) -> None:
    obj.version = (obj.version or 0) + 1


__all__ = ["STALE_EDIT", "bump", "lock_for_update", "snapshot"]
