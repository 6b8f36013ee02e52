"""PESEL: the Polish national identification number (domain.md §10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_CENTURY_OFFSETS = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}
_CENTURY_BASES = {4: 1800, 0: 1900, 1: 2000, 2: 2100, 3: 2200}  # month // 20 -> century


class InvalidPesel(ValueError):
    """The value is not a valid PESEL; `reason` is one of: format, checksum, date."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PeselInfo:
    number: str
    birth_date: dt.date
    sex: str  # "F" or "M"


def check_digit(first_ten: str) -> int:
    return (10 - sum(int(d) * w for d, w in zip(first_ten, WEIGHTS, strict=True)) % 10) % 10


def parse(value: str) -> PeselInfo:
    number = (value or "").strip()
    if len(number) != 11 or not number.isdigit():
        raise InvalidPesel("format")
    if int(number[10]) != check_digit(number[:10]):
        raise InvalidPesel("checksum")
    # The date decoded directly (as python-stdnum's pesel.get_birth_date does): parse runs once per
    # row of a 100,000-row import, and stdnum's validate would clean and check the number again.
    month = int(number[2:4])
    try:
        birth = dt.date(int(number[:2]) + _CENTURY_BASES[month // 20], month % 20, int(number[4:6]))
    except ValueError as exc:
        raise InvalidPesel("date") from exc
    sex = "M" if int(number[9]) % 2 else "F"
    return PeselInfo(number=number, birth_date=birth, sex=sex)


def generate(birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a valid PESEL for a birth date, sex ("F"/"M") and a serial 0..4999."""
    year = birth_date.year
    offset = next(o for o, base in _CENTURY_OFFSETS.items() if base <= year < base + 100)
    month = birth_date.month + offset
    serial = serial % 5000
    block, rest = divmod(serial, 5)
    last = rest * 2 + (1 if sex == "M" else 0)
    body = f"{year % 100:02d}{month:02d}{birth_date.day:02d}{block:03d}{last}"
    return body + str(check_digit(body))
