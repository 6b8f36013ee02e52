"""Shared parts of `integra import participants` and `integra export participants`."""

from __future__ import annotations

from typing import Any

from integra.core.cli import find_by_code, in_centre
from integra.institutions.queries import centre_by_slug
from integra.projects.models import Project


def add_project_arguments(parser: Any) -> None:
    parser.add_argument("--project", required=True, help="project code")
    parser.add_argument("--centre", help="centre slug; needed only when two centres use the same project code")


def find_project(code: str, centre: str | None) -> Project:
    """The project with this code; `--centre` decides between centres that share a code."""
    return find_by_code(
        in_centre(Project.objects.select_related("institution"), centre_by_slug(centre)), code, what="project"
    )
