"""API v1 views: casework."""

from __future__ import annotations

from typing import Any

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
from integra.casework import services as casework
from integra.casework.models import IndividualPlan, SocialContract
from integra.core import permissions as p
from integra.institutions.models import Membership
from integra.people.models import Participant
from integra.projects.models import Project


@extend_schema(tags=["casework"])
class ContractViewSet(ApiViewSet):
    """Social contracts' metadata. Drawing one up, changing its dates, signing it and changing its status follow
    the screens' rule (administrators, coordinators, social workers); the assessment and goals stay on the screens."""

    serializer_class = s.ContractSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "social contracts"
    filters = {
        "participant": ("participant_id", parse_id),
        "status": ("status", as_text),
        "project": ("project_id", parse_id),
    }

    def scoped(self) -> Any:
        # The whole centre's, not the social worker's caseload: casework/README.md „Caseload”.
        return SocialContract.objects.for_membership(self.membership)

    @extend_schema(request=s.ContractWriteSerializer, responses={201: s.ContractSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ContractWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participant = referenced(Participant, data.pop("participant"), "participant", self.membership)
        social_worker = referenced(Membership, data.pop("social_worker"), "social_worker", self.membership)
        project = data.pop("project")
        if project is not None:
            project = referenced(Project, project, "project", self.membership)
        contract = casework.create_contract(
            actor=self.membership, participant=participant, social_worker=social_worker, project=project, **data
        )
        return self._answer(contract, status.HTTP_201_CREATED)

    @extend_schema(request=s.ContractUpdateSerializer, responses={200: s.ContractSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        """Changes the dates as the screen's "change the contract" does; the change and its reason are kept."""
        contract = self.get_object()
        serializer = s.ContractUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meta = {name: data.pop(name) for name in ("version", "modified_on", "reason")}
        contract = casework.modify_contract(
            actor=self.membership,
            contract=contract,
            changes=data,
            reason=meta["reason"],
            modified_on=meta["modified_on"],
            expected_version=meta["version"],
        )
        return self._answer(contract, status.HTTP_200_OK)

    @extend_schema(request=s.ContractSignSerializer, responses={200: s.ContractSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Any, pk: str) -> Response:
        """Both parties sign a draft: the contract becomes active."""
        contract = self.get_object()
        serializer = s.ContractSignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract = casework.sign_contract(actor=self.membership, contract=contract, **serializer.validated_data)
        return self._answer(contract, status.HTTP_200_OK)

    @extend_schema(request=s.ContractStatusSerializer, responses={200: s.ContractSerializer})
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request: Any, pk: str) -> Response:
        """Completes, breaks or terminates the contract with a date (and the reason); a breach stays recorded."""
        contract = self.get_object()
        serializer = s.ContractStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        casework.change_status(actor=self.membership, contract=contract, **serializer.validated_data)
        return self._answer(contract, status.HTTP_200_OK)

    def _answer(self, contract: SocialContract, code: int) -> Response:
        saved = self.get_queryset().get(pk=contract.pk)
        self.log_read(subject=saved)
        return Response(self.get_serializer(saved).data, status=code)


@extend_schema(tags=["casework"])
class PlanViewSet(ApiViewSet):
    serializer_class = s.PlanSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    resource = "individual plans"
    filters = {
        "participant": ("participant_id", parse_id),
        "status": ("status", as_text),
        "project": ("project_id", parse_id),
    }

    def scoped(self) -> Any:
        return IndividualPlan.objects.for_membership(self.membership)
