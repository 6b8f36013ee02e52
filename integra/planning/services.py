"""planning: writes with a rule — the needs form on a participant."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core import history
from integra.core.models import HistoryEntry
from integra.institutions.models import Membership
from integra.people.models import Participant
from integra.planning.models import ParticipantNeed

NEED_OTHER_CENTRE = _("This person does not belong to your centre.")
NEED_IN_FUTURE = _("A need cannot be recorded with a future date.")
NEED_TWICE = _("This need is already recorded for this person on that day.")


@transaction.atomic
def record_need(
    *, actor: Membership, participant: Participant, need: str, recorded_on: dt.date, note: str = ""
) -> ParticipantNeed:
    """Note one need of a person (needs form); one row per need and day."""
    if participant.institution_id != actor.institution_id:
        raise ValidationError(NEED_OTHER_CENTRE)
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": NEED_IN_FUTURE})
    if ParticipantNeed.objects.filter(participant=participant, need=need, recorded_on=recorded_on).exists():
        raise ValidationError({"need": NEED_TWICE})
    row = ParticipantNeed(
        institution_id=actor.institution_id,
        participant=participant,
        need=need,
        recorded_on=recorded_on,
        note=note.strip(),
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    history.record(actor=actor, obj=row, action=HistoryEntry.Action.CREATE)
    return row
