"""projects: screens (list, detail, create/edit, partners, editions)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.permissions import can_manage_projects, can_view_projects, can_view_sensitive, require
from integra.core.screens import form_page, paginate
from integra.projects import services
from integra.projects.forms import EditionForm, PartnerForm, ProjectForm
from integra.projects.models import Project
from integra.projects.queries import participations_of, projects_for

PROJECT_SAVED = gettext_lazy("The project has been saved.")
PARTNER_ADDED = gettext_lazy("The partner has been added to the project.")
EDITION_ADDED = gettext_lazy("The yearly edition has been added.")


@require(can_view_projects)
def project_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, projects_for(request.membership))
    return render(
        request, "projects/project_list.html", {"page": page, "can_manage": can_manage_projects(request.membership)}
    )


@require(can_view_projects)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    # A page of participants, not all of them: a project of 6,000 people costs what one of 50 does. The page's ids
    # are found first by a narrow query, then only those rows are loaded (integra.core.pagination).
    # Counted without the join to the people the page's order needs (participations_of).
    count = project.participations.count()
    page = (
        paginate(request, participations_of(project), deferred=True, count=count)
        if can_view_sensitive(request.membership)
        else None
    )
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "participations": page,
            "participation_count": count,
            "partners": project.partners.select_related("partner"),
            "editions": project.editions.all(),
            "calls": project.recruitment_calls.all(),
            "can_manage": can_manage_projects(request.membership),
        },
    )


@require(can_manage_projects)
def project_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        ProjectForm(request.POST or None, membership=request.membership),
        _("New project"),
        "",
        lambda data: services.create_project(actor=request.membership, **data),
        lambda project: ("projects:project-detail", project.pk),
        PROJECT_SAVED,
    )


@require(can_manage_projects)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    return form_page(
        request,
        ProjectForm(request.POST or None, instance=project, membership=request.membership),
        _("Edit project"),
        project,
        lambda data: services.update_project(actor=request.membership, project=Project.objects.get(pk=pk), **data),
        ("projects:project-detail", pk),
        PROJECT_SAVED,
    )


@require(can_manage_projects)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    return form_page(
        request,
        PartnerForm(request.POST or None, membership=request.membership),
        _("Add a partner"),
        project,
        lambda data: services.add_partner(actor=request.membership, project=project, **data),
        ("projects:project-detail", pk),
        PARTNER_ADDED,
    )


@require(can_manage_projects)
def edition_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    return form_page(
        request,
        EditionForm(request.POST or None),
        _("Add a yearly edition"),
        project,
        lambda data: services.add_edition(actor=request.membership, project=project, **data),
        ("projects:project-detail", pk),
        EDITION_ADDED,
    )
