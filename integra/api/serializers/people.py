"""API v1 serializers: people."""

from __future__ import annotations

from functools import partial
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import MAX_VERSION, StrictSerializer
from integra.core.permissions import can_view_contact_details, can_view_participant_record, can_view_sensitive
from integra.core.validators import validate_email_address, validate_email_change
from integra.people.models import (
    CONTACT_FIELDS,
    Answer,
    Degurba,
    Education,
    EligibilityGroup,
    Household,
    HouseholdMember,
    LabourStatus,
    Participant,
    Sex,
)

SENSITIVE_ANSWERS = ("disability", "foreign_background", "minority", "homeless", "other_disadvantage")


class SensitiveSerializer(serializers.Serializer):
    """Special-category answers: present only for roles that see them on the screens (can_view_sensitive)."""

    disability = serializers.ChoiceField(choices=Answer.choices)
    severe_disability = serializers.BooleanField()
    foreign_background = serializers.ChoiceField(choices=Answer.choices)
    minority = serializers.ChoiceField(choices=Answer.choices)
    homeless = serializers.ChoiceField(choices=Answer.choices)
    other_disadvantage = serializers.ChoiceField(choices=Answer.choices)
    groups = serializers.ListField(child=serializers.ChoiceField(choices=EligibilityGroup.choices))


PARTICIPANT_OUT = (
    "id",
    "version",
    "first_name",
    "last_name",
    "pesel",
    "no_pesel",
    "sex",
    "birth_date",
    "education",
    "country",
    "voivodeship",
    "powiat",
    "gmina",
    "locality",
    "street",
    "building_no",
    "flat_no",
    "postal_code",
    "degurba",
    "phone",
    "email",
    "labour_status",
    "long_term_unemployed",
    "third_country_national",
    "social_assistance_since",
    "household",
    "anonymised",
    "sensitive",
)


# What every role that may list people reads (can_view_participants); the rest is null for the accountant and the
# IOD, and the address lines, phone, e-mail and household for the auditor (as on the screens).
PARTICIPANT_REGISTRY = ("id", "version", "first_name", "last_name", "anonymised", "sensitive")


class ParticipantSerializer(serializers.ModelSerializer):
    """A person as the caller's role may read them: fields the role may not read are null (`sensitive` as well)."""

    anonymised = serializers.SerializerMethodField()
    sensitive = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = PARTICIPANT_OUT
        extra_kwargs = {name: {"allow_null": True} for name in PARTICIPANT_OUT if name not in PARTICIPANT_REGISTRY}

    def to_representation(self, instance: Participant) -> dict[str, Any]:
        data = super().to_representation(instance)
        membership = self.context["membership"]
        if not can_view_participant_record(membership):
            hidden = [name for name in data if name not in PARTICIPANT_REGISTRY]
        elif not can_view_contact_details(membership):
            hidden = [name for name in CONTACT_FIELDS if name in data]
        else:
            hidden = []
        return data | dict.fromkeys(hidden)

    def get_anonymised(self, obj: Participant) -> bool:
        return obj.anonymised_at is not None

    @extend_schema_field(SensitiveSerializer(allow_null=True))
    def get_sensitive(self, obj: Participant) -> dict[str, Any] | None:
        if not can_view_sensitive(self.context["membership"]):
            return None
        data = {name: getattr(obj, name) for name in SENSITIVE_ANSWERS}
        data["severe_disability"] = obj.severe_disability
        data["groups"] = sorted(g.group for g in obj.groups.all())
        return data


class ParticipantWriteSerializer(StrictSerializer):
    """The registry form's fields; the service checks PESEL, dates and every rule of the screens."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    pesel = serializers.CharField(max_length=11, required=False, allow_blank=True, allow_null=True)
    no_pesel = serializers.BooleanField(required=False, default=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True)
    country = serializers.CharField(max_length=60, required=False, allow_blank=True)
    voivodeship = serializers.CharField(max_length=60, required=False, allow_blank=True)
    powiat = serializers.CharField(max_length=60, required=False, allow_blank=True)
    gmina = serializers.CharField(max_length=60, required=False, allow_blank=True)
    locality = serializers.CharField(max_length=100, required=False, allow_blank=True)
    street = serializers.CharField(max_length=150, required=False, allow_blank=True)
    building_no = serializers.CharField(max_length=20, required=False, allow_blank=True)
    flat_no = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    degurba = serializers.ChoiceField(choices=Degurba.choices, required=False, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, validators=[validate_email_address])
    labour_status = serializers.ChoiceField(choices=LabourStatus.choices, required=False, allow_blank=True)
    long_term_unemployed = serializers.BooleanField(required=False, default=False)
    third_country_national = serializers.BooleanField(required=False, default=False)
    social_assistance_since = serializers.DateField(required=False, allow_null=True)
    disability = serializers.ChoiceField(choices=Answer.choices, required=False)
    severe_disability = serializers.BooleanField(required=False, default=False)
    foreign_background = serializers.ChoiceField(choices=Answer.choices, required=False)
    minority = serializers.ChoiceField(choices=Answer.choices, required=False)
    homeless = serializers.ChoiceField(choices=Answer.choices, required=False)
    other_disadvantage = serializers.ChoiceField(choices=Answer.choices, required=False)
    groups = serializers.ListField(child=serializers.ChoiceField(choices=EligibilityGroup.choices), required=False)


class ParticipantUpdateSerializer(ParticipantWriteSerializer):
    """A partial change: fields left out keep their values; `version` is the one read (optimistic lock)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)

    def __init__(self, *args: Any, stored_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty
        # The stored address sent back unchanged passes, as on the edit screen (validate_email_change).
        self.fields["email"].validators = [partial(validate_email_change, stored=stored_email)]


class ParticipantSearchSerializer(StrictSerializer):
    """Search by PESEL or surname in the body, never in the URL (personal data stays out of logs)."""

    pesel = serializers.RegexField(r"^\d{11}$", required=False)
    surname = serializers.CharField(max_length=100, required=False, min_length=2)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("pesel") and not attrs.get("surname"):
            raise serializers.ValidationError(
                {"pesel": [serializers.ErrorDetail("Give a PESEL or a surname.", code="required")]}
            )
        return attrs


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ("id", "participant", "first_name", "last_name", "birth_date", "relation")


class HouseholdSerializer(serializers.ModelSerializer):
    members = HouseholdMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ("id", "version", "name", "street", "postal_code", "locality", "in_social_work", "notes", "members")


class HouseholdMemberWriteSerializer(StrictSerializer):
    """One member, as a row of the household form: a participant of the centre, or a relative by name."""

    relation = serializers.ChoiceField(choices=HouseholdMember.Relation.choices)
    participant = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="a participant of the centre; or give the relative's name",
    )
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)


class HouseholdWriteSerializer(StrictSerializer):
    """The household form's fields; `members` is the whole list (exactly one head when there are members)."""

    name = serializers.CharField(max_length=200)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    locality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    in_social_work = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    members = HouseholdMemberWriteSerializer(many=True, required=False, default=list)


class HouseholdUpdateSerializer(HouseholdWriteSerializer):
    """A partial change: fields left out keep their values; `members`, when given, replaces the whole list
    (add a member by sending the list with it, remove one by leaving it out); `version` is the one read."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty
