"""API v1 views: support."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_date, parse_id
from integra.api.views.common import (
    as_text,
    one_of,
    referenced,
    staff_of,
)
from integra.core import permissions as p
from integra.institutions.models import Club
from integra.people.models import Participant
from integra.projects.models import Project
from integra.support import services as support
from integra.support.models import Activity, Attendance, Enrolment, Instrument, Session


@extend_schema(tags=["support"])
class ActivityViewSet(ApiViewSet):
    """Activities of the centre's projects. Creating and changing one is for coordinators and administrators,
    as on the screens, through the same service: the dates within the project's, no retired instrument newly
    chosen, a staff member or a firm that delivers it; the history records each change."""

    serializer_class = s.ActivitySerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    personal = False
    resource = "activities"
    filters = {"project": ("project_id", parse_id), "kind": ("kind", as_text)}

    def scoped(self) -> Any:
        return Activity.objects.for_membership(self.membership)

    @extend_schema(request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = support.create_activity(actor=self.membership, **self._rows(dict(serializer.validated_data)))
        return Response(self.get_serializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ActivityUpdateSerializer, responses={200: s.ActivitySerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        activity = self.get_object()
        serializer = s.ActivityUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = support.update_activity(
            actor=self.membership, activity=activity, **self._rows(dict(serializer.validated_data))
        )
        return Response(self.get_serializer(activity).data)

    def _rows(self, data: dict[str, Any]) -> dict[str, Any]:
        """Ids in the body as the centre's rows; another centre's row is as unknown as a missing one."""
        choices = {
            "project": Project.objects.for_membership(self.membership),
            "instrument": Instrument.objects.available_to(self.membership),  # a retired one: the service says so
            "club": Club.objects.for_membership(self.membership),
            "provider": staff_of(self.membership),
        }
        for name, queryset in choices.items():
            if name in data:
                data[name] = one_of(queryset, data[name], name)
        return data


@extend_schema(tags=["support"])
class EnrolmentViewSet(ApiViewSet):
    serializer_class = s.EnrolmentSerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "enrolments"
    filters = {
        "activity": ("activity_id", parse_id),
        "participant": ("participant_id", parse_id),
        "status": ("status", as_text),
    }

    def scoped(self) -> Any:
        return Enrolment.objects.for_membership(self.membership)

    @extend_schema(request=s.EnrolmentWriteSerializer, responses={201: s.EnrolmentSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.EnrolmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enrolment = support.enrol(
            actor=self.membership,
            activity=referenced(Activity, data["activity"], "activity", self.membership),
            participant=referenced(Participant, data["participant"], "participant", self.membership),
            enrolled_on=data["enrolled_on"],
        )
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SessionViewSet(ApiViewSet):
    """Sessions with their attendance marks; PUT /sessions/{id}/attendance/ writes one session's marks at once."""

    serializer_class = s.SessionSerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "sessions"
    filters = {
        "activity": ("activity_id", parse_id),
        "date_from": ("date__gte", parse_date),
        "date_to": ("date__lte", parse_date),
    }

    def write_rule_for(self, request: Any) -> Any:
        """Scheduling is for coordinators and administrators; marks for whoever records support (and runs it)."""
        return p.can_record_support if self.action == "attendance" else self.write_rule

    @extend_schema(request=s.SessionWriteSerializer, responses={201: s.SessionSerializer})
    def create(self, request: Any) -> Response:
        """A session of an activity, within its period; a session that double-books a room, a staff member
        or an enrolled participant is refused (`room_clash`, `staff_clash`, `participant_clash`)."""
        serializer = s.SessionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["activity"] = referenced(Activity, data["activity"], "activity", self.membership)
        data["staff"] = one_of(staff_of(self.membership), data["staff"], "staff")
        session = support.schedule_session(actor=self.membership, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=session.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.SessionUpdateSerializer, responses={200: s.SessionSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        """Moves a session under the same clash rules; a stale `version` is refused with 409."""
        session = self.get_object()
        serializer = s.SessionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "staff" in data:
            data["staff"] = one_of(staff_of(self.membership), data["staff"], "staff")
        current = {name: getattr(session, name) for name in ("date", "start_time", "duration_minutes", "room", "staff")}
        session = support.reschedule_session(
            actor=self.membership, session=session, expected_version=version, **(current | data)
        )
        saved = self.get_queryset().get(pk=session.pk)
        self.log_read(subject=saved)  # the answer holds the session's attendance marks
        return Response(self.get_serializer(saved).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Any, pk: str) -> Response:
        """Cancels a session, as the session form's cancel button does: only while nobody has marked
        attendance for it (`has_attendance` otherwise); the history records the deletion."""
        support.cancel_session(actor=self.membership, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def scoped(self) -> Any:
        return (
            Session.objects.for_membership(self.membership)
            .select_related("activity")
            .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.order_by("participant_id")))
        )

    @extend_schema(request=s.AttendanceWriteSerializer, responses={200: s.SessionSerializer})
    @action(detail=True, methods=["put"])
    def attendance(self, request: Any, pk: str) -> Response:
        session = self.get_object()
        if not p.can_mark_attendance(self.membership, session):
            raise PermissionDenied
        serializer = s.AttendanceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        support.record_attendance(
            actor=self.membership,
            session=session,
            expected_version=data["version"],
            marks={mark["participant"]: mark["status"] for mark in data["marks"]},
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)
