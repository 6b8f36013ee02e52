"""Issue 23: the regional view counts a year's support in that year, and no "<3" can be worked out from a total.

Oświęcim showed 201 people served in 2026 (and 2018) from a project that ended in 2013: participations left
without an exit counted in every later year. And where one cell of a line was "<3", the published total gave it
away (total − the figures shown). The attackers here know what any reader knows — each "<3" is 0–2, each "#"
is 3 or more, a line adds up to its total, a centre's women are among its people served — and try every value
of a line, or solve a whole table at once; no "<3" may be left with fewer than two possible values.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from integra.core.roles import Role
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.core.testing.xlsx import read_report
from integra.institutions.models import Institution
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.queries import centre_annual, protect_line, protect_table, regional_summary

SUPPRESSED, WITHHELD = "<3", "#"
CENTRE_KEYS = ("people_served", "women", "socially_useful_work", "social_contracts", "jobs")


LIMIT = 60  # the highest value a "#" is tried with (every test line adds up to less)


def recoverable(published: list, total) -> dict[int, set[int]]:
    """For each "<3" of a line, the values 0–2 it could have given everything published about the line.

    Every combination of the hidden cells is tried (a "<3" 0–2, a "#" 3 or more) against the total — a figure,
    or what its mark says ("<3": 0–2, "#": 3 or more); nothing of the implementation's reasoning is used.
    """
    hidden = [i for i, v in enumerate(published) if v in (SUPPRESSED, WITHHELD)]
    shown = sum(v for v in published if isinstance(v, int))
    totals = {total} if isinstance(total, int) else set(range(3) if total == SUPPRESSED else range(3, 4 * LIMIT))
    ranges = {j: range(3) if published[j] == SUPPRESSED else range(3, LIMIT) for j in hidden}
    out = {}
    for i in hidden:
        if published[i] != SUPPRESSED:
            continue
        sums = {0}
        for j in hidden:
            if j != i:
                sums = {s + v for s in sums for v in ranges[j]}
        out[i] = {v for v in range(3) if any(shown + v + s in totals for s in sums)}
    return out


def assert_nothing_recoverable(published: list, total, where: str) -> None:
    """No "<3" can be worked out: each keeps at least two possible values (docs/reports.md)."""
    for index, values in recoverable(published, total).items():
        assert len(values) >= 2, f"{where}: cell {index} of {published} (total {total}) must be {values}"


def assert_true_to_the_counts(published: list, total, cells: list[int], real_total: int) -> None:
    """Nothing is distorted: a shown figure is the count, "<3" is below 3, "#" is 3 or more."""
    for shown, real in zip([*published, total], [*cells, real_total], strict=True):
        assert shown == real or (shown == SUPPRESSED and real < 3) or (shown == WITHHELD and real >= 3)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6))
def test_no_line_gives_a_small_count_away(cells):
    published, total = protect_line(cells, sum(cells))
    assert_true_to_the_counts(published, total, cells, sum(cells))
    assert_nothing_recoverable(published, total, "line")


def lp_attack(table: list[list], totals: list, parts: dict[int, int]) -> dict[tuple[int, int], tuple[float, float]]:
    """The lowest and highest value a reader can prove for each "<3" of a table, by linear programming over
    everything the rule of docs/reports.md covers at once: every column adds up to its total, "<3" is 0–2, "#"
    3 or more, and within a row a part is at most its whole where one of the two is a published figure."""
    import numpy as np
    from scipy.optimize import linprog

    hidden = [(r, k) for r, row in enumerate(table) for k, v in enumerate(row) if not isinstance(v, int)]
    hidden += [("total", k) for k, t in enumerate(totals) if not isinstance(t, int)]
    index = {cell: i for i, cell in enumerate(hidden)}

    def value(cell):
        r, k = cell
        return totals[k] if r == "total" else table[r][k]

    bounds = [(0, 2) if value(c) == SUPPRESSED else (3, None) for c in hidden]
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for k in range(len(totals)):
        coefficients, rest = np.zeros(len(hidden)), 0.0
        for cell in [*((r, k) for r in range(len(table))), ("total", k)]:
            sign = -1 if cell[0] == "total" else 1
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                rest -= sign * value(cell)
        a_eq.append(coefficients)
        b_eq.append(rest)
    for r in range(len(table)):
        for part, whole in parts.items():
            if (r, part) in index and (r, whole) in index:
                continue  # both withheld: outside the rule (docs/reports.md)
            coefficients, rest = np.zeros(len(hidden)), 0.0
            for cell, sign in (((r, part), 1), ((r, whole), -1)):
                if cell in index:
                    coefficients[index[cell]] += sign
                else:
                    rest -= sign * value(cell)
            a_ub.append(coefficients)
            b_ub.append(rest)
    found = {}
    for cell in hidden:
        if value(cell) != SUPPRESSED:
            continue
        objective = np.zeros(len(hidden))
        objective[index[cell]] = 1
        ends = []
        for direction in (1, -1):
            result = linprog(
                direction * objective,
                A_ub=np.array(a_ub) if a_ub else None,
                b_ub=b_ub or None,
                A_eq=np.array(a_eq),
                b_eq=b_eq,
                bounds=bounds,
                method="highs",
            )
            assert result.status == 0, (table, totals, result.message)
            ends.append(direction * result.fun)
        found[cell] = (ends[0], ends[1])
    return found


@st.composite
def centre_tables(draw):
    """Centres' rows as the regional view counts them: women, socially useful work and contracts within the
    people served; jobs apart."""
    rows = []
    for _centre in range(draw(st.integers(min_value=1, max_value=5))):
        served = draw(st.integers(min_value=0, max_value=14))
        parts = [draw(st.integers(min_value=0, max_value=served)) for _p in range(3)]
        rows.append([served, *parts, draw(st.integers(min_value=0, max_value=9))])
    return rows


PARTS = {1: 0, 2: 0, 3: 0}


@settings(max_examples=60, deadline=None)
@given(centre_tables())
def test_no_centres_table_gives_a_small_count_away_to_a_reader_with_a_solver(rows):
    totals = [sum(column) for column in zip(*rows, strict=True)]
    published, shown = protect_table(rows, totals, PARTS)
    flat = itertools.chain.from_iterable
    for real, value in zip([*flat(rows), *totals], [*flat(published), *shown], strict=True):
        assert value == real or (value == SUPPRESSED and real < 3) or (value == WITHHELD and real >= 3)
    for (r, k), (low, high) in lp_attack(published, shown, PARTS).items():
        assert high - low >= 1 - 1e-6, f"cell {r},{k} of {published} / {shown} must be {low}"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([7, 6, 1], ([7, WITHHELD, SUPPRESSED], 14)),  # 14 − 7 − 6 = 1: the 6 goes, 1 is then 0–2
        ([25, 0, 0], ([WITHHELD, SUPPRESSED, SUPPRESSED], 25)),  # 25 − 25 = 0 would say both are 0
        ([3, 3, 0], ([3, 3, SUPPRESSED], WITHHELD)),  # no one figure is enough: the total goes instead
        ([3, 0, 4], ([3, SUPPRESSED, WITHHELD], 7)),  # 7 − 3 − „#” leaves 0 or 1
        ([12, 9, 1, 1], ([12, 9, SUPPRESSED, SUPPRESSED], 23)),  # two „<3” adding up to 2 hide each other
        ([3, 1, 0], ([3, SUPPRESSED, SUPPRESSED], 4)),  # 1 = 0 + 1 or 1 + 0
        ([2, 0, 1], ([SUPPRESSED, SUPPRESSED, SUPPRESSED], 3)),
        ([1, 0, 1], ([SUPPRESSED, SUPPRESSED, SUPPRESSED], SUPPRESSED)),
        ([5, 4, 3], ([5, 4, 3], 12)),
    ],
)
def test_secondary_suppression_withholds_as_little_as_it_can(cells, expected):
    published, total = protect_line(cells, sum(cells))
    assert (published, total) == expected


# ---------------------------------------------------------------- the regional view


def _people(project, sexes: str, start: dt.date, end: dt.date | None = None) -> None:
    for sex in sexes:
        person = ParticipantFactory(institution=project.institution, sex=sex)
        ParticipationFactory(project=project, participant=person, start_on=start, end_on=end)


@pytest.fixture
def region(db):
    region = InstitutionFactory(slug="nadzor", name="Nadzór regionalny", kind=Institution.Kind.REGIONAL)
    names = ("MOPS Leżajsk", "MOPS Oświęcim", "MOPS Skarżysko-Kamienna")
    centres = [InstitutionFactory(slug=f"c{i}", name=name, supervisor=region) for i, name in enumerate(names)]
    lezajsk, oswiecim, skarzysko = centres
    new = {"programme_period": "2021-2027", "start_on": dt.date(2026, 1, 1), "end_on": dt.date(2027, 12, 31)}
    _people(ProjectFactory(institution=lezajsk, code="FEPK-1", **new), "FFFMMMMM", dt.date(2026, 2, 1))
    _people(ProjectFactory(institution=skarzysko, code="FESW-1", **new), "FFFFMX", dt.date(2026, 3, 1))
    # Oświęcim's club project of 2013: its people were never given an exit.
    old = ProjectFactory(
        institution=oswiecim,
        code="KIS-OSW-2013",
        programme_period="2007-2013",
        start_on=dt.date(2013, 1, 2),
        end_on=dt.date(2013, 12, 31),
    )
    _people(old, "FFFFFMMMM", dt.date(2013, 2, 1))
    _people(old, "FM", dt.date(2013, 2, 1), end=dt.date(2013, 6, 30))
    return region


@pytest.fixture
def supervisor(region):
    user = UserFactory(username="nadzor.test")
    MembershipFactory(user=user, institution=region, role=Role.REGIONAL_SUPERVISOR)
    client = Client()
    verified_login(client, user)
    return client


@pytest.mark.django_db
def test_support_counts_in_the_years_it_ran_and_never_after_its_project(region):
    oswiecim = Institution.objects.get(name="MOPS Oświęcim")
    assert centre_annual(oswiecim.pk, 2013)["people_served"] == {"total": 11, "women": 6}
    for year in (2014, 2018, 2026):
        assert centre_annual(oswiecim.pk, year)["people_served"] == {"total": 0, "women": 0}, year
    by_centre = {row["centre"]: row for row in regional_summary(region, 2026)["centres"]}
    assert by_centre["MOPS Oświęcim"]["people_served"] == SUPPRESSED  # 0, not 11


@pytest.mark.django_db
def test_the_regional_files_for_a_later_year_leave_the_ended_project_out(supervisor):
    sheet = read_report(supervisor.get(reverse("reports:regional"), {"year": 2018, "format": "xlsx"}).content)
    assert sheet.about["Rok sprawozdawczy"] == "2018"
    served = dict(zip(sheet.table.column("Ośrodek"), sheet.table.column("Osoby objęte wsparciem"), strict=True))
    assert served["MOPS Oświęcim"] == SUPPRESSED and served["Razem"] == SUPPRESSED


@pytest.mark.django_db
def test_no_small_count_of_the_regional_view_can_be_worked_out_from_its_totals(region):
    data = regional_summary(region, 2026)
    for key in CENTRE_KEYS:
        column = [row[key] for row in data["centres"]]
        assert_nothing_recoverable(column, data["totals"][key], f"centres.{key}")
    tables = [("indicators", data["indicators"])]
    tables += [(p["programme_period"], p["indicators"]) for p in data["indicators_by_period"]]
    for _name, rows in tables:
        for row in rows:
            assert_nothing_recoverable([row["women"], row["men"], row["non_binary"]], row["total"], row["code"])
    # Oświęcim served nobody in 2026: its „<3” must not be 0 = 14 − 8 − 6 for whoever can subtract.
    by_centre = {row["centre"]: row for row in data["centres"]}
    assert by_centre["MOPS Oświęcim"]["people_served"] == SUPPRESSED
    # 14 − 8 would leave Oświęcim 0 beside Skarżysko's 6: Skarżysko's figure is withheld instead.
    assert [r["people_served"] for r in data["centres"]] == [8, SUPPRESSED, WITHHELD]
    assert data["totals"]["people_served"] == 14
    everyone = next(r for r in data["indicators"] if r["code"] == "EECO11")
    assert (everyone["total"], everyone["non_binary"]) == (14, SUPPRESSED)
    assert WITHHELD in (everyone["women"], everyone["men"])  # 14 − 7 − 6 would give the one non-binary person away


@pytest.mark.django_db
def test_the_screen_pdf_xlsx_and_cli_publish_the_same_protected_figures(supervisor, region):
    data = regional_summary(region, 2026)
    url = reverse("reports:regional")
    page = supervisor.get(url, {"year": 2026}).content.decode()
    assert "„#”: liczba 3 lub większa ukryta" in page
    sheet = read_report(supervisor.get(url, {"year": 2026, "format": "xlsx"}).content)
    expected = [
        (r["centre"], *(r[k] for k in CENTRE_KEYS)) for r in [*data["centres"], {"centre": "Razem", **data["totals"]}]
    ]
    assert sheet.table.rows == expected
    eeco = sheet.tables[next(t for t in sheet.tables if "2021–2027" in t)]
    assert [r[0] for r in eeco.rows][:2] == ["EECO01", "EECO02"]
    assert {r[0]: r[2:] for r in eeco.rows}["EECO11"] == tuple(
        next((r["total"], r["women"], r["men"], r["non_binary"]) for r in data["indicators"] if r["code"] == "EECO11")
    )
    out = io.StringIO()
    call_command("report", "regional", "--region", "nadzor", "--year", "2026", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(data))
