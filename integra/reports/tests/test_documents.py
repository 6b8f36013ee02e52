import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from integra.core.models import AccessLogEntry
from integra.core.testing.charts import pdf_drawing_pages
from integra.core.testing.xlsx import read_report
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


def by_key(rows, data) -> dict:
    """The sheet's (label, value) rows keyed by the JSON key each label stands for."""
    values = dict(rows)
    assert len(values) == len(rows)  # every label names one figure
    return {key: values[label] for label, key, _value in documents.figures(data) if label in values}


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


def test_summary_pdf_charts_are_vector_drawings_with_polish_labels(coordinator):
    world = build_summary_world(coordinator.institution)
    response = coordinator.client.get(reverse("reports:project-summary", args=[world.project.pk]), {"format": "pdf"})
    pages = pdf_drawing_pages(b"".join(response.streaming_content))
    assert all(page["images"] == 0 for page in pages)  # no raster image anywhere in the file
    charts = [page for page in pages if "Uczestnicy w czasie" in page["text"]]
    assert charts and charts[0]["rectangles"] >= 3 and charts[0]["strokes"] >= 3
    text = " ".join(" ".join(page["text"].split()) for page in pages[pages.index(charts[0]) :])
    # The charts' own labels, in Polish form: the attendance bar's label, months, the legend.
    assert "66,67 %" in text and "01.2014" in text and "liczba wejść wyjścia uczestniczący 0 1 2 3 4 5" in text
    assert "66.67" not in text and "2014-01" not in text


def test_project_summary_xlsx_holds_the_json_numbers(coordinator):
    world = build_summary_world(coordinator.institution)
    data = queries.project_summary(world.project)
    response = coordinator.client.get(reverse("reports:project-summary", args=[world.project.pk]), {"format": "xlsx"})
    sheet = read_report(response.content)
    assert sheet.table.header == ("Pozycja", "Wartość")  # no „Klucz JSON”: the keys are for programs
    rows = by_key(sheet.table.rows, data)
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
    call_command(
        "report",
        "club-annual",
        "--club",
        "KIS-TEST",
        "--year",
        "2014",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        stdout=io.StringIO(),
    )
    call_command(
        "report",
        "club-annual",
        "--club",
        "KIS-TEST",
        "--year",
        "2014",
        "--format",
        "pdf",
        "--out",
        str(pdf),
        stdout=io.StringIO(),
    )
    rows = by_key(read_report(xlsx.read_bytes()).table.rows, data)
    assert rows["people_served.total"] == 5 and rows["social_contracts.people"] == 3
    assert rows["socially_useful_work.hours"] == data["socially_useful_work"]["hours"] == "160.00"
    text = pdf_text(pdf.read_bytes())
    assert "Sprawozdanie roczne klubu integracji społecznej" in text
    assert "Zapraszam NIE do mojego życia" in text
    assert "Osoby długotrwale bezrobotne" in text or "długotrwale bezrobotn" in text


def test_indicators_xlsx_and_pdf_match_the_json(coordinator):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:project-indicators", args=[world.project.pk])
    table = read_report(coordinator.client.get(url, {"format": "xlsx"}).content).table
    assert table.header == ("Kod", "Wskaźnik", "Ogółem", "Kobiety", "Mężczyźni", "Osoby niebinarne", "Brak danych")
    assert {r[0]: tuple(r[2:6]) for r in table.rows} == EXPECTED
    text = pdf_text(b"".join(coordinator.client.get(url, {"format": "pdf"}).streaming_content))
    assert "Wspólne wskaźniki UE" in text and "EECR06" in text
    assert indicators_json(world.project)["participants"] == 8


def test_drill_down_download_is_logged(coordinator):
    world = build_edge_project(coordinator.institution)
    url = reverse("reports:indicator-people", args=[world.project.pk])
    response = coordinator.client.get(url, {"code": "EECO06", "format": "xlsx"})
    sheet = read_report(b"".join(response.streaming_content))
    assert sorted(sheet.table.column("Imię")) == ["Bartek", "Celina"]
    assert sheet.about["Wskaźnik"] == "EECO06 — osoby w wieku 18–29 lat"
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
