"""The import form's job key names one submission: sent again with another file or other options (the
browser's back button keeps the form's hidden key) it is refused in Polish, never answered with the earlier
job (issue 24, point 6, on the screen)."""

from __future__ import annotations

import pytest

from integra.jobs.models import Job
from integra.outcomes.tests.sheetdata import row, xlsx_file
from integra.outcomes.tests.test_jobs import _project, _upload

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


@pytest.fixture(autouse=True)
def small_thresholds(settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    settings.INTEGRA_JOB_IMPORT_BYTES = 100  # every test sheet is "large": a job


def test_the_dry_runs_key_sent_with_the_real_import_is_refused_in_polish(coordinator):
    project = _project(coordinator)
    sheet = xlsx_file([row(c4="Kowalczyk")])
    assert _upload(coordinator, project, sheet, key="form-1", dry_run=True).status_code == 302
    again = _upload(coordinator, project, sheet, key="form-1", dry_run=True)
    assert again.status_code == 302 and Job.objects.count() == 1  # a double click: the same job

    refused = _upload(coordinator, project, sheet, key="form-1", dry_run=False)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Ten formularz został już raz wysłany z inną treścią" in page and "Odśwież stronę" in page
    assert list(Job.objects.values_list("params__dry_run", flat=True)) == [True]  # nothing queued
    assert 'name="job_key" value="form-1"' not in page  # the form comes back with a fresh key
