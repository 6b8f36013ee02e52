"""The day beside a date on the start page: „dziś”, „jutro”, „wczoraj”, or the weekday within a week."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import pgettext

register = template.Library()


def day_hint(value: dt.date | None, today: dt.date | None = None) -> str:
    """„dziś”, „jutro”, „wczoraj”; the weekday for other days within a week either side; nothing further away."""
    if not isinstance(value, dt.date):
        return ""
    today = today or timezone.localdate()
    offset = (value - today).days
    if offset == 0:
        return pgettext("beside a date", "today")
    if offset == 1:
        return pgettext("beside a date", "tomorrow")
    if offset == -1:
        return pgettext("beside a date", "yesterday")
    if abs(offset) < 7:
        return str(WEEKDAYS[value.weekday()]).lower()
    return ""


register.filter("day_hint", day_hint)
