"""Formatting the way Polish users expect: `385 365,31 zł`, `12.12.2011`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def format_money(value) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{frac} zł"


def format_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def format_percent(value, places: int = 2) -> str:
    if value is None:
        return ""
    return f"{Decimal(value):.{places}f}".replace(".", ",") + " %"


register.filter("money", format_money)
register.filter("pldate", format_date)
register.filter("percent", format_percent)
