"""API v1 views: recruitment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, CursorPage, parse_id
from integra.api.views.common import (
    NOT_IN_CENTRE,
    as_text,
    referenced,
)
from integra.core import permissions as p
from integra.people.models import Participant
from integra.recruitment import services as recruitment
from integra.recruitment.models import Application, Decision, RecruitmentCall


@extend_schema(tags=["recruitment"])
class ApplicationViewSet(ApiViewSet):
    """Applications to the centre's calls. Registering one and awarding points by hand follow the screens'
    rule (social workers too); the committee's tie-break and withdrawing are for coordinators and administrators."""

    serializer_class = s.ApplicationSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "recruitment applications"
    filters = {
        "call": ("call_id", parse_id),
        "participant": ("participant_id", parse_id),
        "status": ("status", as_text),
    }

    def write_rule_for(self, request: Any) -> Any:
        return p.can_manage_projects if self.action in ("withdraw", "tie_break") else self.write_rule

    def scoped(self) -> Any:
        return Application.objects.for_membership(self.membership)

    @extend_schema(request=s.ApplicationWriteSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ApplicationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        call = referenced(RecruitmentCall, data.pop("call"), "call", self.membership)
        participant = referenced(Participant, data.pop("participant"), "participant", self.membership)
        application = recruitment.register_application(
            actor=self.membership, call=call, participant=participant, **data
        )
        self.log_read(subject=application)  # the answer holds the points the person's recorded answers earn
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ScoreWriteSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request: Any, pk: str) -> Response:
        """Points by hand for a criterion of the application's call; the ranking of the call is computed again."""
        application = self.get_object()
        serializer = s.ScoreWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        criterion = application.call.criteria.filter(pk=data.pop("criterion")).first()
        if criterion is None:
            raise ValidationError({"criterion": [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
        recruitment.award_points(actor=self.membership, application=application, criterion=criterion, **data)
        self.log_read(subject=application)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.TieBreakWriteSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="tie-break")
    def tie_break(self, request: Any, pk: str) -> Response:
        """The committee's tie-break; the ranking of the call is computed again."""
        application = self.get_object()
        serializer = s.TieBreakWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recruitment.record_tie_break(actor=self.membership, application=application, **serializer.validated_data)
        self.log_read(subject=application)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.WithdrawWriteSerializer, responses={200: s.DecisionSerializer(many=True)})
    @action(detail=True, methods=["post"], pagination_class=None)
    def withdraw(self, request: Any, pk: str) -> Response:
        """The person resigns; answers the decisions made: the withdrawal and any promotion from the reserve list."""
        application = self.get_object()
        serializer = s.WithdrawWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decisions = recruitment.withdraw_application(
            actor=self.membership, application=application, **serializer.validated_data
        )
        self.log_read(subject=application, what="recruitment decisions")
        return Response(s.DecisionSerializer(decisions, many=True).data)


@extend_schema(tags=["recruitment"])
class DecisionViewSet(ApiViewSet):
    """Decisions are append-only. POST decides a whole call as the screen's "qualify" confirmation does and
    answers the decisions it made (none when nothing changed); an open call is refused (`call_open`) unless
    `close_call` closes it in the same step."""

    serializer_class = s.DecisionSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "recruitment decisions"
    filters = {"application": ("application_id", parse_id), "call": ("application__call_id", parse_id)}

    @property
    def pagination_class(self) -> Any:  # type: ignore[override]
        """The list pages; the create answers the decisions it made as a plain list (and the schema says so)."""
        return None if getattr(self, "action", None) == "create" else CursorPage

    def scoped(self) -> Any:
        return Decision.objects.for_membership(self.membership)

    @extend_schema(request=s.QualifyWriteSerializer, responses={201: s.DecisionSerializer(many=True)})
    def create(self, request: Any) -> Response:
        serializer = s.QualifyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call = referenced(RecruitmentCall, data["call"], "call", self.membership)
        decisions = recruitment.qualify_applicants(
            actor=self.membership, call=call, decided_on=data["decided_on"], close_call=data["close_call"]
        )
        self.log_read(subject=call)
        return Response(self.get_serializer(decisions, many=True).data, status=status.HTTP_201_CREATED)
