"""API v1 views: consents and messages (issue 28)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_id
from integra.api.views.common import (
    as_text,
    referenced,
)
from integra.core import permissions as p
from integra.outreach.models import Message
from integra.people import services as people
from integra.people.models import Consent, Participant


@extend_schema(tags=["participants"])
class ConsentViewSet(ApiViewSet):
    """Consents of the centre's participants (among them to SMS and e-mail); recorded and withdrawn by the roles
    that do it on the person's page."""

    serializer_class = s.ConsentSerializer
    read_rule = staticmethod(p.can_view_participants)
    write_rule = staticmethod(p.can_manage_consents)
    resource = "consents"
    filters = {"participant": ("participant_id", parse_id), "purpose": ("purpose", as_text)}

    def scoped(self) -> Any:
        return Consent.objects.for_membership(self.membership).order_by("-given_on", "id")

    @extend_schema(request=s.ConsentWriteSerializer, responses={201: s.ConsentSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ConsentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = referenced(Participant, data.pop("participant"), "participant", self.membership)
        item = people.add_consent(actor=self.membership, participant=person, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConsentWithdrawSerializer, responses={200: s.ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Any, pk: str) -> Response:
        consent = self.get_object()
        serializer = s.ConsentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdrawn_on = serializer.validated_data["withdrawn_on"] or timezone.localdate()
        item = people.withdraw_consent(actor=self.membership, consent=consent, withdrawn_on=withdrawn_on)
        return Response(self.get_serializer(item).data)


@extend_schema(tags=["participants"])
class MessageViewSet(ApiViewSet):
    """Reminders, notices and follow-up questions sent to the centre's participants, with their status."""

    serializer_class = s.MessageSerializer
    read_rule = staticmethod(p.can_view_messages)
    resource = "messages"
    filters = {
        "participant": ("participant_id", parse_id),
        "project": ("project_id", parse_id),
        "status": ("status", as_text),
        "channel": ("channel", as_text),
    }

    def scoped(self) -> Any:
        return Message.objects.for_membership(self.membership).order_by("-created_at", "-id")
