"""The centre's calendar: today where the centre is, and date rules every door of a service shares.

A rule about dates lives once, in the service that writes the row; screens, the API and imports call the
service (or, for bulk paths that bypass it, these same functions) and never repeat the check themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

# Every centre Integra serves is in Poland; "today" is the date on the wall of the centre, not UTC's.
CENTRE_TIME_ZONE = ZoneInfo("Europe/Warsaw")


def centre_today() -> dt.date:
    """Today's date in the centre (Europe/Warsaw): at 00:30 on 1 May there it is already 1 May."""
    return timezone.localdate(timezone=CENTRE_TIME_ZONE)


def pl_date(day: dt.date) -> str:
    """A date as staff read it: dd.mm.rrrr."""
    return day.strftime("%d.%m.%Y")


def refuse_future(day: dt.date | None, *, message: Any, field: str | None = None, today: dt.date | None = None) -> None:
    """Refuse a date of something that has already happened (signed, paid, attended, left) when it lies after today.

    `message` is a module-level lazy message with the placeholder `%(today)s`; with `field` the error is attached
    to that form field. Code `future` lets the API and tests tell this refusal from others.
    """
    today = today or centre_today()
    if day is None or day <= today:
        return
    error = ValidationError(message, code="future", params={"today": pl_date(today), "date": pl_date(day)})
    raise ValidationError({field: error}) if field else error


def refuse_outside(
    day: dt.date | None, *, start: dt.date, end: dt.date, message: Any, field: str | None = None
) -> None:
    """Refuse a date outside a period (both ends included); `message` may use `%(start)s`, `%(end)s`, `%(date)s`."""
    if day is None or start <= day <= end:
        return
    error = ValidationError(
        message, code="outside_period", params={"start": pl_date(start), "end": pl_date(end), "date": pl_date(day)}
    )
    raise ValidationError({field: error}) if field else error


__all__ = ["CENTRE_TIME_ZONE", "centre_today", "pl_date", "refuse_future", "refuse_outside"]
