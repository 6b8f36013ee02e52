"""The participant-sheet import over the API: the same importer as the screen, its row-by-row report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.models import AccessLogEntry
from integra.core.pesel import generate
from integra.core.testing.factories import ProjectFactory
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant

pytestmark = pytest.mark.django_db


def _upload(client, project, content: bytes, dry_run: bool):
    return client.post("/api/v1/imports/participant-sheet/", {
        "project": project.pk, "dry_run": "true" if dry_run else "false",
        "file": SimpleUploadedFile("arkusz.csv", content, content_type="text/csv"),
    })


def test_import_reports_each_row_and_a_dry_run_saves_nothing(centre_a):
    project = ProjectFactory(institution=centre_a, code="LEZ-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    good = row(c4="Kowalczyk", c5=generate(dt.date(1985, 3, 14), "F", 11))
    bad = row(c4="Błędna", c5="85031400000")
    client = TokenClient(token_for(centre_a, "coordinator", name="Import PUP"))
    checked = _upload(client, project, csv_file([good, bad]), dry_run=True)
    assert checked.status_code == 201, checked.content
    report = checked.json()
    assert (report["read"], report["created"], report["rejected"], report["dry_run"]) == (2, 1, 1, True)
    assert [p["row"] for p in report["problems"]] == [3]
    assert any("PESEL" in reason for reason in report["problems"][0]["reasons"])
    assert not Participant.objects.exists()
    done = _upload(client, project, csv_file([good, bad]), dry_run=False).json()
    assert (done["created"], done["rejected"]) == (1, 1)
    assert list(Participant.objects.values_list("last_name", flat=True)) == ["Kowalczyk"]
    again = client.get(f"/api/v1/imports/participant-sheet/{done['id']}/").json()
    assert again == done
    assert AccessLogEntry.objects.filter(what__contains="(token: Import PUP)", subject_id=done["id"]).exists()


def test_import_is_for_managers_and_a_missing_file_is_refused(centre_a):
    project = ProjectFactory(institution=centre_a)
    refused = TokenClient(token_for(centre_a, "social_worker"))
    assert _upload(refused, project, csv_file([row()]), dry_run=True).status_code == 403
    client = TokenClient(token_for(centre_a, "administrator"))
    body = client.post("/api/v1/imports/participant-sheet/", {"project": project.pk}).json()
    assert body["code"] == "required" and body["field"] == "file"
    assert not Participant.objects.exists()
