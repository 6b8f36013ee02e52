"""API v1 views: outcomes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_date, parse_id
from integra.api.views.common import (
    referenced,
)
from integra.core import permissions as p
from integra.outcomes import services as outcomes
from integra.outcomes.models import Exit, FollowUp, Result
from integra.projects.models import Participation


class _OutcomeViewSet(ApiViewSet):
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_record_results)  # exits: can_record_exits (ExitViewSet)
    filters = {"participation": ("participation_id", parse_id), "project": ("participation__project_id", parse_id)}


@extend_schema(tags=["outcomes"])
class ExitViewSet(_OutcomeViewSet):
    serializer_class = s.ExitSerializer
    resource = "exits"
    write_rule = staticmethod(p.can_record_exits)

    def scoped(self) -> Any:
        return Exit.objects.for_membership(self.membership)

    @extend_schema(request=s.ExitWriteSerializer, responses={201: s.ExitSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ExitWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participation = referenced(Participation, data.pop("participation"), "participation", self.membership)
        item = outcomes.record_exit(actor=self.membership, participation=participation, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outcomes"])
class ResultViewSet(_OutcomeViewSet):
    serializer_class = s.ResultSerializer
    resource = "results"

    def scoped(self) -> Any:
        return Result.objects.for_membership(self.membership)

    @extend_schema(request=s.ResultWriteSerializer, responses={201: s.ResultSerializer})
    def create(self, request: Any) -> Response:
        from integra.institutions.models import Partner

        serializer = s.ResultWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participation = referenced(Participation, data.pop("participation"), "participation", self.membership)
        employer = data.pop("employer")
        if employer is not None:
            employer = referenced(Partner, employer, "employer", self.membership)
        item = outcomes.record_result(actor=self.membership, participation=participation, employer=employer, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outcomes"])
class FollowUpViewSet(_OutcomeViewSet):
    serializer_class = s.FollowUpSerializer
    resource = "follow-ups"
    filters = {**_OutcomeViewSet.filters, "due_before": ("due_on__lte", parse_date)}

    def scoped(self) -> Any:
        return FollowUp.objects.for_membership(self.membership)

    @extend_schema(request=s.FollowUpWriteSerializer, responses={200: s.FollowUpSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request: Any, pk: str) -> Response:
        follow_up = self.get_object()
        serializer = s.FollowUpWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = outcomes.record_follow_up(actor=self.membership, follow_up=follow_up, **serializer.validated_data)
        return Response(self.get_serializer(item).data)
