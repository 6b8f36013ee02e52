"""The day beside a date on the start page: „dziś”, „jutro”, „wczoraj”, or the weekday within a week."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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


# Kept on one line: a code or document number (no spaces, a digit, a hyphen or slash a line could break at:
# FEPK.07.15-IP.01-0042/25, KS/LEZ/002/2026) and an amount or percentage in Polish form (1 638,00 zł, 93,00 %).
_UNBROKEN = re.compile(r"(?<!\S)(?=\S*\d)(?=\S*[-/])\S+|(?<![\d,])-?\d{1,3}(?: \d{3})*,\d{2} (?:zł|%)")


@register.filter
def keep_codes(value: object) -> str:
    """The text with each code, amount and percentage kept on one line (they never wrap inside themselves)."""
    escaped = conditional_escape(str(value))  # whole tokens of the escaped text are wrapped: nothing unescaped
    return mark_safe(_UNBROKEN.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))  # noqa: S308
