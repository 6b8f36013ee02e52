"""Kinds of job of the projects app: a project's letters of one template as one PDF (bulk letters)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integra.core.permissions import can_view_projects
from integra.jobs.registry import JobFailed, JobKind, register
from integra.projects import letters
from integra.projects.models import IssuedLetter, LetterTemplate, Project

LETTERS = "projects.letters_pdf"
MSG_NO_LETTERS = _("No letters of this template have been issued in this project.")
MSG_GONE = _("The project or the letter template no longer exists in your centre.")


def issued_letters(membership: Any, project: Project, template: LetterTemplate) -> list[IssuedLetter]:
    """The letters of one template issued in a project, in their numbers' order."""
    return list(
        IssuedLetter.objects.for_membership(membership)
        .filter(participation__project=project, template=template)
        .select_related("template", "participation__participant", "participation__project__institution")
        .order_by("number")
    )


def run_letters(ctx: Any) -> None:
    project = Project.objects.for_membership(ctx.membership).filter(pk=ctx.params.get("project")).first()
    template = LetterTemplate.objects.for_membership(ctx.membership).filter(pk=ctx.params.get("template")).first()
    if project is None or template is None:
        raise JobFailed(MSG_GONE)
    issued = issued_letters(ctx.membership, project, template)
    if not issued:
        raise JobFailed(MSG_NO_LETTERS)
    ctx.progress(0, len(issued))
    try:
        content = letters.letters_pdf(issued)
    except ValidationError as exc:  # a template stored before placeholders were checked as strictly
        raise JobFailed(" ".join(exc.messages)) from exc
    ctx.progress(len(issued), len(issued))
    ctx.save_file(content, f"{project.code}-{template.kind}.pdf".replace("/", "-"), "application/pdf")
    ctx.result = {"letters": len(issued), "first": issued[0].number, "last": issued[-1].number}


register(JobKind(LETTERS, _("Letters (one PDF)"), can_view_projects, run_letters))
