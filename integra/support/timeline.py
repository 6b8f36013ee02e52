"""The support section of the participant page (integra.people.timeline)."""

from __future__ import annotations

from typing import Any

from integra.core.permissions import can_view_individual_support
from integra.people.timeline import register_section
from integra.support.queries import participant_timeline


def support_section(membership: Any, participant: Any) -> tuple[str, dict[str, Any]] | None:
    """Everything the person received, hours by instrument group, attendance rate — case roles only."""
    if not can_view_individual_support(membership):
        return None
    return "support/_participant_support.html", {"timeline": participant_timeline(membership, participant)}


register_section(support_section, order=50)
