"""Formatting the way Polish users expect: `385 365,31 zł`, `12.12.2011`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html

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


def _unbroken(text: str) -> str:
    """A figure that never wraps inside itself on a narrow screen (the `nowrap` class of integra.css)."""
    return format_html('<span class="nowrap">{}</span>', text) if text else text


@register.filter("money")
def money_filter(value) -> str:
    return _unbroken(format_money(value))


@register.filter("percent")
def percent_filter(value, places: int = 2) -> str:
    return _unbroken(format_percent(value, places))


register.filter("pldate", format_date)
