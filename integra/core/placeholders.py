"""Safe substitution of `{name}` placeholders in texts staff write (letters, messages to participants).

Only a bare `{name}` of an allowed placeholder is a placeholder: a format specification (`{imie:>999999999}`
would build a gigabyte), a conversion (`{imie!r}`), an attribute or an index (`{imie.__class__}`, `{imie[0]}`)
is refused, and `{{` / `}}` stand for literal braces. The text is checked when it is saved and again when it is
filled, so a text stored before a check was tightened cannot format anything either.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UNKNOWN_PLACEHOLDER = _("Unknown placeholder {%(name)s}. Allowed: %(allowed)s.")
BROKEN_TEMPLATE = _("The text has an unmatched brace; write placeholders as {imie}.")
FORMATTED_PLACEHOLDER = _(
    "%(field)s: write a placeholder as its bare name, e.g. {imie}; formatting, "
    "conversions, attributes and indexes are not allowed."
)


def parts(text: str, allowed: Iterable[str]) -> list[tuple[str, str | None]]:
    """The text's literal parts, each followed by the placeholder name after it (None after the last)."""
    names = tuple(allowed)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(BROKEN_TEMPLATE) from exc
    result: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (spec or conversion or not name.isidentifier()):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(FORMATTED_PLACEHOLDER, params={"field": shown[:60]})
        if name is not None and name not in names:
            raise ValidationError(
                UNKNOWN_PLACEHOLDER, params={"name": name, "allowed": ", ".join("{" + p + "}" for p in names)}
            )
        result.append((literal, name))
    return result


def check(text: str, allowed: Iterable[str]) -> None:
    """ValidationError unless every placeholder of the text is an allowed one, written as a bare `{name}`."""
    parts(text, allowed)


def fill(text: str, values: Mapping[str, str], allowed: Iterable[str] | None = None) -> str:
    """The text with each placeholder replaced by its value (re-checked against `allowed`, default the values)."""
    names = tuple(allowed) if allowed is not None else tuple(values)
    return "".join(literal + (str(values[name]) if name is not None else "") for literal, name in parts(text, names))
