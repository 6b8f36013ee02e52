"""Finance screens: thin views that parse, call a service or a query, and render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from integra.core.collation import polish
from integra.core.exports import download, download_name, xlsx_bytes
from integra.core.history import readable
from integra.core.permissions import can_manage_finance, can_view_finance, require
from integra.core.replica import reporting_database
from integra.core.screens import add_service_errors, paginate
from integra.finance import charts, exports, queries, services
from integra.finance.forms import (
    BenefitCorrectionForm,
    BenefitForm,
    BudgetLineForm,
    CapForm,
    ExpenseCorrectionForm,
    ExpenseForm,
    PeriodForm,
    VersionApproveForm,
    VersionStartForm,
)
from integra.finance.models import Benefit, BudgetLine, BudgetVersion, CapRule, Expense
from integra.people.models import Participant
from integra.projects.models import Project
from integra.support.models import Activity

SAVED = _("Saved.")
RELOAD = _("Reload the page and try again.")
LINE_REMOVED = _("The budget line has been removed from the draft.")
VERSION_APPROVED = _("Budget version %(number)s approved; it is now the current budget.")


def _attachment(filename: str, content: bytes) -> HttpResponse:
    """A small in-memory spreadsheet (one row per budget line) sent as a download."""
    return download(content, filename)


def _project(request: HttpRequest, pk: int) -> Project:
    return Project.objects.get_for(request.membership, pk=pk)


def _ctx(request: HttpRequest, project: Project, **extra: Any) -> dict[str, Any]:
    return {"project": project, "can_manage": can_manage_finance(request.membership), **extra}


def _warn(request: HttpRequest, obj: Any) -> None:
    for text in getattr(obj, "cap_warnings", []):
        messages.warning(request, text)


def _submit(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the service on a valid form; on refusal put its messages on the form and return None."""
    if not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    _warn(request, result)
    messages.success(request, SAVED)
    return result


@require(can_view_finance)
def project_list(request: HttpRequest) -> HttpResponse:
    projects = list(Project.objects.for_membership(request.membership).order_by("-start_on", "code"))
    statuses = queries.budget_statuses(projects)
    rows = [(project, statuses[project.pk]) for project in projects]
    return render(request, "finance/project_list.html", {"rows": rows})


@require(can_view_finance)
@reporting_database()
def budget_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    status = queries.budget_status(project)
    burn = queries.monthly_burn(project)
    # The chart inline (title and description for screen readers), its figures again in the table below it.
    chart = charts.burn_figure(burn, status.planned.total) if status.version else None
    return render(request, "finance/budget_status.html", _ctx(request, project, status=status, burn=burn, chart=chart))


@require(can_view_finance)
@reporting_database()
def budget_status_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    status = queries.budget_status(project)
    content = xlsx_bytes(
        exports.status_columns(),
        exports.rows(status),
        sheet=str(_("Budget status")),
        preamble=exports.status_preamble(project, status),
        tables=[exports.burn_table(queries.monthly_burn(project))],
    )
    return _attachment(download_name("stan-budzetu", "xlsx", code=project.code), content)


@require(can_view_finance)
@reporting_database()
def burn_chart(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    status = queries.budget_status(project)
    figure = charts.burn_figure(queries.monthly_burn(project), status.planned.total)
    return HttpResponse(figure.svg(standalone=True), content_type="image/svg+xml")


def _period(request: HttpRequest, project: Project) -> tuple[PeriodForm, dt.date | None, dt.date | None]:
    data = (
        request.GET
        if "start" in request.GET
        else {"start": project.start_on.isoformat(), "end": project.end_on.isoformat()}
    )
    form = PeriodForm(data)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


@require(can_view_finance)
@reporting_database()
def claim_summary(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form, start, end = _period(request, project)
    status = queries.budget_status(project, start=start, end=end) if start else None
    entries = queries.claim_entries(project, start, end) if start else []
    return render(
        request,
        "finance/claim_summary.html",
        _ctx(request, project, form=form, status=status, entries=entries, start=start, end=end),
    )


@require(can_view_finance)
@reporting_database()
def claim_summary_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form, start, end = _period(request, project)
    if start is None:
        return render(request, "finance/claim_summary.html", _ctx(request, project, form=form), status=400)
    status = queries.budget_status(project, start=start, end=end)
    filename = download_name(f"wniosek-o-platnosc-{start:%d.%m.%Y}-{end:%d.%m.%Y}", "xlsx", code=project.code)
    content = xlsx_bytes(
        exports.claim_columns(),
        exports.rows(status),
        sheet=str(_("Payment claim")),
        preamble=exports.claim_preamble(project, status, start, end),
        tables=[exports.entries_table(queries.claim_entries(project, start, end))],
    )
    return _attachment(filename, content)


@require(can_view_finance)
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_list(request, _project(request, pk), VersionStartForm())


def _version_list(request: HttpRequest, project: Project, form: VersionStartForm, status: int = 200) -> HttpResponse:
    versions = BudgetVersion.objects.filter(project=project).select_related("based_on").order_by("-number")
    return render(
        request,
        "finance/version_list.html",
        _ctx(request, project, versions=versions, form=form, current=queries.current_version(project)),
        status=status,
    )


@require(can_manage_finance)
@require_POST
def version_start(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = VersionStartForm(request.POST)
    version = _submit(
        request,
        form,
        lambda d: services.start_budget_version(actor=request.membership, project=project, reason=d["reason"]),
    )
    if version is None:  # refused: the list again, the reason typed kept and the refusal on the form
        return _version_list(request, project, form, status=400)
    return redirect("finance:version-detail", pk=version.pk)


def _version(request: HttpRequest, pk: int) -> BudgetVersion:
    return BudgetVersion.objects.select_related("project").get_for(request.membership, pk=pk)


def _version_page(request: HttpRequest, version: BudgetVersion, approve_form: VersionApproveForm, status: int = 200):
    lines = list(version.lines.order_by("number", "id"))
    rules = CapRule.objects.filter(project=version.project, check_planned=True).order_by("name")
    checks = [queries.planned_cap_check(rule, lines) for rule in rules]
    status_view = queries.budget_status(version.project, version=version)
    return render(
        request,
        "finance/version_detail.html",
        _ctx(
            request,
            version.project,
            version=version,
            status=status_view,
            checks=checks,
            approve_form=approve_form,
        ),
        status=status,
    )


@require(can_view_finance)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return _version_page(request, version, VersionApproveForm(initial={"approved_on": timezone.localdate()}))


@require(can_manage_finance)
@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = VersionApproveForm(request.POST)
    approved = _submit(
        request,
        form,
        lambda d: services.approve_budget_version(
            actor=request.membership, version=version, approved_on=d["approved_on"]
        ),
    )
    if approved is None:
        return _version_page(request, version, form, status=400)
    messages.info(request, str(VERSION_APPROVED) % {"number": approved.number})
    return redirect("finance:budget-status", pk=version.project_id)


def _line_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "version"}


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.add_budget_line(actor=request.membership, version=version, **_line_values(d))
    ):
        return redirect("finance:version-detail", pk=version.pk)
    return render(
        request,
        "finance/line_form.html",
        _ctx(request, version.project, version=version, form=form),
        status=400 if form.errors else 200,
    )


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = BudgetLine.objects.select_related("budget__project").get_for(request.membership, pk=pk)
    form = BudgetLineForm.for_line(line, request.POST or None)
    if request.method == "POST" and _submit(
        request,
        form,
        lambda d: services.update_budget_line(
            actor=request.membership, line=line, expected_version=d["version"], **_line_values(d)
        ),
    ):
        return redirect("finance:version-detail", pk=line.budget_id)
    return render(
        request,
        "finance/line_form.html",
        _ctx(
            request,
            line.budget.project,
            version=line.budget,
            line=line,
            form=form,
            history=readable(line),
        ),
        status=400 if form.errors else 200,
    )


@require(can_manage_finance)
@require_POST
def line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = BudgetLine.objects.select_related("budget").get_for(request.membership, pk=pk)
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, RELOAD)
        return redirect("finance:version-detail", pk=line.budget_id)
    try:
        services.remove_budget_line(actor=request.membership, line=line, expected_version=expected)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, LINE_REMOVED)
    return redirect("finance:version-detail", pk=line.budget_id)


def _current_lines(project: Project):
    version = queries.current_version(project)
    lines = version.lines.order_by("number", "id") if version else BudgetLine.objects.none()
    return version, lines


@require(can_view_finance)
def expense_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    expenses = (
        Expense.objects.for_membership(request.membership)
        .of_project(project)
        .select_related("line", "activity", "corrects", "recorded_by")
        .order_by("-date", "-id")
    )
    page = paginate(request, expenses)
    # Without an approved budget there is no line to book an expense on: the list says so and where to go.
    has_budget = queries.current_version(project) is not None
    return render(request, "finance/expense_list.html", _ctx(request, project, page=page, has_budget=has_budget))


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def expense_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    version, lines = _current_lines(project)
    activities = Activity.objects.for_membership(request.membership).filter(project=project)
    form = ExpenseForm(request.POST or None, lines=lines, activities=activities)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.record_expense(actor=request.membership, project=project, **d)
    ):
        return redirect("finance:expense-list", pk=project.pk)
    return render(
        request,
        "finance/expense_form.html",
        _ctx(request, project, form=form, version=version),
        status=400 if form.errors else 200,
    )


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def expense_correct(request: HttpRequest, pk: int) -> HttpResponse:
    original = Expense.objects.select_related("project", "line").get_for(request.membership, pk=pk)
    form = ExpenseCorrectionForm(request.POST or None)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.correct_expense(actor=request.membership, original=original, **d)
    ):
        return redirect("finance:expense-list", pk=original.project_id)
    return render(
        request,
        "finance/correction_form.html",
        _ctx(request, original.project, form=form, original=original, history=readable(original)),
        status=400 if form.errors else 200,
    )


@require(can_view_finance)
def benefit_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    benefits = (
        Benefit.objects.for_membership(request.membership)
        .of_project(project)
        .select_related("line", "participant", "corrects")
        .order_by("-date", "-id")
    )
    page = paginate(request, benefits)
    return render(request, "finance/benefit_list.html", _ctx(request, project, page=page))


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    version, lines = _current_lines(project)
    participants = (
        Participant.objects.for_membership(request.membership)
        .filter(participations__project=project)
        .order_by(polish("last_name"), polish("first_name"), "id")
    )
    form = BenefitForm(request.POST or None, lines=lines, participants=participants)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.record_benefit(actor=request.membership, project=project, **d)
    ):
        return redirect("finance:benefit-list", pk=project.pk)
    return render(
        request,
        "finance/benefit_form.html",
        _ctx(request, project, form=form, version=version),
        status=400 if form.errors else 200,
    )


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def benefit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    original = Benefit.objects.select_related("project", "line").get_for(request.membership, pk=pk)
    form = BenefitCorrectionForm(request.POST or None)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.correct_benefit(actor=request.membership, original=original, **d)
    ):
        return redirect("finance:benefit-list", pk=original.project_id)
    return render(
        request,
        "finance/correction_form.html",
        _ctx(request, original.project, form=form, original=original, history=readable(original)),
        status=400 if form.errors else 200,
    )


@require(can_view_finance)
def cap_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return render(request, "finance/cap_list.html", _ctx(request, project, overview=queries.cap_overview(project)))


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def cap_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = CapForm(request.POST or None)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.create_cap(actor=request.membership, project=project, **d)
    ):
        return redirect("finance:cap-list", pk=project.pk)
    return render(
        request, "finance/cap_form.html", _ctx(request, project, form=form), status=400 if form.errors else 200
    )


@require(can_manage_finance)
@require_http_methods(["GET", "POST"])
def cap_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = CapRule.objects.select_related("project").get_for(request.membership, pk=pk)
    initial = {name: getattr(rule, name) for name in services.CAP_FIELDS}
    form = CapForm(request.POST or None, initial=initial)
    if request.method == "POST" and _submit(
        request, form, lambda d: services.update_cap(actor=request.membership, rule=rule, **d)
    ):
        return redirect("finance:cap-list", pk=rule.project_id)
    return render(
        request,
        "finance/cap_form.html",
        _ctx(request, rule.project, form=form, rule=rule, history=readable(rule)),
        status=400 if form.errors else 200,
    )
