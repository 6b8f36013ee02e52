"""API v1 serializers: consents and messages (issue 28)."""

from __future__ import annotations

from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import StrictSerializer
from integra.outreach.models import Message
from integra.people.models import (
    Consent,
)


class ConsentSerializer(serializers.ModelSerializer):
    """A recorded consent: who (participant), for what (purpose), when, on what form, until when, withdrawn when."""

    class Meta:
        model = Consent
        fields = ("id", "participant", "purpose", "scope", "given_via", "given_on", "valid_until", "withdrawn_on")


class ConsentWriteSerializer(StrictSerializer):
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
    given_on = serializers.DateField()
    given_via = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    scope = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class ConsentWithdrawSerializer(StrictSerializer):
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)


class MessageSerializer(serializers.ModelSerializer):
    """A message sent to a participant: what kind, on which channel, how it went. The text and the address are
    not given out (a follow-up question's text holds the person's one-time link)."""

    class Meta:
        model = Message
        fields = (
            "id",
            "participant",
            "project",
            "purpose",
            "channel",
            "status",
            "parts",
            "points",
            "created_at",
            "sent_at",
            "delivered_at",
            "answered_at",
            "error",
        )
