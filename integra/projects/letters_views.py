"""Screens for letter templates and issuing letters of thanks / certificates to a project's participants."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from integra.core.accesslog import log_access
from integra.core.exports import download_name, pdf_response
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_manage_projects, can_view_projects, require
from integra.core.screens import add_service_errors
from integra.jobs.services import start_job
from integra.projects import jobs, letters
from integra.projects.models import IssuedLetter, LetterTemplate, Project


class LetterTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=LetterTemplate.Kind.choices)
    name = forms.CharField(label=gettext_lazy("name"), max_length=200, required=False)
    title = forms.CharField(label=gettext_lazy("letter title"), max_length=200, required=False)
    body = forms.CharField(label=gettext_lazy("text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    signature = forms.CharField(label=pgettext_lazy("letter", "signed by"), max_length=200, required=False)


class IssueForm(forms.Form):
    template = forms.ModelChoiceField(label=gettext_lazy("template"), queryset=LetterTemplate.objects.none())
    issued_on = forms.DateField(label=gettext_lazy("issued on"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = LetterTemplate.objects.for_membership(membership)


@require(can_manage_projects)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.for_membership(request.membership)
    return render(
        request, "projects/letter_templates.html", {"templates": templates, "placeholders": LetterTemplate.PLACEHOLDERS}
    )


@require(can_manage_projects)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = LetterTemplate.objects.get_for(request.membership, pk=pk) if pk else None
    initial = {f: getattr(template, f) for f in ("kind", "name", "title", "body", "signature")} if template else None
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letters.save_template(actor=request.membership, template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("projects:letter-templates")
    return render(
        request,
        "projects/letter_template_form.html",
        {"form": form, "template": template, "placeholders": LetterTemplate.PLACEHOLDERS},
    )


@require(can_view_projects)
def project_letters(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    can_manage = can_manage_projects(request.membership)
    form = IssueForm(
        request.POST or None,
        membership=request.membership,
        initial={"issued_on": timezone.localdate().strftime("%d.%m.%Y")},
    )
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                issued = letters.issue_letters(
                    actor=request.membership,
                    project=project,
                    template=form.cleaned_data["template"],
                    issued_on=form.cleaned_data["issued_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                kept = IssuedLetter.objects.filter(
                    template=form.cleaned_data["template"], participation__project=project
                )
                messages.success(request, _issued_message(len(issued), kept.count() - len(issued)))
                entry = letters.last_issue(project)
                undo = f"?undo={entry.pk}" if entry else ""
                return redirect(reverse("projects:project-letters", args=[project.pk]) + undo)
    issued = (
        IssuedLetter.objects.for_membership(request.membership)
        .filter(participation__project=project)
        .select_related("template", "participation__participant")
    )
    by_template: dict[int, dict] = {}
    for letter in issued:
        entry = by_template.setdefault(
            letter.template_id, {"template": letter.template, "count": 0, "last": letter.issued_on}
        )
        entry["count"] += 1
        entry["last"] = max(entry["last"], letter.issued_on)
    # The undo is offered right after an issue (its entry in the URL) while that batch is still the newest.
    last = letters.last_issue(project) if can_manage and request.GET.get("undo") else None
    context = {
        "project": project,
        "form": form,
        "issued": by_template.values(),
        "can_manage": can_manage,
        "undo": last if last is not None and request.GET.get("undo") == str(last.pk) else None,
    }
    return render(request, "projects/project_letters.html", context)


def _issued_message(issued: int, kept: int) -> str:
    text = ngettext(
        "%(count)d letter was issued to the participants who did not have it yet.",
        "%(count)d letters were issued to the participants who did not have them yet.",
        issued,
    ) % {"count": issued}
    if kept:
        text += " " + ngettext(
            "%(count)d participant already had it and was left as they were.",
            "%(count)d participants already had it and were left as they were.",
            kept,
        ) % {"count": kept}
    return text


@require(can_manage_projects)
@require_POST
def letters_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the batch of letters just issued, before it is printed („Cofnij”)."""
    project = Project.objects.get_for(request.membership, pk=pk)
    try:
        count = letters.withdraw_letters(
            actor=request.membership, project=project, entry_id=int(request.POST.get("entry", "0") or 0)
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(letters.NOTHING_TO_TAKE_BACK)])))
    else:
        messages.success(
            request,
            ngettext(
                "Taken back: %(count)d letter was removed and its number is free again.",
                "Taken back: %(count)d letters were removed and their numbers are free again.",
                count,
            )
            % {"count": count},
        )
    return redirect("projects:project-letters", pk=project.pk)


@require(can_view_projects)
def letters_pdf(request: HttpRequest, pk: int, template_pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    template = LetterTemplate.objects.get_for(request.membership, pk=template_pk)
    issued = jobs.issued_letters(request.membership, project, template)
    if len(issued) > settings.INTEGRA_JOB_LETTERS:  # many letters: one PDF built by a job
        key = f"letters-{project.pk}-{template.pk}-{timezone.now():%Y%m%d%H%M}"
        job = start_job(
            actor=request.membership,
            kind=jobs.LETTERS,
            params={"project": project.pk, "template": template.pk},
            idempotency_key=key,
        )
        return redirect("jobs:job-detail", pk=job.pk)
    if not issued:
        messages.error(request, _("No letters of this template have been issued in this project."))
        return redirect("projects:project-letters", pk=project.pk)
    try:
        content = letters.letters_pdf(issued)
    except ValidationError as error:  # a template stored before placeholders were checked as strictly
        messages.error(request, " ".join(error.messages))
        return redirect("projects:project-letters", pk=project.pk)
    log_access(
        request=request,
        institution_id=project.institution_id,
        kind=AccessLogEntry.Kind.DOCUMENT,
        subject=project,
        what=f"letters-{template.kind}.pdf",
    )
    return pdf_response(download_name(f"pisma-{template.get_kind_display()}", "pdf", code=project.code), content)
