"""Report screens: indicators with drill-down, effectiveness, summaries, dashboards, regional view.

Each report answers `?format=pdf` / `?format=xlsx` with the same figures as the screen and JSON.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.accesslog import log_access
from integra.core.collation import polish
from integra.core.exports import download, download_name, pdf_response, xlsx_response
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_view_reports, can_view_sensitive, is_regional, require
from integra.core.replica import reporting_database
from integra.institutions.models import Club
from integra.jobs.services import start_job
from integra.projects.models import Participation, Project
from integra.reports import dashboard, documents, jobs, queries
from integra.reports.indicators import (
    SET_TITLES,
    SEXES,
    UnknownPeriod,
    counted_participations,
    indicator_by_code,
    indicators_json,
    is_sensitive_code,
    reader_code,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEX_LABELS = {"women": _("Women"), "men": _("Men"), "non_binary": _("Non-binary")}
BAD_YEAR = _("Enter a year between 2000 and 2100.")


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": BAD_YEAR, "max_value": BAD_YEAR, "invalid": BAD_YEAR},
    )


def _year(request: HttpRequest, default: int | None = None) -> tuple[YearForm, int | None]:
    form = YearForm(request.GET or {"year": default or timezone.localdate().year})
    return form, (form.cleaned_data["year"] if form.is_valid() else None)


def _download(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename)


def _format(request: HttpRequest) -> str:
    return request.GET.get("format", "")


def _with_svg(charts: list[dashboard.Chart]) -> list[dict[str, Any]]:
    return [{"chart": c, "svg": "" if c.empty else dashboard.render_svg(c)} for c in charts]


@require(can_view_reports)
def index(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    return render(
        request,
        "reports/index.html",
        {
            "projects": Project.objects.for_membership(membership).order_by("-start_on", "code"),
            "clubs": Club.objects.for_membership(membership).order_by("name"),
            "year": timezone.localdate().year,
        },
    )


DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
FLOW_REVERSED = _("The end of the payment-claim period cannot be earlier than its start.")
FLOW_OUTSIDE = _("The payment-claim period must overlap the project's period (%(start)s – %(end)s).")


class FlowPeriodForm(forms.Form):
    """The payment-claim period of a 2007–2013 project's participant flow (empty: the project's period)."""

    flow_from = forms.DateField(
        label=_("Payment claim from"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    flow_to = forms.DateField(
        label=_("to"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("flow_from"), data.get("flow_to")
        if start and end and start > end:
            raise forms.ValidationError(FLOW_REVERSED, code="reversed")
        if (start and start > self.project.end_on) or (end and end < self.project.start_on):
            raise forms.ValidationError(
                FLOW_OUTSIDE,
                code="outside",
                params={
                    "start": self.project.start_on.strftime("%d.%m.%Y"),
                    "end": self.project.end_on.strftime("%d.%m.%Y"),
                },
            )
        return data


@require(can_view_reports)
@reporting_database()
def project_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    flow_form = FlowPeriodForm(request.GET or None, project=project)
    bad_period = flow_form.is_bound and not flow_form.is_valid()
    period = {} if bad_period or not flow_form.is_bound else flow_form.cleaned_data
    try:
        data = indicators_json(project, flow_from=period.get("flow_from"), flow_to=period.get("flow_to"))
    except UnknownPeriod as exc:
        return render(request, "reports/indicators.html", {"project": project, "unknown_period": exc.message})
    if _format(request) == "pdf" and not bad_period:
        return pdf_response(
            download_name("wskazniki-UE", "pdf", code=project.code), documents.indicators_pdf(project, data)
        )
    if _format(request) == "xlsx" and not bad_period:
        return _download(
            documents.indicators_xlsx(project, data), download_name("wskazniki-UE", "xlsx", code=project.code)
        )
    sensitive = {
        i.code
        for i in (indicator_by_code(project.programme_period, r["code"]) for r in data["indicators"])
        if i and i.sensitive
    }
    rows = [
        {
            **r,
            "drill": can_view_sensitive(request.membership) or r["code"] not in sensitive,
            "reader_code": reader_code(r["code"]),
        }
        for r in documents.indicator_rows(project, data)
    ]
    query = {k: request.GET[k] for k in ("flow_from", "flow_to") if request.GET.get(k) and not bad_period}
    return render(
        request,
        "reports/indicators.html",
        {
            "project": project,
            "data": data,
            "rows": rows,
            "sexes": [k for k, _s in SEXES],
            "set_title": SET_TITLES[project.programme_period],
            "show_codes": documents.shows_codes(project.programme_period),
            "period_label": documents.period_label(project.programme_period),
            "flow_form": flow_form if "flow" in data else None,
            "flow_rows": [] if bad_period else documents.flow_rows(data),
            "flow_heading": documents.flow_heading(data) if "flow" in data else "",
            "pdf_query": urlencode({**query, "format": "pdf"}),
            "xlsx_query": urlencode({**query, "format": "xlsx"}),
        },
    )


@require(can_view_reports)
@reporting_database()
def indicator_people(request: HttpRequest, pk: int) -> HttpResponse:
    """The people behind one number; special-category indicators only for roles that may see them."""
    code = request.GET.get("code", "")
    if is_sensitive_code(code) and not can_view_sensitive(request.membership):
        raise PermissionDenied
    project = Project.objects.get_for(request.membership, pk=pk)
    try:
        indicator = indicator_by_code(project.programme_period, code)
    except UnknownPeriod as exc:
        raise Http404 from exc
    sex = request.GET.get("sex", "")
    if indicator is None or sex not in {"", *dict(SEXES)}:
        raise Http404
    rows = counted_participations(project, indicator, sex).order_by(
        polish("participant__last_name"), polish("participant__first_name"), "pk"
    )
    if _format(request) == "xlsx":
        log_access(
            request=request,
            institution_id=project.institution_id,
            kind=AccessLogEntry.Kind.EXPORT,
            subject=project,
            what=f"indicator-people-{indicator.code}.xlsx",
        )
        return xlsx_response(
            download_name(f"osoby-{indicator.code}", "xlsx", code=project.code),
            documents.people_columns(),
            rows.iterator(),
            preamble=documents.people_preamble(project, indicator, str(SEX_LABELS.get(sex, ""))),
        )
    return render(
        request,
        "reports/indicator_people.html",
        {
            "project": project,
            "indicator": indicator,
            "sex": sex,
            "sex_label": SEX_LABELS.get(sex, ""),
            "rows": rows,
        },
    )


@require(can_view_reports)
@reporting_database()
def project_effectiveness(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    return render(request, "reports/effectiveness.html", {"project": project, "result": queries.effectiveness(project)})


@require(can_view_reports)
@reporting_database()
def project_summary(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    data = queries.project_summary(project)
    if _format(request) == "pdf":
        return pdf_response(
            download_name("podsumowanie", "pdf", code=project.code), documents.project_summary_pdf(project, data)
        )
    if _format(request) == "xlsx":
        return _download(
            documents.project_summary_xlsx(project, data), download_name("podsumowanie", "xlsx", code=project.code)
        )
    return render(
        request,
        "reports/summary.html",
        {
            "title": _("Project summary"),
            "subject": f"{project.code} — {project.title}",
            "data": data,
            "figures": documents.shown_figures(data),
            "events": documents.shown_events(data),
            "project": project,
        },
    )


@require(can_view_reports)
@reporting_database()
def project_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": _("Project dashboard"),
            "subject": f"{project.code} — {project.title}",
            "charts": _with_svg(dashboard.project_dashboard(project)),
        },
    )


@require(can_view_reports)
@reporting_database()
def centre_dashboard(request: HttpRequest) -> HttpResponse:
    latest = queries.latest_year_with_data(request.membership.institution_id)
    form, year = _year(request, default=latest)
    charts = _with_svg(dashboard.centre_dashboard(request.membership.institution_id, year)) if year else []
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": _("Centre dashboard"),
            "subject": request.membership.institution.name,
            "form": form,
            "charts": charts,
            "staffing_card": True,
            "year": year,
            "no_data_at_all": latest is None,
        },
    )


@require(can_view_reports)
@reporting_database()
def centre_annual(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    centre = request.membership.institution
    data = queries.centre_annual(centre.pk, year) if year else None
    if data and _format(request) == "pdf":
        return pdf_response(
            download_name(f"podsumowanie-roku-{year}", "pdf", code=centre.slug),
            documents.centre_annual_pdf(centre, data),
        )
    if data and _format(request) == "xlsx":
        return _download(
            documents.centre_annual_xlsx(centre, data),
            download_name(f"podsumowanie-roku-{year}", "xlsx", code=centre.slug),
        )
    return render(
        request,
        "reports/summary.html",
        {
            "title": _("Yearly summary of the centre"),
            "subject": centre.name,
            "form": form,
            "data": data,
            "figures": documents.shown_figures(data) if data else [],
        },
    )


@require(can_view_reports)
@reporting_database()
def club_annual(request: HttpRequest, pk: int) -> HttpResponse:
    club = Club.objects.get_for(request.membership, pk=pk)
    form, year = _year(request)
    data = queries.club_annual(club, year) if year else None
    if data and _format(request) == "pdf":
        return pdf_response(
            download_name(f"sprawozdanie-KIS-{year}", "pdf", code=club.code), documents.club_annual_pdf(club, data)
        )
    if data and _format(request) == "xlsx":
        return _download(
            documents.club_annual_xlsx(club, data), download_name(f"sprawozdanie-KIS-{year}", "xlsx", code=club.code)
        )
    return render(
        request,
        "reports/summary.html",
        {
            "title": _("Annual report of the social integration club"),
            "subject": club.name,
            "form": form,
            "data": data,
            "figures": documents.shown_figures(data) if data else [],
            "activities": documents.shown_activities(data) if data else [],
            "club": club,
        },
    )


def _region_is_large(region) -> bool:
    """The regional documents of many participations are built by a job (they wait in „Moje zadania”)."""
    centres = queries.supervised_centres(region).values_list("pk", flat=True)
    return (
        Participation.objects.filter(institution_id__in=list(centres)).count()
        > settings.INTEGRA_JOB_REGIONAL_PARTICIPATIONS
    )


@require(is_regional)
@reporting_database()
def regional(request: HttpRequest) -> HttpResponse:
    """Aggregates of the supervised centres: no names, no drill-down, counts below 3 as "<3"."""
    form, year = _year(request)
    region = request.membership.institution
    if year and _format(request) in {"pdf", "xlsx"} and _region_is_large(region):
        key = f"regional-{year}-{_format(request)}-{timezone.now():%Y%m%d%H%M}"
        job = start_job(
            actor=request.membership,
            kind=jobs.REGIONAL,
            params={"year": year, "format": _format(request)},
            idempotency_key=key,
        )
        return redirect("jobs:job-detail", pk=job.pk)
    data = queries.regional_summary(region, year) if year else None
    if data and _format(request) == "pdf":
        return pdf_response(
            download_name(f"zestawienie-regionalne-{year}", "pdf", code=region.slug),
            documents.regional_pdf(region, data),
        )
    if data and _format(request) == "xlsx":
        return _download(
            documents.regional_xlsx(region, data),
            download_name(f"zestawienie-regionalne-{year}", "xlsx", code=region.slug),
        )
    periods = documents.regional_periods(data) if data else []
    return render(request, "reports/regional.html", {"region": region, "form": form, "data": data, "periods": periods})
