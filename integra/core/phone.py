"""Phone numbers: stored normalised in E.164 (`+48501234567`), shown grouped (`+48 501 234 567`).

Every door that takes a number (the participant form and API through `people.services`, the participant-sheet
import) normalises it here, so the SMS channel (integra.outreach) can trust what it reads. Polish numbers have
nine digits after +48 (typed as `501 234 567`, `0048 501-234-567`, `48501234567`…); a foreign number must be
typed with its country code (`+380 …`, `00380 …`) and has 8 to 15 digits in all (ITU-T E.164).
"""

from __future__ import annotations

import re

POLISH_PREFIX = "+48"
_SEPARATORS = re.compile(r"[\s\-./()]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
# Polish mobile numbers (the national numbering plan, UKE): 45, 50, 51, 53, 57, 60, 66, 69, 72, 73, 78, 79, 88;
# the other leading pairs are fixed lines (52 Bydgoszcz, 58 Gdańsk …) or service numbers (80x), which take no SMS.
_POLISH_MOBILE = re.compile(r"^\+48(45|50|51|53|57|60|66|69|72|73|78|79|88)\d{7}$")


class InvalidPhone(ValueError):
    """The text is not a phone number Integra can store."""


def normalise(text: str | None) -> str:
    """The number in E.164 (`+48501234567`), or "" for an empty value; InvalidPhone otherwise."""
    raw = (text or "").strip()
    if not raw:
        return ""
    compact = _SEPARATORS.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        number = compact
    elif compact.isdigit() and len(compact) == 9:
        number = POLISH_PREFIX + compact
    elif compact.isdigit() and len(compact) == 11 and compact.startswith("48"):
        number = "+" + compact
    else:
        raise InvalidPhone(raw)
    if not _E164.match(number):
        raise InvalidPhone(raw)
    if number.startswith(POLISH_PREFIX) and len(number) != len(POLISH_PREFIX) + 9:
        raise InvalidPhone(raw)
    return number


def is_normalised(text: str) -> bool:
    """Stored as `normalise` would store it (an empty value counts)."""
    try:
        return normalise(text) == text
    except InvalidPhone:
        return False


def is_polish_mobile(number: str) -> bool:
    """A normalised Polish mobile number (one an SMS can reach)."""
    return bool(_POLISH_MOBILE.match(number or ""))


def display(number: str | None) -> str:
    """A stored number as people write it: `+48 501 234 567`; anything else unchanged."""
    value = number or ""
    if value.startswith(POLISH_PREFIX) and len(value) == 12 and value[1:].isdigit():
        digits = value[3:]
        return f"{POLISH_PREFIX} {digits[:3]} {digits[3:6]} {digits[6:]}"
    return value
