"""Issue 23: a report's PDF and XLSX carry every column and table of its screen and say what they are.

The EU indicators PDF and XLSX dropped the „Brak danych” column the screen shows, so a project whose people
never answered the special-category questions printed 0 with nothing beside it; the XLSX said neither the
project, nor the period, nor when it was made. The summaries' XLSX held only the figures (no courses, events,
groups, workshops, activities, grant settlement or projects), the regional XLSX no indicators, the drill-down
XLSX no indicator. Each file is opened here (pypdf, openpyxl) and read as its reader would.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from integra.core.testing.xlsx import read_report
from integra.people.models import EligibilityGroup
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.tests.summary_world import build_summary_world

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 29, 1, 5, tzinfo=dt.UTC)  # 03:05 in Warsaw, the first hour of summer time
GENERATED = "29.03.2026 03:05"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def silent_project(coordinator):
    """Four people who never answered the special-category questions (all „brak danych”)."""
    project = ProjectFactory(
        institution=coordinator.institution,
        code="FEPK.07.15-IP.01-0042/25",
        title="Aktywni razem",
        programme_period="2021-2027",
        start_on=dt.date(2025, 1, 1),
        end_on=dt.date(2026, 12, 31),
    )
    for sex in ("F", "F", "F", "M"):
        person = ParticipantFactory(
            institution=coordinator.institution,
            sex=sex,
            disability="",
            foreign_background="",
            minority="",
            homeless="",
            other_disadvantage="",
        )
        ParticipationFactory(project=project, participant=person, start_on=dt.date(2025, 2, 1))
    return project


def test_indicators_xlsx_has_the_no_data_column_and_says_what_it_is(coordinator, silent_project):
    url = reverse("reports:project-indicators", args=[silent_project.pk])
    with time_machine.travel(NOW, tick=False):
        sheet = read_report(_content(coordinator.client.get(url, {"format": "xlsx"})))
    assert sheet.title == "Wspólne wskaźniki UE"
    assert sheet.about["Projekt"] == "FEPK.07.15-IP.01-0042/25 — Aktywni razem"
    assert sheet.about["Okres programowania"].startswith("2021–2027: Wspólne wskaźniki dotyczące uczestników")
    assert sheet.about["Okres realizacji projektu"] == "01.01.2025 – 31.12.2026"
    assert sheet.about["Uczestnicy"] == "4"
    assert sheet.about["Wygenerowano"] == GENERATED
    assert sheet.table.header[-1] == "Brak danych"
    rows = {r[0]: r for r in sheet.table.rows}
    for code in ("EECO12", "EECO14", "EECO15", "EECO16"):
        assert rows[code][2:7] == (0, 0, 0, 0, 4), code  # nobody counted, all four unknown
    assert rows["EECO11"][2:] == (4, 3, 1, 0)  # no „no data” beside a count that asks nothing sensitive


def test_indicators_pdf_prints_the_unknown_beside_each_special_category_indicator(coordinator, silent_project):
    url = reverse("reports:project-indicators", args=[silent_project.pk])
    with time_machine.travel(NOW, tick=False):
        text = pdf_text(_content(coordinator.client.get(url, {"format": "pdf"})))
    assert "Brak danych" in text
    for code in ("EECO12", "EECO14", "EECO15", "EECO16"):
        assert re.search(rf"{code}\s.*?\s0\s0\s0\s0\s4\b", text, re.S), code
    assert "FEPK.07.15-IP.01-0042/25 — Aktywni razem" in text
    assert "Okres programowania: 2021–2027" in text and "01.01.2025 – 31.12.2026" in text
    assert f"Wygenerowano w systemie Integra {GENERATED}" in text


def test_the_screen_shows_the_same_no_data_as_the_files(coordinator, silent_project):
    page = coordinator.client.get(reverse("reports:project-indicators", args=[silent_project.pk])).content.decode()
    row = re.search(r"<td>EECO12</td>(.*?)</tr>", page, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][-1] == "4"


def test_project_summary_xlsx_carries_the_screens_tables(coordinator):
    world = build_summary_world(coordinator.institution)
    url = reverse("reports:project-summary", args=[world.project.pk])
    page = coordinator.client.get(url).content.decode()
    with time_machine.travel(NOW, tick=False):
        sheet = read_report(_content(coordinator.client.get(url, {"format": "xlsx"})))
        text = pdf_text(_content(coordinator.client.get(url, {"format": "pdf"})))
    assert sheet.title == "Podsumowanie projektu" and sheet.about["Wygenerowano"] == GENERATED
    assert sheet.about["Projekt"] == "SUM-1 — Nowe Szanse w MOPS"
    assert sheet.about["Okres realizacji projektu"] == "01.01.2014 – 31.12.2014"
    courses = sheet.tables["Ukończone kursy zawodowe"]
    assert courses.header == ("Kurs", "Osoby") and courses.rows[0][0] == "Kucharz małej gastronomii"
    assert "Kucharz małej gastronomii" in page
    events = sheet.tables["Wydarzenia"]
    assert events.header == ("Data", "Rodzaj", "Tytuł")
    assert any(title == "Konferencja podsumowująca" for _d, _k, title in events.rows)
    assert "Okres programowania: 2021–2027" in text and f"Wygenerowano w systemie Integra {GENERATED}" in text


def test_club_annual_xlsx_and_pdf_carry_groups_workshops_activities_and_the_grant(coordinator):
    world = build_summary_world(coordinator.institution)
    url = reverse("reports:club-annual", args=[world.club.pk])
    page = coordinator.client.get(url, {"year": 2014}).content.decode()
    with time_machine.travel(NOW, tick=False):
        sheet = read_report(_content(coordinator.client.get(url, {"year": 2014, "format": "xlsx"})))
        text = pdf_text(_content(coordinator.client.get(url, {"year": 2014, "format": "pdf"})))
    assert sheet.about["Klub"] == "Klub Integracji Społecznej „Razem” (KIS-TEST)"
    assert sheet.about["Rok sprawozdawczy"] == "2014" and sheet.about["Wygenerowano"] == GENERATED
    groups = sheet.tables["Uczestnicy według grup uprawnionych"]
    assert groups.header == ("Grupa", "Osoby", "Kobiety", "Efekty społeczne", "Efekty zawodowe")
    assert [g[0] for g in groups.rows] == [str(label) for _value, label in EligibilityGroup.choices]
    for title in ("Warsztaty", "Zajęcia"):
        assert title in sheet.tables and f"<h2>{title}</h2>" in page
    activities = sheet.tables["Zajęcia"]
    assert activities.header == ("Tytuł", "Rodzaj", "Początek", "Koniec", "Osoby")
    assert all(not re.fullmatch(r"[a-z]+(_[a-z]+)+", kind) for kind in activities.column("Rodzaj"))
    grant = sheet.tables["Rozliczenie dotacji"]
    assert grant.header == ("Projekt", "Budżet planowany", "Wydatki w roku", "Wydano: UE", "Wydano: wkład własny")
    assert grant.rows == [("SUM-1 — Nowe Szanse w MOPS", 0, 0, 0, 0)]
    assert "<h2>Rozliczenie dotacji</h2>" in page
    assert "Zajęcia" in text and f"Wygenerowano w systemie Integra {GENERATED}" in text


def test_centre_annual_xlsx_carries_the_projects_table(coordinator):
    build_summary_world(coordinator.institution)
    url = reverse("reports:centre-annual")
    with time_machine.travel(NOW, tick=False):
        sheet = read_report(_content(coordinator.client.get(url, {"year": 2014, "format": "xlsx"})))
    assert sheet.about == {"Ośrodek": "MOPS Leżajsk", "Rok sprawozdawczy": "2014", "Wygenerowano": GENERATED}
    assert sheet.tables["Projekty"].rows == [("SUM-1", "Nowe Szanse w MOPS", 4)]


def test_drill_down_xlsx_names_the_indicator_and_the_project(coordinator, silent_project):
    url = reverse("reports:indicator-people", args=[silent_project.pk])
    sheet = read_report(_content(coordinator.client.get(url, {"code": "EECO11", "sex": "women", "format": "xlsx"})))
    assert sheet.title == "Osoby policzone we wskaźniku UE"
    assert sheet.about["Wskaźnik"] == "EECO11 — liczba uczestników ogółem"
    assert sheet.about["Płeć"] == "Kobiety"
    assert sheet.about["Projekt"] == "FEPK.07.15-IP.01-0042/25 — Aktywni razem"
    assert len(sheet.table.rows) == 3
