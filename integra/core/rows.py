"""Helpers for table rows built in Python instead of a template per cell (long lists; docs/DEVELOPING.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_PK = 987654321


def url_maker(name: str) -> Callable[[int], str]:
    """The URL of the named route for a primary key, reversed once per page instead of once per row."""
    before, _sep, after = reverse(name, args=[_PK]).partition(str(_PK))
    return lambda pk: f"{before}{int(pk)}{after}"
