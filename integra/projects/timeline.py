"""The person's projects on the participant page."""

from __future__ import annotations

from integra.core.permissions import can_view_projects
from integra.people.timeline import register_section
from integra.projects.models import Participation


def projects_section(membership, participant):
    """Projects the person takes part in (any centre-staff role sees them)."""
    if not can_view_projects(membership):
        return None
    rows = Participation.objects.for_membership(membership).filter(participant=participant).select_related("project")
    return "projects/_participant_projects.html", {"participations": rows}


register_section(projects_section, order=20)
