"""API v1 resources: thin views over the apps' queries and services (the same ones the screens call)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, CursorPage, parse_date, parse_id
from integra.api.errors import RequestTooLarge
from integra.casework import services as casework
from integra.casework.models import IndividualPlan, SocialContract
from integra.core import permissions as p
from integra.finance.models import BudgetLine, BudgetVersion, Expense
from integra.institutions.models import Club, Membership
from integra.jobs import queries as job_queries
from integra.jobs import services as job_services
from integra.jobs.services import MSG_KEY_TOO_LONG, start_job
from integra.outcomes import services as outcomes
from integra.outcomes.forms import MSG_FILE_TYPE
from integra.outcomes.jobs import IMPORT as SHEET_IMPORT_JOB
from integra.outcomes.models import Exit, FollowUp, Result, SheetImport
from integra.people import services as people
from integra.people.models import Household, HouseholdMember, Participant, ParticipantGroup
from integra.projects import services as projects
from integra.projects.models import Participation, Project
from integra.recruitment import services as recruitment
from integra.recruitment.models import Application, Decision, RecruitmentCall
from integra.support import services as support
from integra.support.models import Activity, Attendance, Enrolment, Instrument, Session

NOT_IN_CENTRE = _("No such record in your centre.")
SEARCH_LIMIT = 50
IDEMPOTENCY_HEADER = "Idempotency-Key"
SHEET_SUFFIXES = (".xlsx", ".csv", ".txt")  # as the import screen (integra.outcomes.forms.SheetUploadForm)


def referenced(model: type, pk: int, field: str, membership: Any) -> Any:
    """A row named in the body, of the caller's centre; another centre's row is as unknown as a missing one."""
    found = model.objects.for_membership(membership).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
    return found


def _one(queryset: Any, pk: int | None, field: str) -> Any:
    """`referenced` over a queryset of its own (the instruments a centre may choose, its active staff)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
    return found


def _staff(membership: Any) -> Any:
    """The centre's active staff, as the support forms offer them (integra.support.forms.staff_of)."""
    return Membership.objects.for_membership(membership).filter(is_active=True)


def _str(raw: str) -> str:
    return raw


# ---------------------------------------------------------------- people


@extend_schema(tags=["participants"])
class ParticipantViewSet(ApiViewSet):
    """Participants of the caller's centre. Special-category answers (`sensitive`) only for the roles
    that see them on the screens; search by PESEL or surname goes in the body of POST /participants/search/."""

    serializer_class = s.ParticipantSerializer
    read_rule = staticmethod(p.can_view_participants)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "participants"
    filters = {
        "labour_status": ("labour_status", _str), "household": ("household_id", parse_id),
        "project": ("participations__project_id", parse_id),
    }

    def write_rule_for(self, request: Any) -> Any:
        return p.can_view_participants if self.action == "search" else self.write_rule

    def scoped(self) -> Any:
        people_qs = Participant.objects.for_membership(self.membership)
        if p.can_view_sensitive(self.membership):
            people_qs = people_qs.prefetch_related(Prefetch("groups", queryset=ParticipantGroup.objects.order_by("group")))
        return people_qs

    @extend_schema(request=s.ParticipantWriteSerializer, responses={201: s.ParticipantSerializer})
    def create(self, request: Any) -> Response:
        data = self._input(s.ParticipantWriteSerializer(data=request.data))
        groups = data.pop("groups", [])
        person = people.create_participant(actor=self.membership, data=data, groups=groups)
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ParticipantUpdateSerializer, responses={200: s.ParticipantSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        person = self.get_object()
        data = self._input(s.ParticipantUpdateSerializer(data=request.data))
        version = data.pop("version")
        groups = data.pop("groups", None)
        current = {name: getattr(person, name) for name in people.PARTICIPANT_FIELDS}
        current.update(data)
        person = people.update_participant(actor=self.membership, participant=person, version=version, data=current,
                                           groups=groups)
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data)

    @extend_schema(request=s.ParticipantSearchSerializer, responses={200: s.ParticipantSerializer(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None)
    def search(self, request: Any) -> Response:
        """At most 50 matches, in id order; a PESEL matches exactly, a surname by its beginning."""
        data = self._input(s.ParticipantSearchSerializer(data=request.data))
        found = self.get_queryset()
        if data.get("pesel"):
            found = found.filter(pesel=data["pesel"])
        if data.get("surname"):
            found = found.search(data["surname"])
        rows = list(found.order_by("id")[:SEARCH_LIMIT])
        self.log_read(what="participants search")
        return Response(self.get_serializer(rows, many=True).data)

    def _input(self, serializer: Any) -> dict[str, Any]:
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema(tags=["households"])
class HouseholdViewSet(ApiViewSet):
    serializer_class = s.HouseholdSerializer
    read_rule = staticmethod(p.is_centre_staff)
    resource = "households"
    filters = {"in_social_work": ("in_social_work", lambda raw: {"true": True, "false": False}[raw])}

    write_rule = staticmethod(p.can_edit_participants)

    def scoped(self) -> Any:
        members = HouseholdMember.objects.order_by("relation", "id")
        return Household.objects.for_membership(self.membership).prefetch_related(Prefetch("members", queryset=members))

    @extend_schema(request=s.HouseholdWriteSerializer, responses={201: s.HouseholdSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.HouseholdWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = self._members(data.pop("members"))
        household = people.create_household(actor=self.membership, data=data, members=members)
        return self._answer(household, status.HTTP_201_CREATED)

    @extend_schema(request=s.HouseholdUpdateSerializer, responses={200: s.HouseholdSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        household = self.get_object()
        serializer = s.HouseholdUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "members" in data:
            members = self._members(data.pop("members"))
        else:  # left out: the members stay as they are
            members = [people.MemberInput(relation=m.relation, participant=m.participant, first_name=m.first_name,
                                          last_name=m.last_name, birth_date=m.birth_date)
                       for m in household.members.select_related("participant")]
        current = {name: getattr(household, name) for name in people.HOUSEHOLD_FIELDS} | data
        household = people.update_household(actor=self.membership, household=household, version=version,
                                            data=current, members=members)
        return self._answer(household, status.HTTP_200_OK)

    def _members(self, rows: list[dict[str, Any]]) -> list[people.MemberInput]:
        """The body's rows as the form's; a participant of another centre is as unknown as a missing one."""
        ids = {row["participant"] for row in rows if row["participant"] is not None}
        found = Participant.objects.for_membership(self.membership).in_bulk(ids)
        errors = {index: {"participant": [ErrorDetail(str(NOT_IN_CENTRE), code="does_not_exist")]}
                  for index, row in enumerate(rows) if row["participant"] is not None and row["participant"] not in found}
        if errors:  # keyed by the row's index, as DRF names a nested field's error (members.1.participant)
            raise DrfValidationError({"members": errors})
        return [people.MemberInput(relation=row["relation"], participant=found.get(row["participant"]),
                                   first_name=row["first_name"], last_name=row["last_name"],
                                   birth_date=row["birth_date"]) for row in rows]

    def _answer(self, household: Household, code: int) -> Response:
        saved = self.get_queryset().get(pk=household.pk)
        self.log_read(subject=saved)  # the answer names the members
        return Response(self.get_serializer(saved).data, status=code)


# ---------------------------------------------------------------- projects


@extend_schema(tags=["projects"])
class ProjectViewSet(ApiViewSet):
    """The centre's projects. Registering and changing one is for coordinators and administrators, as on the
    screens, through the same service (its history entries; a code already used in the centre is 409)."""

    serializer_class = s.ProjectSerializer
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_manage_projects)
    personal = False
    resource = "projects"
    filters = {"status": ("status", _str), "code": ("code", _str)}

    def scoped(self) -> Any:
        return Project.objects.for_membership(self.membership)

    @extend_schema(request=s.ProjectWriteSerializer, responses={201: s.ProjectSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ProjectWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = projects.create_project(actor=self.membership, **self._club(dict(serializer.validated_data)))
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProjectUpdateSerializer, responses={200: s.ProjectSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        project = self.get_object()
        serializer = s.ProjectUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = projects.update_project(actor=self.membership, project=project,
                                          **self._club(dict(serializer.validated_data)))
        return Response(self.get_serializer(project).data)

    def _club(self, data: dict[str, Any]) -> dict[str, Any]:
        if "club" in data:
            data["club"] = _one(Club.objects.for_membership(self.membership), data["club"], "club")
        return data


@extend_schema(tags=["projects"])
class ParticipationViewSet(ApiViewSet):
    serializer_class = s.ParticipationSerializer
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "participations"
    filters = {"project": ("project_id", parse_id), "participant": ("participant_id", parse_id), "status": ("status", _str)}

    def scoped(self) -> Any:
        return Participation.objects.for_membership(self.membership)

    @extend_schema(request=s.ParticipationWriteSerializer, responses={201: s.ParticipationSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ParticipationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participation = projects.add_participation(
            actor=self.membership, project=referenced(Project, data["project"], "project", self.membership),
            participant=referenced(Participant, data["participant"], "participant", self.membership),
            start_on=data["start_on"], end_on=data.get("end_on"),
        )
        return Response(self.get_serializer(participation).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- recruitment


@extend_schema(tags=["recruitment"])
class ApplicationViewSet(ApiViewSet):
    """Applications to the centre's calls. Registering one and awarding points by hand follow the screens'
    rule (social workers too); the committee's tie-break and withdrawing are for coordinators and administrators."""

    serializer_class = s.ApplicationSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "recruitment applications"
    filters = {"call": ("call_id", parse_id), "participant": ("participant_id", parse_id), "status": ("status", _str)}

    def write_rule_for(self, request: Any) -> Any:
        return p.can_manage_projects if self.action in ("withdraw", "tie_break") else self.write_rule

    def scoped(self) -> Any:
        return Application.objects.for_membership(self.membership)

    @extend_schema(request=s.ApplicationWriteSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ApplicationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        call = referenced(RecruitmentCall, data.pop("call"), "call", self.membership)
        participant = referenced(Participant, data.pop("participant"), "participant", self.membership)
        application = recruitment.register_application(actor=self.membership, call=call, participant=participant, **data)
        self.log_read(subject=application)  # the answer holds the points the person's recorded answers earn
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ScoreWriteSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request: Any, pk: str) -> Response:
        """Points by hand for a criterion of the application's call; the ranking of the call is computed again."""
        application = self.get_object()
        serializer = s.ScoreWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        criterion = application.call.criteria.filter(pk=data.pop("criterion")).first()
        if criterion is None:
            raise ValidationError({"criterion": [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
        recruitment.award_points(actor=self.membership, application=application, criterion=criterion, **data)
        self.log_read(subject=application)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.TieBreakWriteSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="tie-break")
    def tie_break(self, request: Any, pk: str) -> Response:
        """The committee's tie-break; the ranking of the call is computed again."""
        application = self.get_object()
        serializer = s.TieBreakWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recruitment.record_tie_break(actor=self.membership, application=application, **serializer.validated_data)
        self.log_read(subject=application)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.WithdrawWriteSerializer, responses={200: s.DecisionSerializer(many=True)})
    @action(detail=True, methods=["post"], pagination_class=None)
    def withdraw(self, request: Any, pk: str) -> Response:
        """The person resigns; answers the decisions made: the withdrawal and any promotion from the reserve list."""
        application = self.get_object()
        serializer = s.WithdrawWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decisions = recruitment.withdraw_application(actor=self.membership, application=application,
                                                     **serializer.validated_data)
        self.log_read(subject=application, what="recruitment decisions")
        return Response(s.DecisionSerializer(decisions, many=True).data)


@extend_schema(tags=["recruitment"])
class DecisionViewSet(ApiViewSet):
    """Decisions are append-only. POST decides a whole call as the screen's "qualify" button does and answers
    the decisions it made (none when nothing changed)."""

    serializer_class = s.DecisionSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "recruitment decisions"
    filters = {"application": ("application_id", parse_id), "call": ("application__call_id", parse_id)}

    @property
    def pagination_class(self) -> Any:  # type: ignore[override]
        """The list pages; the create answers the decisions it made as a plain list (and the schema says so)."""
        return None if getattr(self, "action", None) == "create" else CursorPage

    def scoped(self) -> Any:
        return Decision.objects.for_membership(self.membership)

    @extend_schema(request=s.QualifyWriteSerializer, responses={201: s.DecisionSerializer(many=True)})
    def create(self, request: Any) -> Response:
        serializer = s.QualifyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call = referenced(RecruitmentCall, data["call"], "call", self.membership)
        decisions = recruitment.qualify_applicants(actor=self.membership, call=call, decided_on=data["decided_on"])
        self.log_read(subject=call)
        return Response(self.get_serializer(decisions, many=True).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- casework


@extend_schema(tags=["casework"])
class ContractViewSet(ApiViewSet):
    """Social contracts' metadata. Drawing one up, changing its dates, signing it and changing its status follow
    the screens' rule (administrators, coordinators, social workers); the assessment and goals stay on the screens."""

    serializer_class = s.ContractSerializer
    read_rule = staticmethod(p.can_view_sensitive)
    write_rule = staticmethod(p.can_edit_participants)
    resource = "social contracts"
    filters = {"participant": ("participant_id", parse_id), "status": ("status", _str), "project": ("project_id", parse_id)}

    def scoped(self) -> Any:
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
        contract = casework.create_contract(actor=self.membership, participant=participant,
                                            social_worker=social_worker, project=project, **data)
        return self._answer(contract, status.HTTP_201_CREATED)

    @extend_schema(request=s.ContractUpdateSerializer, responses={200: s.ContractSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        """Changes the dates as the screen's "change the contract" does; the change and its reason are kept."""
        contract = self.get_object()
        serializer = s.ContractUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meta = {name: data.pop(name) for name in ("version", "modified_on", "reason")}
        contract = casework.modify_contract(actor=self.membership, contract=contract, changes=data,
                                            reason=meta["reason"], modified_on=meta["modified_on"],
                                            expected_version=meta["version"])
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
    filters = {"participant": ("participant_id", parse_id), "status": ("status", _str), "project": ("project_id", parse_id)}

    def scoped(self) -> Any:
        return IndividualPlan.objects.for_membership(self.membership)


# ---------------------------------------------------------------- support


@extend_schema(tags=["support"])
class ActivityViewSet(ApiViewSet):
    """Activities of the centre's projects. Creating and changing one is for coordinators and administrators,
    as on the screens, through the same service: the dates within the project's, no retired instrument newly
    chosen, a staff member or a firm that delivers it; the history records each change."""

    serializer_class = s.ActivitySerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    personal = False
    resource = "activities"
    filters = {"project": ("project_id", parse_id), "kind": ("kind", _str)}

    def scoped(self) -> Any:
        return Activity.objects.for_membership(self.membership)

    @extend_schema(request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = support.create_activity(actor=self.membership, **self._rows(dict(serializer.validated_data)))
        return Response(self.get_serializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ActivityUpdateSerializer, responses={200: s.ActivitySerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        activity = self.get_object()
        serializer = s.ActivityUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = support.update_activity(actor=self.membership, activity=activity,
                                           **self._rows(dict(serializer.validated_data)))
        return Response(self.get_serializer(activity).data)

    def _rows(self, data: dict[str, Any]) -> dict[str, Any]:
        """Ids in the body as the centre's rows; another centre's row is as unknown as a missing one."""
        choices = {
            "project": Project.objects.for_membership(self.membership),
            "instrument": Instrument.objects.available_to(self.membership),  # a retired one: the service says so
            "club": Club.objects.for_membership(self.membership),
            "provider": _staff(self.membership),
        }
        for name, queryset in choices.items():
            if name in data:
                data[name] = _one(queryset, data[name], name)
        return data


@extend_schema(tags=["support"])
class EnrolmentViewSet(ApiViewSet):
    serializer_class = s.EnrolmentSerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "enrolments"
    filters = {"activity": ("activity_id", parse_id), "participant": ("participant_id", parse_id), "status": ("status", _str)}

    def scoped(self) -> Any:
        return Enrolment.objects.for_membership(self.membership)

    @extend_schema(request=s.EnrolmentWriteSerializer, responses={201: s.EnrolmentSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.EnrolmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enrolment = support.enrol(
            actor=self.membership, activity=referenced(Activity, data["activity"], "activity", self.membership),
            participant=referenced(Participant, data["participant"], "participant", self.membership),
            enrolled_on=data["enrolled_on"],
        )
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SessionViewSet(ApiViewSet):
    """Sessions with their attendance marks; PUT /sessions/{id}/attendance/ writes one session's marks at once."""

    serializer_class = s.SessionSerializer
    read_rule = staticmethod(p.can_view_activities)
    write_rule = staticmethod(p.can_manage_projects)
    resource = "sessions"
    filters = {"activity": ("activity_id", parse_id), "date_from": ("date__gte", parse_date),
               "date_to": ("date__lte", parse_date)}

    def write_rule_for(self, request: Any) -> Any:
        """Scheduling is for coordinators and administrators; marks for whoever records support (and runs it)."""
        return p.can_record_support if self.action == "attendance" else self.write_rule

    @extend_schema(request=s.SessionWriteSerializer, responses={201: s.SessionSerializer})
    def create(self, request: Any) -> Response:
        """A session of an activity, within its period; a session that double-books a room, a staff member
        or an enrolled participant is refused (`room_clash`, `staff_clash`, `participant_clash`)."""
        serializer = s.SessionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["activity"] = referenced(Activity, data["activity"], "activity", self.membership)
        data["staff"] = _one(_staff(self.membership), data["staff"], "staff")
        session = support.schedule_session(actor=self.membership, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SessionUpdateSerializer, responses={200: s.SessionSerializer})
    def partial_update(self, request: Any, pk: str) -> Response:
        """Moves a session under the same clash rules; a stale `version` is refused with 409."""
        session = self.get_object()
        serializer = s.SessionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "staff" in data:
            data["staff"] = _one(_staff(self.membership), data["staff"], "staff")
        current = {name: getattr(session, name) for name in ("date", "start_time", "duration_minutes", "room", "staff")}
        session = support.reschedule_session(actor=self.membership, session=session, expected_version=version,
                                             **(current | data))
        saved = self.get_queryset().get(pk=session.pk)
        self.log_read(subject=saved)  # the answer holds the session's attendance marks
        return Response(self.get_serializer(saved).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Any, pk: str) -> Response:
        """Cancels a session, as the session form's cancel button does: only while nobody has marked
        attendance for it (`has_attendance` otherwise); the history records the deletion."""
        support.cancel_session(actor=self.membership, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def scoped(self) -> Any:
        return Session.objects.for_membership(self.membership).select_related("activity").prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.order_by("participant_id"))
        )

    @extend_schema(request=s.AttendanceWriteSerializer, responses={200: s.SessionSerializer})
    @action(detail=True, methods=["put"])
    def attendance(self, request: Any, pk: str) -> Response:
        session = self.get_object()
        if not p.can_mark_attendance(self.membership, session):
            raise PermissionDenied
        serializer = s.AttendanceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        support.record_attendance(
            actor=self.membership, session=session, expected_version=data["version"],
            marks={mark["participant"]: mark["status"] for mark in data["marks"]},
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)


# ---------------------------------------------------------------- outcomes


class _OutcomeViewSet(ApiViewSet):
    read_rule = staticmethod(p.can_view_projects)
    write_rule = staticmethod(p.can_record_outcomes)
    filters = {"participation": ("participation_id", parse_id), "project": ("participation__project_id", parse_id)}


@extend_schema(tags=["outcomes"])
class ExitViewSet(_OutcomeViewSet):
    serializer_class = s.ExitSerializer
    resource = "exits"

    def scoped(self) -> Any:
        return Exit.objects.for_membership(self.membership)

    @extend_schema(request=s.ExitWriteSerializer, responses={201: s.ExitSerializer})
    def create(self, request: Any) -> Response:
        serializer = s.ExitWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participation = referenced(Participation, data.pop("participation"), "participation", self.membership)
        item = outcomes.record_exit(actor=self.membership, participation=participation, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outcomes"])
class ResultViewSet(_OutcomeViewSet):
    serializer_class = s.ResultSerializer
    resource = "results"

    def scoped(self) -> Any:
        return Result.objects.for_membership(self.membership)

    @extend_schema(request=s.ResultWriteSerializer, responses={201: s.ResultSerializer})
    def create(self, request: Any) -> Response:
        from integra.institutions.models import Partner

        serializer = s.ResultWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participation = referenced(Participation, data.pop("participation"), "participation", self.membership)
        employer = data.pop("employer")
        if employer is not None:
            employer = referenced(Partner, employer, "employer", self.membership)
        item = outcomes.record_result(actor=self.membership, participation=participation, employer=employer, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outcomes"])
class FollowUpViewSet(_OutcomeViewSet):
    serializer_class = s.FollowUpSerializer
    resource = "follow-ups"
    filters = {**_OutcomeViewSet.filters, "due_before": ("due_on__lte", parse_date)}

    def scoped(self) -> Any:
        return FollowUp.objects.for_membership(self.membership)

    @extend_schema(request=s.FollowUpWriteSerializer, responses={200: s.FollowUpSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request: Any, pk: str) -> Response:
        follow_up = self.get_object()
        serializer = s.FollowUpWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = outcomes.record_follow_up(actor=self.membership, follow_up=follow_up, **serializer.validated_data)
        return Response(self.get_serializer(item).data)


# ---------------------------------------------------------------- finance (read only)


@extend_schema(tags=["finance"])
class BudgetVersionViewSet(ApiViewSet):
    serializer_class = s.BudgetVersionSerializer
    read_rule = staticmethod(p.can_view_finance)
    personal = False
    resource = "budget versions"
    filters = {"project": ("project_id", parse_id), "status": ("status", _str)}

    def scoped(self) -> Any:
        lines = BudgetLine.objects.order_by("number", "id")
        return BudgetVersion.objects.for_membership(self.membership).prefetch_related(Prefetch("lines", queryset=lines))


@extend_schema(tags=["finance"])
class ExpenseViewSet(ApiViewSet):
    serializer_class = s.ExpenseSerializer
    read_rule = staticmethod(p.can_view_finance)
    personal = False
    resource = "expenses"
    filters = {"project": ("project_id", parse_id), "line": ("line_id", parse_id),
               "date_from": ("date__gte", parse_date), "date_to": ("date__lte", parse_date)}

    def scoped(self) -> Any:
        return Expense.objects.for_membership(self.membership)


# ---------------------------------------------------------------- participant-sheet import


@extend_schema(tags=["imports"])
class SheetImportViewSet(ApiViewSet):
    """The participant sheet of a project, imported row by row through the same importer as the screen and the
    CLI: a dry run reports every row and saves nothing; the report lists each refused row with its reasons."""

    serializer_class = s.SheetImportSerializer
    read_rule = staticmethod(p.can_import_participant_sheet)
    write_rule = staticmethod(p.can_import_participant_sheet)
    parser_classes = [MultiPartParser]
    resource = "participant-sheet imports"
    filters = {"project": ("project_id", parse_id)}

    @property
    def max_body(self) -> int:  # type: ignore[override]
        return settings.INTEGRA_MAX_UPLOAD_BYTES + 64 * 1024

    def scoped(self) -> Any:
        return SheetImport.objects.for_membership(self.membership).defer("source", "error_file")

    @extend_schema(
        request={"multipart/form-data": s.SheetUploadSerializer}, responses={202: s.JobSerializer},
        parameters=[OpenApiParameter(
            IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False,
            description="up to 64 characters; a repeated request with the same key answers the first job",
        )],
    )
    def create(self, request: Any) -> Response:
        """Checks the upload, then queues the import as a job and answers 202 at once: poll the job
        (`Location`) until it is done, then read the report named by its `sheet_import`."""
        serializer = s.SheetUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        project = referenced(Project, data["project"], "project", self.membership)
        upload = data["file"]
        if upload.size > settings.INTEGRA_MAX_UPLOAD_BYTES:
            raise RequestTooLarge(settings.INTEGRA_MAX_UPLOAD_BYTES)
        suffix = PurePosixPath(upload.name or "").suffix.lower()
        if suffix and suffix not in SHEET_SUFFIXES:  # no extension: the importer tells XLSX from CSV by content
            raise ValidationError({"file": [ValidationError(MSG_FILE_TYPE, code="file_type")]})
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > 64:
            raise ValidationError({IDEMPOTENCY_HEADER: [ValidationError(MSG_KEY_TOO_LONG, code="max_length")]})
        params = {"project": project.pk, "filename": upload.name[:200], "dry_run": data["dry_run"]}
        job = start_job(actor=self.membership, kind=SHEET_IMPORT_JOB, params=params, upload=upload,
                        idempotency_key=key)
        body = s.JobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


# ---------------------------------------------------------------- jobs


@extend_schema(tags=["jobs"])
class JobViewSet(ApiViewSet):
    """The caller's own jobs in the caller's centre (a token sees the jobs it started, a person theirs);
    anybody else's job is 404. Poll one until its `status` is `done` or `failed`."""

    serializer_class = s.JobSerializer
    read_rule = staticmethod(p.can_view_own_jobs)
    resource = "jobs"
    filters = {"status": ("status", _str), "kind": ("kind", _str)}

    def scoped(self) -> Any:
        return job_queries.my_jobs(self.membership)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        job = self.get_object()
        job_services.refresh(job)  # a queue that was down, a worker that died: put right when polled
        self.log_read(subject=job)
        return Response(self.get_serializer(job).data)
