"""API v1 serializers: projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import StrictSerializer
from integra.projects.models import Participation, ProgrammePeriod, Project, known_periods


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            "title",
            "kind",
            "status",
            "programme",
            "priority",
            "measure",
            "sub_measure",
            "programme_period",
            "start_on",
            "end_on",
            "club",
            "target_participants",
            "target_women",
            "target_disabled",
            "target_families",
            "target_jobs",
            "social_effectiveness_threshold",
            "employment_effectiveness_threshold",
            "employment_effectiveness_threshold_severe",
        )


@extend_schema_field(serializers.ChoiceField(choices=ProgrammePeriod.choices))
class ProgrammePeriodField(serializers.CharField):
    """One of the programming periods (an enum in the schema). Anything else („2021–2027” with a dash) reaches
    the project service, which refuses it with the screens' message, in Polish and English (`invalid_choice`)."""


PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("100")}
TARGET = {"min_value": 0, "max_value": 2**31 - 1, "required": False, "allow_null": True, "default": None}


class ProjectWriteSerializer(StrictSerializer):
    """The project form's fields; the service keeps the code unique in the centre (409 `duplicate`) and the
    end not before the start."""

    code = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Project.Kind.choices, required=False, default=Project.Kind.SYSTEMIC)
    status = serializers.ChoiceField(choices=Project.Status.choices, required=False, default=Project.Status.RUNNING)
    programme = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    priority = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    measure = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    sub_measure = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    programme_period = ProgrammePeriodField(
        required=False,
        default=ProgrammePeriod.P2021_2027.value,
        help_text=f"selects the EU indicator set: one of {known_periods()} (with a hyphen)",
    )
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    club = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    target_participants = serializers.IntegerField(**TARGET)
    target_women = serializers.IntegerField(**TARGET)
    target_disabled = serializers.IntegerField(**TARGET)
    target_families = serializers.IntegerField(**TARGET)
    target_jobs = serializers.IntegerField(**TARGET)
    social_effectiveness_threshold = serializers.DecimalField(**PERCENT, required=False, default=Decimal("34"))
    employment_effectiveness_threshold = serializers.DecimalField(**PERCENT, required=False, default=Decimal("22"))
    employment_effectiveness_threshold_severe = serializers.DecimalField(
        **PERCENT, required=False, default=Decimal("12")
    )


class ProjectUpdateSerializer(ProjectWriteSerializer):
    """A partial change, as the project form saves it: fields left out keep their values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = ("id", "project", "participant", "start_on", "end_on", "status", "entries")


class ParticipationWriteSerializer(StrictSerializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True)
