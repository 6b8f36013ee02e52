"""Screens for letter templates and issuing letters of thanks / certificates to a project's participants."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.accesslog import log_access
from integra.core.exports import download_name, pdf_response
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_manage_projects, can_view_projects, require
from integra.jobs.services import start_job
from integra.projects import jobs, letters
from integra.projects.models import IssuedLetter, LetterTemplate, Project


class LetterTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=LetterTemplate.Kind.choices)
    name = forms.CharField(label=gettext_lazy("name"), max_length=200, required=False)
    title = forms.CharField(label=gettext_lazy("letter title"), max_length=200, required=False)
    body = forms.CharField(label=gettext_lazy("text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    signature = forms.CharField(label=gettext_lazy("signed by"), max_length=200, required=False)


class IssueForm(forms.Form):
    template = forms.ModelChoiceField(label=gettext_lazy("template"), queryset=LetterTemplate.objects.none())
    issued_on = forms.DateField(label=gettext_lazy("issued on"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = LetterTemplate.objects.for_membership(membership)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require(can_manage_projects)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.for_membership(request.membership)
    return render(request, "projects/letter_templates.html", {"templates": templates,
                                                               "placeholders": LetterTemplate.PLACEHOLDERS})


@require(can_manage_projects)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = LetterTemplate.objects.get_for(request.membership, pk=pk) if pk else None
    initial = {f: getattr(template, f) for f in ("kind", "name", "title", "body", "signature")} if template else None
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letters.save_template(actor=request.membership, template=template, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("projects:letter-templates")
    return render(request, "projects/letter_template_form.html", {
        "form": form, "template": template, "placeholders": LetterTemplate.PLACEHOLDERS})


@require(can_view_projects)
def project_letters(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    can_manage = can_manage_projects(request.membership)
    form = IssueForm(request.POST or None, membership=request.membership,
                     initial={"issued_on": timezone.localdate().strftime("%d.%m.%Y")})
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                issued = letters.issue_letters(actor=request.membership, project=project,
                                               template=form.cleaned_data["template"], issued_on=form.cleaned_data["issued_on"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("%(count)d letters have been issued.") % {"count": len(issued)})
                return redirect("projects:project-letters", pk=project.pk)
    issued = (IssuedLetter.objects.for_membership(request.membership).filter(participation__project=project)
              .select_related("template", "participation__participant"))
    by_template: dict[int, dict] = {}
    for letter in issued:
        entry = by_template.setdefault(letter.template_id, {"template": letter.template, "count": 0, "last": letter.issued_on})
        entry["count"] += 1
        entry["last"] = max(entry["last"], letter.issued_on)
    return render(request, "projects/project_letters.html", {
        "project": project, "form": form, "issued": by_template.values(), "can_manage": can_manage})


@require(can_view_projects)
def letters_pdf(request: HttpRequest, pk: int, template_pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    template = LetterTemplate.objects.get_for(request.membership, pk=template_pk)
    issued = jobs.issued_letters(request.membership, project, template)
    if len(issued) > settings.INTEGRA_JOB_LETTERS:  # many letters: one PDF built by a job
        key = f"letters-{project.pk}-{template.pk}-{timezone.now():%Y%m%d%H%M}"
        job = start_job(actor=request.membership, kind=jobs.LETTERS, params={"project": project.pk, "template": template.pk},
                        idempotency_key=key)
        return redirect("jobs:job-detail", pk=job.pk)
    if not issued:
        messages.error(request, _("No letters of this template have been issued in this project."))
        return redirect("projects:project-letters", pk=project.pk)
    try:
        content = letters.letters_pdf(issued)
    except ValidationError as error:  # a template stored before placeholders were checked as strictly
        messages.error(request, " ".join(error.messages))
        return redirect("projects:project-letters", pk=project.pk)
    log_access(request=request, institution_id=project.institution_id, kind=AccessLogEntry.Kind.DOCUMENT,
               subject=project, what=f"letters-{template.kind}.pdf")
    return pdf_response(download_name(f"pisma-{template.get_kind_display()}", "pdf", code=project.code), content)
