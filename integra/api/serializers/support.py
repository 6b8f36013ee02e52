"""API v1 serializers: support."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import MAX_VERSION, StrictSerializer
from integra.support.models import Activity, ActivityKind, Attendance, Enrolment, Session


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = (
            "id",
            "project",
            "instrument",
            "club",
            "title",
            "kind",
            "provider",
            "provider_name",
            "planned_hours",
            "capacity",
            "start_on",
            "end_on",
            "room",
        )


class ActivityWriteSerializer(StrictSerializer):
    """The activity form's fields; the service checks the centre of every row named, the project period,
    a retired instrument and that someone (a staff member or a firm) delivers it."""

    project = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    instrument = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="from the shared catalogue or the centre's own"
    )
    club = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    provider = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="a staff member of the centre; or give `provider_name`",
    )
    provider_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="the external firm that delivers the activity",
    )
    planned_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0"), required=False, default=Decimal("0")
    )
    capacity = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True, default=None)
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False, default=Decimal("0.00")
    )
    room = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ActivityUpdateSerializer(ActivityWriteSerializer):
    """A partial change, as the activity form saves it: fields left out keep their values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ("id", "activity", "participant", "enrolled_on", "status", "ended_on")


class EnrolmentWriteSerializer(StrictSerializer):
    activity = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    enrolled_on = serializers.DateField()


class AttendanceMarkSerializer(StrictSerializer):
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$", "example": "10:00:00"})
class LocalTimeField(serializers.TimeField):
    """A local wall-clock time "HH:MM:SS" (OpenAPI's `time` format would demand a UTC offset)."""


class SessionSerializer(serializers.ModelSerializer):
    marks = serializers.SerializerMethodField()
    start_time = LocalTimeField(format="%H:%M:%S")

    class Meta:
        model = Session
        fields = ("id", "version", "activity", "date", "start_time", "duration_minutes", "room", "staff", "marks")

    @extend_schema_field(AttendanceMarkSerializer(many=True))
    def get_marks(self, obj: Session) -> list[dict[str, Any]]:
        return [
            {"participant": a.participant_id, "status": a.status}
            for a in sorted(obj.attendances.all(), key=lambda a: a.participant_id)
        ]


class WallClockTimeField(serializers.TimeField):
    """A local time "HH:MM" or "HH:MM:SS", never with a UTC offset (the timetable is in the centre's time)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M:%S", input_formats=["%H:%M:%S", "%H:%M"], **kwargs)


extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "10:00"})(WallClockTimeField)


class SessionWriteSerializer(StrictSerializer):
    """The session form: one dated session of an activity. The service keeps it within the activity's period
    and refuses one that double-books its room, its staff member or a participant enrolled in it."""

    activity = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    date = serializers.DateField()
    start_time = WallClockTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    room = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="left empty: the activity's room"
    )
    staff = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="a staff member of the centre who runs the session",
    )


class SessionUpdateSerializer(StrictSerializer):
    """Moving a session, as the session form does: fields left out keep their values; the same clash rules
    apply; `version` is the one read (optimistic lock)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    date = serializers.DateField(required=False)
    start_time = WallClockTimeField(required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    room = serializers.CharField(max_length=100, required=False, allow_blank=True)
    staff = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class AttendanceWriteSerializer(StrictSerializer):
    """One session's marks at once; `version` is the session's version read (the list is locked as a whole)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    marks = AttendanceMarkSerializer(many=True, allow_empty=False)

    def validate_marks(self, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[int] = set()
        for mark in marks:
            if mark["participant"] in seen:
                raise serializers.ValidationError(
                    serializers.ErrorDetail("A participant is marked twice.", code="duplicate_mark")
                )
            seen.add(mark["participant"])
        return marks
