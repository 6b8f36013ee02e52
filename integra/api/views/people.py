"""API v1 views: people."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_id
from integra.api.views.common import (
    NOT_IN_CENTRE,
    SEARCH_LIMIT,
    as_text,
)
from integra.core import permissions as p
from integra.people import services as people
from integra.people.models import Household, HouseholdMember, Participant, ParticipantGroup


@extend_schema(tags=["participants"])
class ParticipantViewSet(ApiViewSet):
    """Participants of the caller's centre. Special-category answers (`sensitive`) only for the roles
    that see them on the screens; search by PESEL or surname goes in the body of POST /participants/search/."""

    serializer_class = s.ParticipantSerializer
    read_rule = staticmethod(p.can_view_participants)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "participants"
    filters = {
        "labour_status": ("labour_status", as_text),
        "household": ("household_id", parse_id),
        "project": ("participations__project_id", parse_id),
    }

    def write_rule_for(self, request: Any) -> Any:
        return p.can_view_participants if self.action == "search" else self.write_rule

    def scoped(self) -> Any:
        people_qs = Participant.objects.for_membership(self.membership)
        if p.can_view_sensitive(self.membership):
            people_qs = people_qs.prefetch_related(
                Prefetch("groups", queryset=ParticipantGroup.objects.order_by("group"))
            )
        return people_qs

    @extend_schema(request=s.ParticipantWriteSerializer, responses={201: s.ParticipantSerializer})
    def create(self, request: Any) -> Response:
        data = self._input(s.ParticipantWriteSerializer(data=request.data))
        groups = data.pop("groups", [])
        person = people.create_participant(actor=self.membership, data=data, groups=groups)
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ParticipantUpdateSerializer, responses={200: s.ParticipantSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        person = self.get_object()
        data = self._input(s.ParticipantUpdateSerializer(data=request.data, stored_email=person.email))
        version = data.pop("version")
        groups = data.pop("groups", None)
        current = {name: getattr(person, name) for name in people.PARTICIPANT_FIELDS}
        current.update(data)
        person = people.update_participant(
            actor=self.membership, participant=person, version=version, data=current, groups=groups
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data)

    @extend_schema(request=s.ParticipantSearchSerializer, responses={200: s.ParticipantSerializer(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None)
    def search(self, request: Any) -> Response:
        """At most 50 matches, in id order; a PESEL matches exactly, a surname by its beginning."""
        data = self._input(s.ParticipantSearchSerializer(data=request.data))
        found = self.get_queryset()
        if data.get("pesel"):
            found = found.filter(pesel=data["pesel"])
        if data.get("surname"):
            found = found.search(data["surname"])
        rows = list(found.order_by("id")[:SEARCH_LIMIT])
        self.log_read(what="participants search")
        return Response(self.get_serializer(rows, many=True).data)

    def _input(self, serializer: Any) -> dict[str, Any]:
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema(tags=["households"])
class HouseholdViewSet(ApiViewSet):
    serializer_class = s.HouseholdSerializer
    read_rule = staticmethod(p.can_view_contact_details)
    resource = "households"
    filters = {"in_social_work": ("in_social_work", lambda raw: {"true": True, "false": False}[raw])}

    write_rule = staticmethod(p.can_edit_participants)

    def scoped(self) -> Any:
        members = HouseholdMember.objects.order_by("relation", "id")
        return Household.objects.for_membership(self.membership).prefetch_related(Prefetch("members", queryset=members))

    @extend_schema(request=s.HouseholdWriteSerializer, responses={201: s.HouseholdSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.HouseholdWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = self._members(data.pop("members"))
        household = people.create_household(actor=self.membership, data=data, members=members)
        return self._answer(household, status.HTTP_201_CREATED)

    @extend_schema(request=s.HouseholdUpdateSerializer, responses={200: s.HouseholdSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        household = self.get_object()
        serializer = s.HouseholdUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "members" in data:
            members = self._members(data.pop("members"))
        else:  # left out: the members stay as they are
            members = [
                people.MemberInput(
                    relation=m.relation,
                    participant=m.participant,
                    first_name=m.first_name,
                    last_name=m.last_name,
                    birth_date=m.birth_date,
                )
                for m in household.members.select_related("participant")
            ]
        current = {name: getattr(household, name) for name in people.HOUSEHOLD_FIELDS} | data
        household = people.update_household(
            actor=self.membership, household=household, version=version, data=current, members=members
        )
        return self._answer(household, status.HTTP_200_OK)

    def _members(self, rows: list[dict[str, Any]]) -> list[people.MemberInput]:
        """The body's rows as the form's; a participant of another centre is as unknown as a missing one."""
        ids = {row["participant"] for row in rows if row["participant"] is not None}
        found = Participant.objects.for_membership(self.membership).in_bulk(ids)
        errors = {
            index: {"participant": [ErrorDetail(str(NOT_IN_CENTRE), code="does_not_exist")]}
            for index, row in enumerate(rows)
            if row["participant"] is not None and row["participant"] not in found
        }
        if errors:  # keyed by the row's index, as DRF names a nested field's error (members.1.participant)
            raise DrfValidationError({"members": errors})
        return [
            people.MemberInput(
                relation=row["relation"],
                participant=found.get(row["participant"]),
                first_name=row["first_name"],
                last_name=row["last_name"],
                birth_date=row["birth_date"],
            )
            for row in rows
        ]

    def _answer(self, household: Household, code: int) -> Response:
        saved = self.get_queryset().get(pk=household.pk)
        self.log_read(subject=saved)  # the answer names the members
        return Response(self.get_serializer(saved).data, status=code)
