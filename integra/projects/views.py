"""projects: screens (list, detail, create/edit, partners, editions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.core.permissions import can_manage_projects, can_view_projects, can_view_sensitive, require
from integra.projects import services
from integra.projects.forms import EditionForm, PartnerForm, ProjectForm, add_service_errors
from integra.projects.models import Project
from integra.projects.queries import participations_of, projects_for

FORM = "projects/form.html"


PARTICIPANTS_PER_PAGE = 50


@require(can_view_projects)
def project_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(projects_for(request.membership), 50).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page": page, "can_manage": can_manage_projects(request.membership)})


@require(can_view_projects)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    # A page of participants, not all of them: a project of 6,000 people costs what one of 50 does.
    page = (Paginator(participations_of(project), PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
            if can_view_sensitive(request.membership) else None)
    return render(request, "projects/project_detail.html", {
        "project": project, "participations": page,
        "participation_count": page.paginator.count if page is not None else project.participations.count(),
        "partners": project.partners.select_related("partner"), "editions": project.editions.all(),
        "calls": project.recruitment_calls.all(), "can_manage": can_manage_projects(request.membership),
    })


@require(can_manage_projects)
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(actor=request.membership, **form.cleaned_data)
            return redirect("projects:project-detail", pk=project.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New project")})


@require(can_manage_projects)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    form = ProjectForm(request.POST or None, instance=project, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(actor=request.membership, project=Project.objects.get(pk=pk), **form.cleaned_data)
            return redirect("projects:project-detail", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("Edit project"), "back": project})


@require(can_manage_projects)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    form = PartnerForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partner(actor=request.membership, project=project, **form.cleaned_data)
            return redirect("projects:project-detail", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("Add a partner"), "back": project})


@require(can_manage_projects)
def edition_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_edition(actor=request.membership, project=project, **form.cleaned_data)
            return redirect("projects:project-detail", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("Add a yearly edition"), "back": project})
