import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from integra.core.models import AccessLogEntry
from integra.reports import documents, queries
from integra.reports.indicators import indicators_json
from integra.reports.tests.edge_project import EXPECTED, build_edge_project
from integra.reports.tests.summary_world import build_summary_world

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def test_project_summary_pdf_has_polish_text_and_charts(coordinator):
    world = build_summary_world(coordinator.institution)
    response = coordinator.client.get(reverse("reports:project-summary", args=[world.project.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Podsumowanie projektu" in text
    assert "Nowe Szanse w MOPS" in text
    assert "Kucharz małej gastronomii" in text
    assert "Konferencja podsumowująca" in text
    assert "Rodziny" in text and "Uczestnicy w czasie" in text


def test_project_summary_xlsx_holds_the_json_numbers(coordinator):
    world = build_summary_world(coordinator.institution)
    data = queries.project_summary(world.project)
    response = coordinator.client.get(reverse("reports:project-summary", args=[world.project.pk]), {"format": "xlsx"})
    rows = {row[1]: row[2] for row in xlsx_rows(response.content)[1:]}
    assert rows["participants.total"] == data["participants"]["total"] == 4
    assert rows["socially_useful_work.units"] == data["socially_useful_work"]["units"] == 2
    assert rows["jobs.employment_contract"] == data["jobs"]["employment_contract"] == 2
    assert {key for _label, key, _v in documents.figures(data)} == set(rows)


def test_club_annual_cli_pdf_and_xlsx_agree_with_json(centre_a, tmp_path):
    build_summary_world(centre_a)
    out = io.StringIO()
    call_command("report", "club-annual", "--club", "KIS-TEST", "--year", "2014", stdout=out)
    data = json.loads(out.getvalue())
    assert data["people_served"] == {"total": 5, "women": 4}
    xlsx, pdf = tmp_path / "k.xlsx", tmp_path / "k.pdf"
    call_command("report", "club-annual", "--club", "KIS-TEST", "--year", "2014", "--format", "xlsx",
                 "--out", str(xlsx), stdout=io.StringIO())
    call_command("report", "club-annual", "--club", "KIS-TEST", "--year", "2014", "--format", "pdf",
                 "--out", str(pdf), stdout=io.StringIO())
    rows = {row[1]: row[2] for row in xlsx_rows(xlsx.read_bytes())[1:]}
    assert rows["people_served.total"] == 5 and rows["social_contracts.people"] == 3
    assert rows["socially_useful_work.hours"] == data["socially_useful_work"]["hours"] == "160.00"
    text = pdf_text(pdf.read_bytes())
    assert "Sprawozdanie roczne klubu integracji społecznej" in text
    assert "Zapraszam NIE do mojego życia" in text
    assert "Osoby długotrwale bezrobotne" in text or "długotrwale bezrobotn" in text


def test_indicators_xlsx_and_pdf_match_the_json(coordinator):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:project-indicators", args=[world.project.pk])
    rows = xlsx_rows(coordinator.client.get(url, {"format": "xlsx"}).content)
    assert rows[0] == ("Kod", "Wskaźnik", "Ogółem", "Kobiety", "Mężczyźni", "Osoby niebinarne")
    assert {r[0]: tuple(r[2:]) for r in rows[1:]} == EXPECTED
    text = pdf_text(b"".join(coordinator.client.get(url, {"format": "pdf"}).streaming_content))
    assert "Wspólne wskaźniki UE" in text and "EECR06" in text
    assert indicators_json(world.project)["participants"] == 8


def test_drill_down_download_is_logged(coordinator):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:indicator-people", args=[world.project.pk])
    response = coordinator.client.get(url, {"code": "EECO06", "format": "xlsx"})
    rows = xlsx_rows(b"".join(response.streaming_content))
    assert sorted(r[1] for r in rows[1:]) == ["Bartek", "Celina"]
    entry = AccessLogEntry.objects.get()
    assert entry.kind == "export" and entry.what == "indicator-people-EECO06.xlsx"
    assert entry.user == coordinator.user and entry.institution_id == coordinator.institution.pk


def test_drill_down_screen_lists_names_and_sensitive_one_is_refused_to_the_accountant(coordinator, accountant):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:indicator-people", args=[world.project.pk])
    page = coordinator.client.get(url, {"code": "EECO12"}).content.decode()
    assert "TestEwa" in page and "TestFeliks" not in page
    assert accountant.client.get(url, {"code": "EECO12"}).status_code == 403
    assert accountant.client.get(url, {"code": "EECO01"}).status_code == 200
    indicators = accountant.client.get(reverse("reports:project-indicators", args=[world.project.pk])).content.decode()
    assert "code=EECO12" not in indicators and "code=EECO01" in indicators


def test_unknown_code_is_not_found(coordinator):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:indicator-people", args=[world.project.pk])
    assert coordinator.client.get(url, {"code": "XX99"}).status_code == 404


def test_bad_year_gets_a_polish_message(coordinator):
    page = coordinator.client.get(reverse("reports:centre-annual"), {"year": "abc"}).content.decode()
    assert "Podaj rok od 2000 do 2100." in page


def test_screens_show_polish_headings(coordinator):
    world = build_summary_world(coordinator.institution)
    page = coordinator.client.get(reverse("reports:project-effectiveness", args=[world.project.pk])).content.decode()
    assert "Efektywność zatrudnieniowa" in page and "50,00 %" in page
    page = coordinator.client.get(reverse("reports:project-dashboard", args=[world.project.pk])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "Tabela danych" in page
    assert "data:image/png" not in page  # drawn by hand, no plotting library at request time
