"""`integra import participants` and `integra export participants` through call_command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integra.institutions.tests.factories import InstitutionFactory
from integra.outcomes.tests.sheetdata import build_project, csv_file, row, xlsx_values
from integra.people.models import Participant
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_cli_export_then_import_round_trip(coordinator, tmp_path):
    project, _ = build_project(coordinator.institution)
    out = tmp_path / "arkusz.xlsx"
    stdout = io.StringIO()
    call_command("export", "participants", "--project", project.code, "--out", str(out), stdout=stdout)
    assert stdout.getvalue().strip().startswith("5 participants")
    centre = InstitutionFactory(slug="centre-z")
    ProjectFactory(institution=centre, code="CEL", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    stdout = io.StringIO()
    call_command("import", "participants", "--project", "CEL", str(out), "--dry-run", stdout=stdout)
    assert "wczytane wiersze: 5" in stdout.getvalue() and "utworzone: 5" in stdout.getvalue()
    assert Participant.objects.filter(institution=centre).count() == 0
    call_command("import", "participants", "--project", "CEL", str(out), stdout=io.StringIO())
    assert Participant.objects.filter(institution=centre).count() == 5
    again = tmp_path / "again.xlsx"
    call_command("export", "participants", "--project", "CEL", "--out", str(again), stdout=io.StringIO())
    assert xlsx_values(again.read_bytes()) == xlsx_values(out.read_bytes())


def test_cli_prints_rejected_rows_and_counts(coordinator, tmp_path):
    ProjectFactory(
        institution=coordinator.institution, code="P1", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    path = tmp_path / "a.csv"
    path.write_bytes(csv_file([row(), row(c5="85031412346", c4="Zły")]))
    stdout = io.StringIO()
    call_command("import", "participants", "--project", "P1", str(path), stdout=stdout)
    out = stdout.getvalue()
    assert "wiersz 3: PESEL: 85031412346 ma błędną cyfrę kontrolną" in out
    assert "utworzone: 1" in out and "odrzucone: 1" in out


def test_ambiguous_project_code_needs_centre(coordinator, outsider, tmp_path):
    for centre in (coordinator.institution, outsider.institution):
        ProjectFactory(institution=centre, code="WSPOLNY", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    out = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="--centre"):
        call_command("export", "participants", "--project", "WSPOLNY", "--out", str(out))
    call_command(
        "export",
        "participants",
        "--project",
        "WSPOLNY",
        "--centre",
        "centre-b",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith("\ufeffKraj;".encode())
    with pytest.raises(CommandError, match="Unknown project code: BRAK"):
        call_command("import", "participants", "--project", "BRAK", str(out))


def test_cli_refuses_unreadable_file_with_a_clear_error(coordinator, tmp_path):
    ProjectFactory(institution=coordinator.institution, code="P2")
    path = tmp_path / "zly.xlsx"
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(CommandError, match="Plik nie jest poprawnym skoroszytem XLSX"):
        call_command("import", "participants", "--project", "P2", str(path))


def test_the_command_line_imports_without_the_system_checks(coordinator, tmp_path, monkeypatch):
    """Run as from the shell (call_command never runs the checks): the start-up cost of a sheet is the import's."""
    from django.core.management import ManagementUtility
    from django.core.management.base import BaseCommand
    from django.db import connections

    def checks(*args, **kwargs):
        raise AssertionError("the system checks ran before the import")

    monkeypatch.setattr(BaseCommand, "check", checks)
    # run_from_argv closes every connection when the command ends, as a process would; the test's transaction
    # lives on the connection (PostgreSQL would lose it), so it stays open here.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    ProjectFactory(
        institution=coordinator.institution, code="CLI", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    sheet = tmp_path / "arkusz.csv"
    sheet.write_bytes(csv_file([row()]))
    ManagementUtility(["integra", "import", "participants", "--project", "CLI", str(sheet)]).execute()
    out = tmp_path / "wynik.csv"
    ManagementUtility(["integra", "export", "participants", "--project", "CLI", "--out", str(out)]).execute()
    assert Participant.objects.filter(institution=coordinator.institution).count() == 1 and out.exists()
