"""The person's contracts, plans, programmes and case notes on the participant page."""

from __future__ import annotations

from integra.casework.models import CaseNote, IndividualPlan, ProgrammeParticipant, SocialContract
from integra.core.permissions import can_view_case_notes, can_view_sensitive
from integra.people.timeline import register_section


def casework_section(membership, participant):
    """Contracts, IPD and PAL for case roles; notes only for those allowed to read them."""
    if not can_view_sensitive(membership):
        return None
    return "casework/_participant_casework.html", {
        "casework_participant_id": participant.pk,
        "contracts": SocialContract.objects.for_membership(membership).filter(participant=participant),
        "plans": IndividualPlan.objects.for_membership(membership).filter(participant=participant),
        "programmes": ProgrammeParticipant.objects.for_membership(membership)
        .filter(participant=participant)
        .select_related("programme"),
        "notes": CaseNote.objects.visible_to(membership).filter(participant=participant).select_related("author__user")
        if can_view_case_notes(membership)
        else None,
    }


register_section(casework_section, order=30)
