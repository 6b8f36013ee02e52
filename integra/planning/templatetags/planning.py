"""Formatting of planning figures: shares as Polish percentages, ratios with a comma."""

from __future__ import annotations

from decimal import Decimal

from django import template

from integra.core.formats import format_percent

register = template.Library()


@register.filter
def share(value) -> str:
    """0.4532 → "45,3 %"; None → "—"."""
    if value is None or value == "":
        return "—"
    return format_percent(Decimal(f"{float(value) * 100:.1f}"), places=1)


@register.filter
def ratio(value) -> str:
    """1.9876 → "1,99"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.2f}".replace(".", ",")
