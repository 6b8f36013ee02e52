"""Bad input: a participant saved with no sensitive answers shows as „brak danych”, never as „yes”."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from integra.people import services
from integra.people.tests.factories import valid_data
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import indicators_json

pytestmark = pytest.mark.django_db

SENSITIVE = ("disability", "foreign_background", "minority", "homeless", "other_disadvantage")


@pytest.fixture
def project(coordinator, social_worker):
    project = ProjectFactory(
        institution=coordinator.institution,
        code="FEPK-2024",
        programme_period="2021-2027",
        start_on=dt.date(2024, 1, 1),
        end_on=dt.date(2025, 12, 31),
    )
    data = valid_data()
    for name in SENSITIVE:
        data.pop(name)
    silent = services.create_participant(actor=social_worker.membership, data=data)
    answered = services.create_participant(
        actor=social_worker.membership,
        data=valid_data(
            pesel="",
            no_pesel=True,
            sex="M",
            birth_date=dt.date(1970, 1, 1),
            disability="yes",
            homeless="no",
            minority="refused",
        ),
    )
    for person in (silent, answered):
        ParticipationFactory(project=project, participant=person, start_on=dt.date(2024, 3, 1))
    return project


def test_no_answer_counts_in_the_total_never_in_a_sensitive_indicator(project):
    totals = {row["code"]: row["total"] for row in indicators_json(project)["indicators"]}
    assert totals["EECO11"] == 2
    assert (totals["EECO12"], totals["EECO14"], totals["EECO15"], totals["EECO16"]) == (1, 0, 0, 0)


def test_indicators_screen_shows_no_data_beside_each_sensitive_indicator(coordinator, project):
    html = coordinator.client.get(reverse("reports:project-indicators", args=[project.pk])).content.decode()
    assert '<th class="num">Brak danych</th>' in html

    def cells(code: str) -> list[str]:
        row = re.search(rf"<tr><td>{code}</td>(.*?)</tr>", html, re.S).group(1)
        return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]

    # name, total, women, men, non-binary, no data
    assert cells("EECO12")[1:] == ["1", "0", "1", "0", "1"]  # the man said yes; the silent woman is „no data”
    assert cells("EECO14")[1:] == ["0", "0", "0", "0", "1"]
    assert cells("EECO15")[1:] == ["0", "0", "0", "0", "1"]  # his „refused” is an answer, not missing data
    assert cells("EECO16")[1:] == ["0", "0", "0", "0", "1"]
    assert cells("EECO11")[1:] == ["2", "1", "1", "0", "—"]  # „no data” does not apply to the total: a dash
