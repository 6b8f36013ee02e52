"""Issue 23, point 5: every report screen of a project of each programming period, and every file (PDF, XLSX, CSV)
those screens offer, opened and read as the crawl's Polish-words walk reads them (integra/core/testing/polish.py): no
program key (`self_employed`, `aged_15_24` …), no English word, no number in a non-Polish form. The matrix's walk
meets one project of one period; the 2007–2013 rows, which have no official codes, showed their keys."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.core.testing import polish
from integra.core.testing.crawl import Crawl
from integra.reports.indicators import INDICATOR_SETS
from integra.reports.tests.edge_periods import build_period_project

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::ResourceWarning")]

SCREENS = (
    "reports:project-indicators",
    "reports:project-effectiveness",
    "reports:project-summary",
    "reports:project-dashboard",
    "outcomes:project-outcomes",
    "projects:project-detail",
)
FILE_MARKS = {"pdf": ("format=pdf", ".pdf"), "xlsx": ("format=xlsx", ".xlsx"), "csv": ("format=csv", ".csv")}


@pytest.mark.parametrize("period", sorted(INDICATOR_SETS))
def test_every_report_of_a_project_and_every_file_it_offers_speaks_polish(coordinator, period):
    project = build_period_project(coordinator.institution, period, f"EDGE-{period[:4]}").project
    crawl = Crawl({"coordinator": coordinator.client})
    findings = polish.walk(crawl, "coordinator", [reverse(name, args=[project.pk]) for name in SCREENS])
    statuses = crawl.statuses("coordinator")
    opened = {
        kind
        for kind, marks in FILE_MARKS.items()
        for url, status in statuses.items()
        if status == 200 and any(m in url for m in marks)
    }
    assert opened == set(FILE_MARKS), sorted((u, s) for u, s in statuses.items() if "pdf" in u or "xlsx" in u)
    assert not findings, polish.report(findings)
