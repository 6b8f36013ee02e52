"""Polish collation (Ł after L, Ś after S) on SQLite and PostgreSQL under one name: "pl".

PostgreSQL gets an ICU collation from migration core.0002; SQLite gets the same name
registered on each new connection, with the Python key below.
"""

from __future__ import annotations

from django.db.models.expressions import Expression
from django.db.models.functions import Collate

COLLATION = "pl"
_ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


def polish_key(text: str) -> tuple:
    """Sort key: letters by the Polish alphabet, case-insensitive, then the original text."""
    lowered = (text or "").lower()
    return tuple((_RANK.get(ch, 100 + ord(ch))) for ch in lowered), text or ""


def _compare(a: str, b: str) -> int:
    ka, kb = polish_key(a), polish_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def polish(field: str | Expression) -> Collate:
    """An ORDER BY expression sorting by a text column in Polish order."""
    return Collate(field, COLLATION)
