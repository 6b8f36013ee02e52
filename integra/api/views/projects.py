"""API v1 views: projects."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_id
from integra.api.views.common import (
    as_text,
    one_of,
    referenced,
)
from integra.core import permissions as p
from integra.institutions.models import Club
from integra.people.models import Participant
from integra.projects import services as projects
from integra.projects.models import Participation, Project


@extend_schema(tags=["projects"])
class ProjectViewSet(ApiViewSet):
    """The centre's projects. Registering and changing one is for coordinators and administrators, as on the
    screens, through the same service (its history entries; a code already used in the centre is 409)."""

    serializer_class = s.ProjectSerializer
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_manage_projects)
    personal = False
    resource = "projects"
    filters = {"status": ("status", as_text), "code": ("code", as_text)}

    def scoped(self) -> Any:
        return Project.objects.for_membership(self.membership)

    @extend_schema(request=s.ProjectWriteSerializer, responses={201: s.ProjectSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ProjectWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = projects.create_project(actor=self.membership, **self._club(dict(serializer.validated_data)))
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProjectUpdateSerializer, responses={200: s.ProjectSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        project = self.get_object()
        serializer = s.ProjectUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = projects.update_project(
            actor=self.membership, project=project, **self._club(dict(serializer.validated_data))
        )
        return Response(self.get_serializer(project).data)

    def _club(self, data: dict[str, Any]) -> dict[str, Any]:
        if "club" in data:
            data["club"] = one_of(Club.objects.for_membership(self.membership), data["club"], "club")
        return data


@extend_schema(tags=["projects"])
class ParticipationViewSet(ApiViewSet):
    serializer_class = s.ParticipationSerializer
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "participations"
    filters = {
        "project": ("project_id", parse_id),
        "participant": ("participant_id", parse_id),
        "status": ("status", as_text),
    }

    def scoped(self) -> Any:
        return Participation.objects.for_membership(self.membership)

    @extend_schema(request=s.ParticipationWriteSerializer, responses={201: s.ParticipationSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ParticipationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participation = projects.add_participation(
            actor=self.membership,
            project=referenced(Project, data["project"], "project", self.membership),
            participant=referenced(Participant, data["participant"], "participant", self.membership),
            start_on=data["start_on"],
            end_on=data.get("end_on"),
        )
        return Response(self.get_serializer(participation).data, status=status.HTTP_201_CREATED)
