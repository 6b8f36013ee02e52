"""Kinds of job of the reports app: the regional report of a year as PDF or XLSX (many centres)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.permissions import is_regional
from integra.core.replica import run_reporting
from integra.jobs.registry import JobKind, register
from integra.reports import documents, queries

REGIONAL = "reports.regional"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run_regional(ctx: Any) -> None:
    region = ctx.membership.institution
    year, fmt = int(ctx.params["year"]), ctx.params.get("format", "pdf")
    ctx.progress(0, 2)
    data = run_reporting(queries.regional_summary, region, year)
    ctx.progress(1, 2)
    # Aggregates of the supervised centres with small counts suppressed: no person, not access-logged.
    if fmt == "xlsx":
        ctx.save_file(documents.regional_xlsx(region, data), f"region-{year}.xlsx", XLSX, personal=False)
    else:
        ctx.save_file(documents.regional_pdf(region, data), f"region-{year}.pdf", "application/pdf", personal=False)
    ctx.result = data


register(JobKind(REGIONAL, _("Regional report"), is_regional, run_regional))
