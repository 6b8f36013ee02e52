"""The regional summary reports each programming period's indicators apart, never summed across periods."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from integra.core.roles import Role
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.models import Institution
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import INDICATORS_2014_2020, INDICATORS_2021_2027
from integra.reports.queries import _regional_indicators_by_period, regional_summary, supervised_centres

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2021


def project_with(institution, code: str, period: str, start: dt.date, end: dt.date, people: list[tuple[str, str]]):
    """A project of `period` with one participation per (sex, labour status)."""
    project = ProjectFactory(institution=institution, code=code, programme_period=period, start_on=start, end_on=end)
    for sex, status in people:
        person = ParticipantFactory(institution=institution, sex=sex, labour_status=status)
        ParticipationFactory(project=project, participant=person, start_on=max(start, D(YEAR, 1, 1)))
    return project


@pytest.fixture
def region(centre_a, centre_b):
    region = InstitutionFactory(slug="wojewoda", name="Urząd Wojewódzki", kind=Institution.Kind.REGIONAL)
    centre_c = InstitutionFactory(slug="centre-c", name="MOPS Skarżysko-Kamienna", supervisor=region)
    centre_a.supervisor = region
    centre_a.save()
    unemployed, inactive = "registered_unemployed", "inactive"
    # 2014–2020 at centre A (2019–2021): four unemployed people, three of them women.
    project_with(
        centre_a,
        "RPSW-2014",
        "2014-2020",
        D(2019, 1, 1),
        D(2021, 12, 31),
        [("F", unemployed), ("F", unemployed), ("F", unemployed), ("M", unemployed)],
    )
    # 2021–2027 at centres A and C: six inactive people in all, one period summed across centres.
    project_with(centre_a, "FEPK-A", "2021-2027", D(2021, 3, 1), D(2023, 6, 30), [("F", inactive)])
    project_with(
        centre_c,
        "FEPK-C",
        "2021-2027",
        D(2021, 1, 1),
        D(2022, 12, 31),
        [("F", inactive), ("F", inactive), ("M", inactive), ("M", inactive), ("M", inactive)],
    )
    # Not counted in 2021: a 2007–2013 project that ended long before; any project of centre B (not supervised).
    project_with(centre_a, "POKL-2008", "2007-2013", D(2008, 1, 1), D(2013, 12, 31), [("F", unemployed)] * 3)
    project_with(centre_b, "RPSW-B", "2014-2020", D(2019, 1, 1), D(2021, 12, 31), [("M", unemployed)] * 5)
    return region


def by_code(rows) -> dict[str, tuple]:
    return {r["code"]: (r["total"], r["women"], r["men"], r["non_binary"]) for r in rows}


def test_each_period_reports_in_its_own_set_and_is_never_summed_with_another(region):
    data = regional_summary(region, YEAR)
    periods = [p["programme_period"] for p in data["indicators_by_period"]]
    assert periods == ["2014-2020", "2021-2027"]
    older, current = (by_code(p["indicators"]) for p in data["indicators_by_period"])
    assert list(older) == [i.code for i in INDICATORS_2014_2020]
    assert list(current) == [i.code for i in INDICATORS_2021_2027]
    # Counted before suppression — 2014–2020: only its own four people (the five of unsupervised centre B are not
    # there); 2021–2027: six people of two centres, nobody of the 2014–2020 project.
    centres = [c.pk for c in supervised_centres(region)]
    raw_older, raw_current = (
        by_code(p["indicators"]) for p in _regional_indicators_by_period(centres, D(YEAR, 1, 1), D(YEAR, 12, 31))
    )
    assert (raw_older["TOTAL"], raw_older["CO01"], raw_older["CO03"]) == ((4, 3, 1, 0), (4, 3, 1, 0), (0, 0, 0, 0))
    assert (raw_current["EECO11"], raw_current["EECO03"], raw_current["EECO01"]) == (
        (6, 3, 3, 0),
        (6, 3, 3, 0),
        (0, 0, 0, 0),
    )
    # Published: 4 = 3 women + „<3” + „<3” leaves either „<3” 0 or 1; 6 = 3 + 3 + „<3” would tell that nobody is
    # non-binary, so that total is withheld („#”, docs/reports.md).
    assert (older["TOTAL"], older["CO01"], older["CO03"]) == ((4, 3, "<3", "<3"), (4, 3, "<3", "<3"), ("<3",) * 4)
    assert (current["EECO11"], current["EECO03"], current["EECO01"]) == (("#", 3, 3, "<3"),) * 2 + (("<3",) * 4,)


def test_the_indicators_key_keeps_the_2021_2027_set(region):
    data = regional_summary(region, YEAR)
    assert data["indicators"] == data["indicators_by_period"][1]["indicators"]
    assert [r["code"] for r in data["indicators"]] == [i.code for i in INDICATORS_2021_2027]


def test_a_year_with_only_older_projects_still_gives_the_2021_2027_key(region):
    data = regional_summary(region, 2019)
    assert [p["programme_period"] for p in data["indicators_by_period"]] == ["2014-2020"]
    assert by_code(data["indicators_by_period"][0]["indicators"])["TOTAL"] == (4, 3, "<3", "<3")
    assert [r["total"] for r in data["indicators"]] == ["<3"] * len(INDICATORS_2021_2027)


def test_cli_prints_the_periods(region):
    out = io.StringIO()
    call_command("report", "regional", "--region", "wojewoda", "--year", str(YEAR), stdout=out)
    data = json.loads(out.getvalue())
    assert [p["programme_period"] for p in data["indicators_by_period"]] == ["2014-2020", "2021-2027"]


@pytest.fixture
def supervisor(region):
    user = UserFactory(username="nadzor")
    MembershipFactory(user=user, institution=region, role=Role.REGIONAL_SUPERVISOR)
    client = Client()
    verified_login(client, user)
    return client


def test_screen_and_pdf_show_one_table_per_period(supervisor):
    page = supervisor.get(reverse("reports:regional"), {"year": YEAR}).content.decode()
    older = page.split('id="indicators-2014-2020"', 1)[1].split("</table>", 1)[0]
    current = page.split('id="indicators-2021-2027"', 1)[1].split("</table>", 1)[0]
    assert "<td>CO01</td><td>osoby bezrobotne" in older and "EECO" not in older
    assert "<td>EECO03</td>" in current and "<td>CO" not in current
    assert "Wspólne wskaźniki UE, okres programowania 2014–2020" in page
    assert "nigdy się nie sumuje" in page
    pdf = b"".join(supervisor.get(reverse("reports:regional"), {"year": YEAR, "format": "pdf"}).streaming_content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "okres programowania 2014–2020" in text and "okres programowania 2021–2027" in text
    assert "CO01" in text and "EECO11" in text
