"""API v1 serializers: outcomes."""

from __future__ import annotations

from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import StrictSerializer
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind


class ExitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exit
        fields = ("id", "participation", "exit_on", "reason")


class ExitWriteSerializer(StrictSerializer):
    participation = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    exit_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=ExitReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ("id", "participation", "kind", "achieved_on", "evidence", "employer", "qualification_name")


class ResultWriteSerializer(StrictSerializer):
    participation = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    achieved_on = serializers.DateField()
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    employer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    qualification_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = (
            "id",
            "participation",
            "kind",
            "due_on",
            "done_on",
            "employed",
            "improved_situation",
            "source",
            "channel",
            "answer",
            "answered_at",
            "answer_status",
        )


class FollowUpWriteSerializer(StrictSerializer):
    done_on = serializers.DateField()
    employed = serializers.BooleanField(allow_null=True)
    improved_situation = serializers.BooleanField(allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
