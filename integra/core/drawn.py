"""Markup drawn once per process and kept: the site menu, the page chrome ({% once %}) and blank DrawnOnce forms.

Each keeps its own `Drawn` store, keyed by everything its markup depends on (the language among them); a store
empties itself when it reaches its bound, and every store empties when a setting changes (a test that changes
static files or languages gets markup drawn under it)."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe

_STORES: list[Drawn] = []


class Drawn:
    def __init__(self, bound: int) -> None:
        self.bound = bound
        self._markup: dict[Hashable, SafeString] = {}
        _STORES.append(self)

    def get(self, key: Hashable, draw: Callable[[], str]) -> SafeString:
        """The markup kept under `key`, or `draw()` kept under it now."""
        markup = self._markup.get(key)
        if markup is None:
            markup = mark_safe(draw())  # noqa: S308 - templates' own output, escaped as it was drawn
            if len(self._markup) >= self.bound:
                self._markup.clear()
            self._markup[key] = markup
        return markup

    def clear(self) -> None:
        self._markup.clear()

    def __len__(self) -> int:
        return len(self._markup)


@receiver(setting_changed)
def _forget_all(**kwargs: object) -> None:
    for store in _STORES:
        store.clear()
