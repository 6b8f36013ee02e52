"""The person's applications on the participant page."""

from __future__ import annotations

from integra.core.permissions import can_view_sensitive
from integra.people.timeline import register_section
from integra.recruitment.models import Application


def applications_section(membership, participant):
    """Recruitment applications and their decisions: case roles only."""
    if not can_view_sensitive(membership):
        return None
    rows = (
        Application.objects.for_membership(membership).filter(participant=participant).select_related("call__project")
    )
    return "recruitment/_participant_applications.html", {"applications": rows}


register_section(applications_section, order=25)
