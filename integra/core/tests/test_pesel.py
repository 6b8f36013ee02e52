import datetime as dt

import pytest

from integra.core import pesel


def test_valid_pesel_gives_birth_date_and_sex():
    info = pesel.parse("44051401359")
    assert info.birth_date == dt.date(1944, 5, 14)
    assert info.sex == "M"


def test_wrong_check_digit_is_refused():
    with pytest.raises(pesel.InvalidPesel) as exc:
        pesel.parse("44051401358")
    assert exc.value.reason == "checksum"


@pytest.mark.parametrize(
    "birth", [dt.date(1899, 12, 31), dt.date(1985, 2, 28), dt.date(2004, 2, 29), dt.date(2150, 7, 1)]
)
@pytest.mark.parametrize("sex", ["F", "M"])
def test_generated_pesel_round_trips(birth, sex):
    number = pesel.generate(birth, sex, 1234)
    info = pesel.parse(number)
    assert (info.birth_date, info.sex) == (birth, sex)


def test_generated_pesels_are_distinct_per_serial():
    numbers = {pesel.generate(dt.date(1990, 1, 1), "F", s) for s in range(5000)}
    assert len(numbers) == 5000
