"""API v1 serializers: recruitment."""

from __future__ import annotations

from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import StrictSerializer
from integra.core.roles import NeedKind
from integra.recruitment.models import Application, Decision


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = (
            "id",
            "call",
            "participant",
            "applied_on",
            "source",
            "points",
            "meets_requirements",
            "tie_break",
            "rank",
            "status",
            "participation",
        )


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ("id", "application", "decided_on", "from_status", "to_status", "rank", "reason")


class ApplicationWriteSerializer(StrictSerializer):
    """The application form: a participant and an open call of the centre; the service scores and ranks it."""

    call = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    applied_on = serializers.DateField()
    source = serializers.ChoiceField(choices=Application.Source.choices, required=False, default=Application.Source.OWN)
    home_interview_on = serializers.DateField(required=False, allow_null=True, default=None)
    questionnaire_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    needs = serializers.ListField(child=serializers.ChoiceField(choices=NeedKind.choices), required=False, default=list)


class ScoreWriteSerializer(StrictSerializer):
    """Points awarded by hand for one criterion of the "awarded by the recruiter" kind, with the justification."""

    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    points = serializers.IntegerField(min_value=0, max_value=32767)
    justification = serializers.CharField(max_length=5000)
    awarded_on = serializers.DateField()


class TieBreakWriteSerializer(StrictSerializer):
    """The committee's order among applications equal on points and date: lower goes first; null clears it."""

    tie_break = serializers.IntegerField(min_value=1, max_value=2**31 - 1, allow_null=True)


class WithdrawWriteSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)
    decided_on = serializers.DateField()


class QualifyWriteSerializer(StrictSerializer):
    """The committee's decision on a whole call: qualified up to the places, reserve list, rejected with a reason.

    Refused (`call_open`) while the call is open, unless `close_call` closes it in the same step."""

    call = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    decided_on = serializers.DateField()
    close_call = serializers.BooleanField(required=False, default=False)
