"""API v1 serializers: casework (metadata only)."""

from __future__ import annotations

from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import MAX_VERSION, StrictSerializer
from integra.casework.models import IndividualPlan, SocialContract


class ContractSerializer(serializers.ModelSerializer):
    """A social contract's metadata; its assessment and goals stay on the screens."""

    class Meta:
        model = SocialContract
        fields = (
            "id",
            "version",
            "number",
            "variant",
            "project",
            "social_worker",
            "participant",
            "household",
            "signed_on",
            "start_on",
            "end_on",
            "next_review_on",
            "status",
            "status_changed_on",
        )


class ContractWriteSerializer(StrictSerializer):
    """The contract form's metadata: a draft until it is signed. Its assessment, causes, goals and
    evaluation are written on the screens only (never over the API)."""

    number = serializers.CharField(max_length=50)
    variant = serializers.ChoiceField(
        choices=SocialContract.Variant.choices, required=False, default=SocialContract.Variant.B
    )
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    social_worker = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="a social worker's membership in the centre"
    )
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class ContractUpdateSerializer(StrictSerializer):
    """A change of the contract's dates (e.g. an extension), as the screen's "change the contract": fields left
    out keep their values; the date and reason of the change are kept in its history; `version` is the one read."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    modified_on = serializers.DateField(help_text="the date of the change")
    reason = serializers.CharField(max_length=2000, help_text="the reason for the change")
    start_on = serializers.DateField(required=False)
    end_on = serializers.DateField(required=False)
    next_review_on = serializers.DateField(required=False, allow_null=True)


class ContractSignSerializer(StrictSerializer):
    """Both parties sign a draft: it becomes active (signed no later than it starts)."""

    signed_on = serializers.DateField()


class ContractStatusSerializer(StrictSerializer):
    """Complete, break or terminate: draft → active | terminated, active → completed | broken | terminated.
    Breaking and terminating need the reason."""

    to_status = serializers.ChoiceField(choices=SocialContract.Status.choices)
    changed_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    decision = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="the decision taken, e.g. benefits suspended",
    )


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndividualPlan
        fields = (
            "id",
            "version",
            "participant",
            "project",
            "career_advisor",
            "drawn_up_on",
            "start_on",
            "end_on",
            "next_review_on",
            "status",
        )
