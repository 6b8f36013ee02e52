"""Phone numbers: every spelling staff type becomes one stored form; what cannot be a number is refused."""

from __future__ import annotations

import pytest

from integra.core import phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("501 234 567", "+48501234567"),
        ("501-234-567", "+48501234567"),
        ("+48 501 234 567", "+48501234567"),
        ("0048 501 234 567", "+48501234567"),
        ("48501234567", "+48501234567"),
        ("(22) 123 45 67", "+48221234567"),
        ("+380 67 123 4567", "+380671234567"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_spellings_become_one_stored_form(typed, stored):
    assert phone.normalise(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "501 234 56", "+48 501 234 5678", "tel. 501234567", "+0 123 456 789", "x"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(phone.InvalidPhone):
        phone.normalise(typed)


def test_mobile_numbers_are_told_from_fixed_lines():
    assert phone.is_polish_mobile("+48501234567")
    assert phone.is_polish_mobile("+48880123456")
    assert not phone.is_polish_mobile("+48221234567")  # Warszawa, a fixed line
    assert not phone.is_polish_mobile("+48521234567")  # Bydgoszcz, a fixed line
    assert not phone.is_polish_mobile("501 234 567")  # not stored form


def test_display_groups_polish_numbers():
    assert phone.display("+48501234567") == "+48 501 234 567"
    assert phone.display("+380671234567") == "+380671234567"
    assert phone.display("zadzwonić do córki") == "zadzwonić do córki"
