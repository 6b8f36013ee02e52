"""Fixtures of the API's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    """Uploads queued as jobs (the sheet import) land in the test's own directory, never in var/jobs."""
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    return settings.INTEGRA_JOB_FILES_DIR
