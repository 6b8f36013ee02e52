"""Shared parts of `integra import participants` and `integra export participants`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from integra.projects.models import Project


def add_project_arguments(parser: Any) -> None:
    parser.add_argument("--project", required=True, help="project code")
    parser.add_argument("--centre", help="centre slug; needed only when two centres use the same project code")


def find_project(code: str, centre: str | None) -> Project:
    """The project with this code; `--centre` decides between centres that share a code."""
    projects = Project.objects.filter(code=code).select_related("institution")
    if centre:
        projects = projects.filter(institution__slug=centre)
    found = list(projects[:10])
    if not found:
        where = f" in centre {centre!r}" if centre else ""
        raise CommandError(f"No project with code {code!r}{where}.")
    if len(found) > 1:
        slugs = ", ".join(sorted(p.institution.slug for p in found))
        raise CommandError(f"Project code {code!r} is used by several centres ({slugs}): add --centre SLUG.")
    return found[0]
