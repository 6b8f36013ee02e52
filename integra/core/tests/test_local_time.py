"""Every moment shown or printed is on the centre's clock (Europe/Warsaw), across both DST changes.

The database keeps UTC. On 29.03.2026 Polish clocks jump from 02:00 to 03:00 (01:00 UTC); on 26.10.2025
they fall back from 03:00 to 02:00 (01:00 UTC). A moment written without conversion reads an hour (in
summer two) behind, and just after local midnight a day behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import override_settings
from playwright.sync_api import expect
from pypdf import PdfReader

from integra.core import history
from integra.core.exports import Column, csv_lines, xlsx_bytes
from integra.core.formats import format_date
from integra.core.models import HistoryEntry
from integra.core.pdf import Document
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.outcomes.models import SheetImport
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

UTC = dt.UTC
# (moment in UTC, as a Polish wall clock shows it)
MOMENTS = [
    (dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "29.03.2026 00:30"),  # CET, the next day already
    (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026 01:59"),  # the last minute of winter time
    (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026 03:00"),  # 02:00 CET became 03:00 CEST
    (dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC), "26.10.2025 02:30"),  # CEST: the first 02:30
    (dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC), "26.10.2025 02:30"),  # CET: the clocks went back
    (dt.datetime(2025, 10, 26, 2, 0, tzinfo=UTC), "26.10.2025 03:00"),
]


@pytest.mark.parametrize(("moment", "shown"), MOMENTS)
def test_a_moment_is_formatted_on_the_polish_clock(moment, shown):
    assert format_date(moment) == shown


def test_a_day_is_still_a_day():
    assert format_date(dt.date(2026, 3, 29)) == "29.03.2026"


def _rows():
    return [{"at": moment} for moment, _shown in MOMENTS]


def test_csv_and_xlsx_write_moments_and_their_days_on_the_polish_clock():
    columns = [Column("Kiedy", lambda r: r["at"]), Column("Dzień", lambda r: r["at"], kind="date")]
    lines = list(csv.reader(io.StringIO("".join(csv_lines(columns, _rows(), bom=False))), delimiter=";"))
    assert lines[1:] == [[shown, shown[:10]] for _moment, shown in MOMENTS]

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(columns, _rows()))).active
    written = [(row[0], row[1].date()) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert written == [(shown, dt.datetime.strptime(shown[:10], "%d.%m.%Y").date()) for _m, shown in MOMENTS]


def test_a_pdf_prints_moments_on_the_polish_clock():
    doc = Document(title="Test")
    doc.table(["Kiedy"], [[moment] for moment, _shown in MOMENTS])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(doc.render())).pages)
    for _moment, shown in MOMENTS:
        assert shown in text
    assert "23:30" not in text and "2026-03-28" not in text


@override_settings(TIME_ZONE="UTC")
def test_the_setting_is_what_counts_not_the_machine():
    """With the centre's TIME_ZONE changed, moments follow it (the setting is the one source of the clock)."""
    assert format_date(MOMENTS[0][0]) == "28.03.2026 23:30"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_person_history_and_import_report_show_the_polish_clock(browser_page):
    centre = InstitutionFactory(slug="lezajsk-clock", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.zegar", first_name="Anna", last_name="Wróbel")
    worker = MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR, specialty=Specialty.SOCIAL_WORKER)
    person = ParticipantFactory(institution=centre, first_name="Łucja", last_name="Wójcik")
    spring, autumn = (
        history.record(
            actor=worker, obj=person, action=HistoryEntry.Action.UPDATE, before={"phone": old}, after={"phone": new}
        )
        for old, new in (("600100200", "600100201"), ("600100201", "600100202"))
    )
    HistoryEntry.objects.filter(pk=spring.pk).update(at=MOMENTS[2][0])  # 03:00 CEST, 01:00 UTC
    HistoryEntry.objects.filter(pk=autumn.pk).update(at=MOMENTS[4][0])  # 02:30 CET, 01:30 UTC
    project = ProjectFactory(institution=centre, code="LEZ-ZEGAR")
    record = SheetImport.objects.create(institution=centre, project=project, user=user, filename="uczestnicy.xlsx")
    SheetImport.objects.filter(pk=record.pk).update(created_at=MOMENTS[0][0])  # 00:30 CET on the next day

    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.zegar")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")

    page.goto(f"/people/{person.pk}/")
    changes = page.locator("#participant-history")
    expect(changes).to_contain_text("29.03.2026 03:00")
    expect(changes).to_contain_text("26.10.2025 02:30")
    expect(changes).not_to_contain_text("01:00")
    expect(changes).not_to_contain_text("01:30")

    page.goto(f"/outcomes/imports/{record.pk}/")
    expect(page.locator("hgroup p")).to_contain_text("29.03.2026 00:30")
    expect(page.locator("hgroup p")).not_to_contain_text("28.03.2026")
