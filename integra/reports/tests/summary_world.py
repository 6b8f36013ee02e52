"""A project with one of everything the project summary, club and centre reports count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from integra.casework.models import IndividualPlan, LocalActivityProgramme, SocialContract
from integra.core.roles import Role
from integra.institutions.models import Partner
from integra.institutions.tests.factories import ClubFactory, MembershipFactory, PartnerFactory
from integra.outcomes.models import Exit, ExitReason, Result, ResultKind
from integra.people.models import ParticipantGroup
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.models import Application, RecruitmentCall
from integra.support.models import (
    Activity,
    ActivityKind,
    Attendance,
    CommunityWork,
    Enrolment,
    Event,
    EventParticipant,
    FamilyAssistantVisit,
    Instrument,
    Internship,
    Referral,
    Session,
)

D = dt.date


@dataclass
class World:
    project: Any
    club: Any
    people: dict[str, Any] = field(default_factory=dict)


def build_summary_world(centre, code: str = "SUM-1") -> World:
    club = ClubFactory(institution=centre, code="KIS-TEST", name="Klub Integracji Społecznej „Razem”")
    project = ProjectFactory(
        institution=centre,
        code=code,
        title="Nowe Szanse w MOPS",
        start_on=D(2014, 1, 1),
        end_on=D(2014, 12, 31),
        club=club,
        target_participants=5,
        target_jobs=2,
    )
    worker = MembershipFactory(institution=centre, role=Role.SOCIAL_WORKER, specialty="social_worker")
    advisor = MembershipFactory(
        institution=centre, role=Role.SPECIALIST, specialty="career_advisor", fte=Decimal("0.50")
    )
    family_a, family_b = HouseholdFactory(institution=centre), HouseholdFactory(institution=centre)
    specs = {
        # key: sex, birth, household, disability
        "Anna": ("F", D(1990, 5, 1), family_a, "yes"),
        "Beata": ("F", D(1960, 2, 1), family_a, "no"),
        "Cezary": ("M", D(1984, 7, 1), family_b, "refused"),
        "Danuta": ("F", D(1955, 1, 10), None, "yes"),
    }
    world = World(project=project, club=club)
    for key, (sex, birth, household, disability) in specs.items():
        person = ParticipantFactory(
            institution=centre, first_name=key, sex=sex, birth_date=birth, household=household, disability=disability
        )
        world.people[key] = ParticipationFactory(
            project=project, participant=person, start_on=D(2014, 2, 1), end_on=D(2014, 11, 30)
        )
    anna, beata, cezary, danuta = (world.people[k] for k in ("Anna", "Beata", "Cezary", "Danuta"))
    ParticipantGroup.objects.create(institution=centre, participant=anna.participant, group="long_term_unemployed")
    ParticipantGroup.objects.create(institution=centre, participant=danuta.participant, group="disabled")
    # A person of the club outside the project: served by the club through a workshop only.
    outsider = ParticipantFactory(institution=centre, first_name="Ewelina", sex="F", birth_date=D(1970, 1, 1))
    world.people["Ewelina"] = outsider

    call = RecruitmentCall.objects.create(
        institution=centre,
        project=project,
        title="Rekrutacja 2014",
        opens_on=D(2014, 1, 1),
        closes_on=D(2014, 1, 31),
        capacity=4,
    )
    for person, status in ((anna, "qualified"), (beata, "qualified"), (cezary, "qualified"), (danuta, "rejected")):
        Application.objects.create(
            institution=centre, call=call, participant=person.participant, applied_on=D(2014, 1, 10), status=status
        )
    for index, person in enumerate((anna, beata, cezary)):
        SocialContract.objects.create(
            institution=centre,
            number=f"KS/{index}",
            project=project,
            social_worker=worker,
            participant=person.participant,
            start_on=D(2014, 2, 1),
            end_on=D(2014, 11, 30),
            status=SocialContract.Status.ACTIVE,
        )
    SocialContract.objects.create(
        institution=centre,
        number="KS/draft",
        project=project,
        social_worker=worker,
        participant=danuta.participant,
        start_on=D(2014, 2, 1),
        end_on=D(2014, 11, 30),
    )
    LocalActivityProgramme.objects.create(
        institution=centre,
        project=project,
        title="PAL Osiedle",
        goals="Cele",
        start_on=D(2014, 3, 1),
        end_on=D(2014, 10, 31),
    )
    for person in (anna, beata):
        IndividualPlan.objects.create(
            institution=centre,
            participant=person.participant,
            project=project,
            career_advisor=advisor,
            drawn_up_on=D(2014, 2, 10),
            start_on=D(2014, 2, 10),
            end_on=D(2014, 11, 30),
            goals="Praca",
        )

    course_instrument = Instrument.objects.get(institution=None, code="vocational-course")
    workshop_instrument = Instrument.objects.get(institution=None, code="educational-workshops")
    cook = Activity.objects.create(
        institution=centre,
        project=project,
        instrument=course_instrument,
        title="Kucharz małej gastronomii",
        kind=ActivityKind.VOCATIONAL_COURSE,
        provider_name="Szkoła",
        start_on=D(2014, 4, 1),
        end_on=D(2014, 5, 31),
    )
    driving = Activity.objects.create(
        institution=centre,
        project=project,
        instrument=course_instrument,
        title="Prawo jazdy kat. C",
        kind=ActivityKind.VOCATIONAL_COURSE,
        provider_name="OSK",
        start_on=D(2014, 4, 1),
        end_on=D(2014, 6, 30),
    )
    Enrolment.objects.create(
        institution=centre, activity=cook, participant=anna.participant, enrolled_on=D(2014, 4, 1), status="completed"
    )
    Enrolment.objects.create(
        institution=centre,
        activity=cook,
        participant=beata.participant,
        enrolled_on=D(2014, 4, 1),
        status="dropped_out",
        dropout_reason="choroba",
    )
    Enrolment.objects.create(
        institution=centre,
        activity=driving,
        participant=cezary.participant,
        enrolled_on=D(2014, 4, 1),
        status="completed",
    )
    workshop = Activity.objects.create(
        institution=centre,
        project=project,
        club=club,
        instrument=workshop_instrument,
        title="Zapraszam NIE do mojego życia",
        kind=ActivityKind.GROUP_WORKSHOP,
        provider=advisor,
        start_on=D(2014, 5, 5),
        end_on=D(2014, 5, 5),
    )
    session = Session.objects.create(
        institution=centre, activity=workshop, date=D(2014, 5, 5), start_time=dt.time(10, 0), duration_minutes=120
    )
    for person, status in ((beata.participant, "present"), (danuta.participant, "present"), (outsider, "absent")):
        Enrolment.objects.create(institution=centre, activity=workshop, participant=person, enrolled_on=D(2014, 5, 1))
        Attendance.objects.create(institution=centre, session=session, participant=person, status=status)

    employer = PartnerFactory(institution=centre, name="Piekarnia", kind=Partner.Kind.EMPLOYER)
    unit_a = PartnerFactory(institution=centre, name="Szkoła Podstawowa nr 1", kind=Partner.Kind.PUBLIC_UNIT)
    unit_b = PartnerFactory(institution=centre, name="Biblioteka", kind=Partner.Kind.PUBLIC_UNIT)
    # Anna is 24 at her internship's start; Cezary 29 at his first (the day before he turns 30), 30 at his second.
    Internship.objects.create(
        institution=centre,
        participant=anna.participant,
        project=project,
        employer=employer,
        start_on=D(2014, 6, 1),
        end_on=D(2014, 8, 31),
        hours_per_month=Decimal("160"),
    )
    Internship.objects.create(
        institution=centre,
        participant=cezary.participant,
        project=project,
        employer=employer,
        start_on=D(2014, 6, 30),
        end_on=D(2014, 8, 31),
        hours_per_month=Decimal("160"),
    )
    Internship.objects.create(
        institution=centre,
        participant=cezary.participant,
        project=project,
        employer=employer,
        start_on=D(2014, 7, 1),
        end_on=D(2014, 8, 31),
        hours_per_month=Decimal("80"),
    )
    for person, unit, month in ((beata, unit_a, 3), (beata, unit_a, 4), (danuta, unit_b, 3), (cezary, unit_b, 4)):
        CommunityWork.objects.create(
            institution=centre,
            participant=person.participant,
            project=project,
            unit=unit,
            month=D(2014, month, 1),
            hours=Decimal("40"),
        )
    Referral.objects.create(
        institution=centre,
        participant=danuta.participant,
        project=project,
        date=D(2014, 9, 1),
        destination_kind=Referral.Destination.CIS,
    )
    FamilyAssistantVisit.objects.create(
        institution=centre, household=family_b, assistant=worker, date=D(2014, 3, 3), duration_minutes=60
    )
    festyn = Event.objects.create(
        institution=centre, kind="festyn", title="Mikołajki", date=D(2014, 12, 6), project=project, club=club
    )
    Event.objects.create(
        institution=centre, kind="conference", title="Konferencja podsumowująca", date=D(2014, 12, 18), project=project
    )
    EventParticipant.objects.create(institution=centre, event=festyn, participant=anna.participant)

    for person in (anna, beata, cezary, danuta):
        Exit.objects.create(
            institution=centre, participation=person, exit_on=D(2014, 11, 30), reason=ExitReason.COMPLETED
        )
    results = (
        (anna, ResultKind.INTERNSHIP, D(2014, 6, 1)),
        (anna, ResultKind.EMPLOYMENT_CONTRACT, D(2015, 2, 28)),  # within 3 months of the exit
        (beata, ResultKind.EMPLOYMENT_CONTRACT, D(2015, 3, 1)),  # one day too late for effectiveness
        (cezary, ResultKind.QUALIFICATION, D(2014, 6, 30)),
        (cezary, ResultKind.SOCIAL_PROGRESS, D(2014, 11, 20)),
        (danuta, ResultKind.SOCIAL_PROGRESS, D(2014, 11, 25)),
        (danuta, ResultKind.SELF_EMPLOYMENT, D(2014, 12, 1)),
    )
    for person, kind, day in results:
        Result.objects.create(
            institution=centre,
            participation=person,
            kind=kind,
            achieved_on=day,
            qualification_name="Prawo jazdy kat. C" if kind == ResultKind.QUALIFICATION else "",
        )
    return world
