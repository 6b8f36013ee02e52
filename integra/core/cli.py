"""What every command and every report shares: the refusal both doors understand and finding a row by its code.

A report is a function `build(scope, **params)` that the CLI (`integra report <name>`) and the API
(`/api/v1/reports/<name>/`) both call (`integra.core.reports`). Bad input is a `Refused`: the CLI prints its
English text as any `CommandError`; the API answers its `code`, `field` and `status` in the API's error shape
and never shows the text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.management.base import CommandError
from django.db import models

M = TypeVar("M", bound=models.Model)


class Refused(CommandError):
    """Input a command or a report cannot work with. `code`, `field` and `status` are what the API answers
    (integra.api.errors); the message is the CLI's, in English, and may name the CLI's options."""

    def __init__(self, message: str, *, code: str = "report_failed", field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code = code
        self.field = field
        self.status = status


def find_by_code(rows: models.QuerySet[M], code: str, *, what: str, field: str | None = None) -> M:
    """The one row of `rows` (already narrowed to a centre, when one is given) with this code: a project, a club.
    Refused (404, `not_found`) when none has it; refused when several centres use it (the CLI's `--centre`)."""
    found = list(rows.filter(code=code)[:2])
    if not found:
        raise Refused(f"Unknown {what} code: {code}", code="not_found", field=field or what, status=404)
    if len(found) > 1:
        raise Refused(f"{what.capitalize()} code {code} exists in several centres; add --centre SLUG")
    return found[0]


def in_centre(rows: models.QuerySet[M], centre: Any) -> models.QuerySet[M]:
    """`rows` of one centre (an Institution) or, without one (the CLI run by an operator), of every centre."""
    return rows if centre is None else rows.filter(institution=centre)


def day(value: str | dt.date | None, flag: str) -> dt.date | None:
    """A date given as YYYY-MM-DD (or already a date); None when not given."""
    if not value or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Refused(f"{flag} takes a date YYYY-MM-DD, not {value!r}", code="invalid", field=flag.lstrip("-")) from exc
