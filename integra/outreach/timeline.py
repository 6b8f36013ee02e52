"""The participant page's section of messages (registered in `OutreachConfig.ready`)."""

from __future__ import annotations

from typing import Any

from integra.core.permissions import can_view_messages
from integra.outreach import queries
from integra.people.timeline import register_section


def messages_section(membership: Any, participant: Any) -> tuple[str, dict[str, Any]] | None:
    if not can_view_messages(membership):
        return None
    return "outreach/_participant_messages.html", queries.person_overview(membership, participant)


register_section(messages_section, order=60)
