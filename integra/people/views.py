"""Participant registry screens (filled in by the foundation work)."""

from django.http import HttpRequest, HttpResponse

from integra.core.permissions import can_view_participants, require


@require(can_view_participants)
def participant_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


participant_create = participant_detail = participant_edit = participant_list
household_list = household_create = household_detail = household_edit = participant_list
