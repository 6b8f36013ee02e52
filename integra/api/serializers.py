"""Input and output schemas of API v1, one per operation. Output shapes are a promise (docs/api.md):
a field of v1 never changes meaning; a new meaning is a new field or a new version."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.casework.models import IndividualPlan, SocialContract
from integra.core.permissions import can_view_sensitive
from integra.core.roles import NeedKind
from integra.finance.models import BudgetLine, BudgetVersion, Expense
from integra.jobs.models import JobStatus
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.people.models import (
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
from integra.projects.models import Participation, Project
from integra.recruitment.models import Application, Decision
from integra.support.models import Activity, ActivityKind, Attendance, Enrolment, Session


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a misspelt field must not be silently dropped)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [serializers.ErrorDetail("This field is not accepted here.", code="unknown_field")]
                     for name in unknown}
                )
        return super().to_internal_value(data)


# ---------------------------------------------------------------- people

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
    "id", "version", "first_name", "last_name", "pesel", "no_pesel", "sex", "birth_date", "education", "country",
    "voivodeship", "powiat", "gmina", "locality", "street", "building_no", "flat_no", "postal_code", "degurba",
    "phone", "email", "labour_status", "long_term_unemployed", "third_country_national", "social_assistance_since",
    "household", "anonymised", "sensitive",
)


class ParticipantSerializer(serializers.ModelSerializer):
    anonymised = serializers.SerializerMethodField()
    sensitive = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = PARTICIPANT_OUT

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
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
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

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty


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
    participant = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                           help_text="a participant of the centre; or give the relative's name")
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

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty


# ---------------------------------------------------------------- projects


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = (
            "id", "code", "title", "kind", "status", "programme", "priority", "measure", "sub_measure",
            "programme_period", "start_on", "end_on", "club", "target_participants", "target_women",
            "target_disabled", "target_families", "target_jobs", "social_effectiveness_threshold",
            "employment_effectiveness_threshold", "employment_effectiveness_threshold_severe",
        )


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
    programme_period = serializers.CharField(max_length=10, required=False, default="2021-2027",
                                             help_text="selects the EU indicator set: 2014-2020 or 2021-2027")
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    club = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    target_participants = serializers.IntegerField(**TARGET)
    target_women = serializers.IntegerField(**TARGET)
    target_disabled = serializers.IntegerField(**TARGET)
    target_families = serializers.IntegerField(**TARGET)
    target_jobs = serializers.IntegerField(**TARGET)
    social_effectiveness_threshold = serializers.DecimalField(**PERCENT, required=False, default=Decimal("34"))
    employment_effectiveness_threshold = serializers.DecimalField(**PERCENT, required=False, default=Decimal("22"))
    employment_effectiveness_threshold_severe = serializers.DecimalField(**PERCENT, required=False,
                                                                         default=Decimal("12"))


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
    project = serializers.IntegerField(min_value=1)
    participant = serializers.IntegerField(min_value=1)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True)


# ---------------------------------------------------------------- recruitment


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = (
            "id", "call", "participant", "applied_on", "source", "points", "meets_requirements", "tie_break",
            "rank", "status", "participation",
        )


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ("id", "application", "decided_on", "from_status", "to_status", "rank", "reason")


class ApplicationWriteSerializer(StrictSerializer):
    """The application form: a participant and an open call of the centre; the service scores and ranks it."""

    call = serializers.IntegerField(min_value=1)
    participant = serializers.IntegerField(min_value=1)
    applied_on = serializers.DateField()
    source = serializers.ChoiceField(choices=Application.Source.choices, required=False, default=Application.Source.OWN)
    home_interview_on = serializers.DateField(required=False, allow_null=True, default=None)
    questionnaire_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    needs = serializers.ListField(child=serializers.ChoiceField(choices=NeedKind.choices), required=False, default=list)


class ScoreWriteSerializer(StrictSerializer):
    """Points awarded by hand for one criterion of the "awarded by the recruiter" kind, with the justification."""

    criterion = serializers.IntegerField(min_value=1)
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
    """The committee's decision on a whole call: qualified up to the places, reserve list, rejected with a reason."""

    call = serializers.IntegerField(min_value=1)
    decided_on = serializers.DateField()


# ---------------------------------------------------------------- casework (metadata only)


class ContractSerializer(serializers.ModelSerializer):
    """A social contract's metadata; its assessment and goals stay on the screens."""

    class Meta:
        model = SocialContract
        fields = (
            "id", "version", "number", "variant", "project", "social_worker", "participant", "household", "signed_on",
            "start_on", "end_on", "next_review_on", "status", "status_changed_on",
        )


class ContractWriteSerializer(StrictSerializer):
    """The contract form's metadata: a draft until it is signed. Its assessment, causes, goals and
    evaluation are written on the screens only (never over the API)."""

    number = serializers.CharField(max_length=50)
    variant = serializers.ChoiceField(choices=SocialContract.Variant.choices, required=False,
                                      default=SocialContract.Variant.B)
    participant = serializers.IntegerField(min_value=1)
    social_worker = serializers.IntegerField(min_value=1, help_text="a social worker's membership in the centre")
    project = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class ContractUpdateSerializer(StrictSerializer):
    """A change of the contract's dates (e.g. an extension), as the screen's "change the contract": fields left
    out keep their values; the date and reason of the change are kept in its history; `version` is the one read."""

    version = serializers.IntegerField(min_value=1)
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
    decision = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                     help_text="the decision taken, e.g. benefits suspended")


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndividualPlan
        fields = (
            "id", "version", "participant", "project", "career_advisor", "drawn_up_on", "start_on", "end_on",
            "next_review_on", "status",
        )


# ---------------------------------------------------------------- support


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = (
            "id", "project", "instrument", "club", "title", "kind", "provider", "provider_name", "planned_hours",
            "capacity", "start_on", "end_on", "room",
        )


class ActivityWriteSerializer(StrictSerializer):
    """The activity form's fields; the service checks the centre of every row named, the project period,
    a retired instrument and that someone (a staff member or a firm) delivers it."""

    project = serializers.IntegerField(min_value=1)
    instrument = serializers.IntegerField(min_value=1, help_text="from the shared catalogue or the centre's own")
    club = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    provider = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                        help_text="a staff member of the centre; or give `provider_name`")
    provider_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                          help_text="the external firm that delivers the activity")
    planned_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal("0"), required=False,
                                             default=Decimal("0"))
    capacity = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True, default=None)
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False,
                                    default=Decimal("0.00"))
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
    activity = serializers.IntegerField(min_value=1)
    participant = serializers.IntegerField(min_value=1)
    enrolled_on = serializers.DateField()


class AttendanceMarkSerializer(StrictSerializer):
    participant = serializers.IntegerField(min_value=1)
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
        return [{"participant": a.participant_id, "status": a.status}
                for a in sorted(obj.attendances.all(), key=lambda a: a.participant_id)]


class WallClockTimeField(serializers.TimeField):
    """A local time "HH:MM" or "HH:MM:SS", never with a UTC offset (the timetable is in the centre's time)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M:%S", input_formats=["%H:%M:%S", "%H:%M"], **kwargs)


extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "10:00"})(WallClockTimeField)


class SessionWriteSerializer(StrictSerializer):
    """The session form: one dated session of an activity. The service keeps it within the activity's period
    and refuses one that double-books its room, its staff member or a participant enrolled in it."""

    activity = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    start_time = WallClockTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    room = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                 help_text="left empty: the activity's room")
    staff = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                     help_text="a staff member of the centre who runs the session")


class SessionUpdateSerializer(StrictSerializer):
    """Moving a session, as the session form does: fields left out keep their values; the same clash rules
    apply; `version` is the one read (optimistic lock)."""

    version = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False)
    start_time = WallClockTimeField(required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    room = serializers.CharField(max_length=100, required=False, allow_blank=True)
    staff = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class AttendanceWriteSerializer(StrictSerializer):
    """One session's marks at once; `version` is the session's version read (the list is locked as a whole)."""

    version = serializers.IntegerField(min_value=1)
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


# ---------------------------------------------------------------- outcomes


class ExitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exit
        fields = ("id", "participation", "exit_on", "reason")


class ExitWriteSerializer(StrictSerializer):
    participation = serializers.IntegerField(min_value=1)
    exit_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=ExitReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ("id", "participation", "kind", "achieved_on", "evidence", "employer", "qualification_name")


class ResultWriteSerializer(StrictSerializer):
    participation = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    achieved_on = serializers.DateField()
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    employer = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    qualification_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ("id", "participation", "kind", "due_on", "done_on", "employed", "improved_situation")


class FollowUpWriteSerializer(StrictSerializer):
    done_on = serializers.DateField()
    employed = serializers.BooleanField(allow_null=True)
    improved_situation = serializers.BooleanField(allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# ---------------------------------------------------------------- finance (read)


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = (
            "id", "version", "lineage", "number", "task", "name", "category", "instrument_group", "eligible",
            "planned_eu", "planned_state", "planned_own",
        )


class BudgetVersionSerializer(serializers.ModelSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetVersion
        fields = ("id", "project", "number", "based_on", "status", "approved_on", "reason", "lines")


class ExpenseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expense
        fields = (
            "id", "project", "line", "date", "document_number", "contractor", "description", "amount", "source",
            "activity", "corrects",
        )


# ---------------------------------------------------------------- participant-sheet import


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="the sheet's row number")
    reasons = serializers.ListField(child=serializers.CharField())


class SheetImportSerializer(serializers.Serializer):
    """One import of a participant sheet and its row-by-row report (formats/participants.md)."""

    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    filename = serializers.CharField()
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    read = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    error = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    def get_error(self, obj: Any) -> str:
        return str(obj.report.get("error") or "")

    def get_warnings(self, obj: Any) -> list[str]:
        return [str(w) for w in obj.report.get("warnings", [])]

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, obj: Any) -> list[dict[str, Any]]:
        return [{"row": row, "reasons": [str(r) for r in reasons]} for row, reasons in obj.report.get("problems", [])]


class SheetUploadSerializer(StrictSerializer):
    project = serializers.IntegerField(min_value=1)
    file = serializers.FileField(help_text="the participant sheet, XLSX or CSV")
    dry_run = serializers.BooleanField(required=False, default=False,
                                       help_text="check every row and report, save nothing")


# ---------------------------------------------------------------- jobs


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="rows (or items) done so far")
    total = serializers.IntegerField(allow_null=True, help_text="rows in all; null while not yet known")
    percent = serializers.IntegerField(allow_null=True, help_text="0–100; null while the total is not known")


class JobSerializer(serializers.Serializer):
    """A job: long work (the participant-sheet import) that runs after the request has been answered.
    Poll it until `status` is `done` or `failed`."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="e.g. `outcomes.sheet_import`")
    status = serializers.ChoiceField(choices=JobStatus.choices, help_text="queued → running → done | failed")
    progress = serializers.SerializerMethodField()
    created = serializers.DateTimeField(source="created_at")
    started = serializers.DateTimeField(source="started_at", allow_null=True)
    finished = serializers.DateTimeField(source="finished_at", allow_null=True)
    error = serializers.CharField(help_text="why a failed job failed, in Polish; empty otherwise")
    sheet_import = serializers.SerializerMethodField(
        help_text="id of the import's row-by-row report (GET /api/v1/imports/participant-sheet/{id}/) once done")
    problems = serializers.SerializerMethodField(
        help_text="a failed import's refused rows with their reasons (nothing of the sheet was saved)")
    url = serializers.SerializerMethodField(help_text="this job, to poll")

    @extend_schema_field(JobProgressSerializer)
    def get_progress(self, obj: Any) -> dict[str, Any]:
        return {"done": obj.done, "total": obj.total, "percent": obj.percent}

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_sheet_import(self, obj: Any) -> int | None:
        value = obj.result.get("sheet_import") if isinstance(obj.result, dict) else None
        return value if isinstance(value, int) else None

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, obj: Any) -> list[dict[str, Any]]:
        problems = obj.result.get("problems", []) if isinstance(obj.result, dict) else []
        return [{"row": row, "reasons": [str(r) for r in reasons]} for row, reasons in problems]

    def get_url(self, obj: Any) -> str:
        path = reverse("api:job-detail", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
