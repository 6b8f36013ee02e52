"""Kinds of job of the planning app: centre-wide and region-wide „what works” (the PDF report)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.permissions import can_view_reports, is_regional
from integra.core.replica import run_reporting
from integra.institutions.models import Institution
from integra.jobs.registry import JobFailed, JobKind, register
from integra.planning import documents, whatworks
from integra.planning.forms import OUTCOMES

CENTRE = "planning.what_works"
REGION = "planning.regional_what_works"
MSG_NO_CENTRES = _("No centre is supervised by yours; there is nothing to analyse.")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _analyse(ctx: Any, kind: str) -> tuple[whatworks.Scope, whatworks.WhatWorks]:
    membership, params = ctx.membership, ctx.params
    if kind == "region":
        centres = list(Institution.objects.filter(supervisor_id=membership.institution_id).order_by("name"))
        if not centres:
            raise JobFailed(MSG_NO_CENTRES)
        scope = whatworks.Scope("region", membership.institution.slug, [c.pk for c in centres])
    else:
        scope = whatworks.Scope("centre", membership.institution.slug, [membership.institution_id])
    scope.date_from, scope.date_to = _day(params.get("date_from")), _day(params.get("date_to"))
    ctx.progress(0, 2)
    return scope, whatworks.analyse(scope, params.get("outcome") or "job_3m")


def _run(ctx: Any, kind: str) -> None:
    membership = ctx.membership
    scope, report = run_reporting(_analyse, ctx, kind)  # the replica, and the primary if it fails meanwhile
    ctx.progress(1, 2)
    title = membership.institution.name
    content = documents.whatworks_pdf(report, title, str(dict(OUTCOMES)[report.outcome]))
    # Region-wide figures hide small counts and never name a person; a centre's may (access-logged).
    ctx.save_file(content, f"co-dziala-{scope.kind}-{scope.label}.pdf", "application/pdf", personal=kind != "region")
    ctx.result = report.as_json()


def run_centre(ctx: Any) -> None:
    _run(ctx, "centre")


def run_region(ctx: Any) -> None:
    _run(ctx, "region")


register(JobKind(CENTRE, _("What works (the whole centre)"), can_view_reports, run_centre))
register(JobKind(REGION, _("What works (the region)"), is_regional, run_region))
