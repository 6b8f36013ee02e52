"""Figures in Polish form wherever they are shown or printed (issue 23, point 5): „13 700”, „1 234,56 zł” and a
share above 999 % with its thousands apart („1 234,50 %”, not „1234,50 %”), as the screens' walk expects
(integra/core/testing/polish.py, the crawl's Polish-words walk)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.core.formats import format_money, format_percent
from integra.core.templatetags.integra import format_cell
from integra.core.testing.polish import problems


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("89.5"), 2, "89,50 %"),
        (Decimal("999.99"), 2, "999,99 %"),
        (Decimal("1234.5"), 2, "1 234,50 %"),
        (Decimal("107.06"), 2, "107,06 %"),
        (Decimal("-1653.004"), 2, "-1 653,00 %"),
        (Decimal("13700"), 0, "13 700 %"),
        (Decimal("2345.67"), 1, "2 345,7 %"),
        (0, 2, "0,00 %"),
    ],
)
def test_a_share_is_written_as_polish_typesetting_writes_it(value, places, shown):
    assert format_percent(value, places) == shown
    assert list(problems(f"wykonanie {shown}")) == []


def test_amounts_and_counts_keep_their_form():
    assert format_money(Decimal("-1653")) == "-1 653,00 zł"
    assert format_money(Decimal("385365.305")) == "385 365,31 zł"
    assert format_cell(13700) == "13 700" and format_cell(1234) == "1234"
    assert format_percent(None) == ""


def test_planning_shares_above_999_percent_are_grouped_too():
    from integra.planning.documents import _rate
    from integra.planning.templatetags.planning import share

    assert share(Decimal("12.345")) == "1 234,5 %" and share(0.4532) == "45,3 %" and share(None) == "—"
    assert _rate(12.345) == "1 234,5 %" and _rate(None) == "—"


def test_the_walk_finds_a_share_without_grouping():
    assert "amount without grouping '1234,50'" in list(problems("wykonanie 1234,50 %"))


def test_the_walk_finds_djangos_blank_choice():
    assert "a choice or value shown as dashes '---------'" in list(problems("Pracownik --------- Anna Nowak"))
    assert list(problems("Pracownik — brak — Anna Nowak; 2021–2027")) == []
