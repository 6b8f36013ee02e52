"""The person's contracts, plans, programmes and case notes on the participant page."""

from __future__ import annotations

from integra.casework.models import CaseNote, IndividualPlan, ProgrammeParticipant, SocialContract
from integra.core.permissions import can_view_case_notes, can_view_sensitive
from integra.core.probe import nonempty
from integra.people.timeline import register_section


def casework_section(membership, participant):
    """Contracts, IPD and PAL for case roles; notes only for those allowed to read them."""
    if not can_view_sensitive(membership):
        return None
    notes = can_view_case_notes(membership)
    pk = participant.pk
    # Many people have no contract, plan or programme yet: one query says which of the lists to read.
    present = nonempty(
        {
            "contracts": (SocialContract, "participant", pk),
            "plans": (IndividualPlan, "participant", pk),
            "programmes": (ProgrammeParticipant, "participant", pk),
            "notes": (CaseNote, "participant", pk if notes else None),
        }
    )

    def rows(name: str, queryset):
        return queryset if name in present else []  # not .none(): even an empty queryset is compiled

    return "casework/_participant_casework.html", {
        "casework_participant_id": pk,
        "contracts": rows(
            "contracts", SocialContract.objects.for_membership(membership).filter(participant=participant)
        ),
        "plans": rows("plans", IndividualPlan.objects.for_membership(membership).filter(participant=participant)),
        "programmes": rows(
            "programmes",
            ProgrammeParticipant.objects.for_membership(membership)
            .filter(participant=participant)
            .select_related("programme"),
        ),
        "notes": rows(
            "notes",
            CaseNote.objects.visible_to(membership).filter(participant=participant).select_related("author__user"),
        )
        if notes
        else None,
    }


register_section(casework_section, order=30)
