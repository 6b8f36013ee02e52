"""2014–2020 CO12/CO13: a household is jobless only when every member is known not to be working.

Relatives without a participant record have no labour-market data in Integra: a child under 18 at
the participant's start is not in employment; any other relative leaves the status unknown, and an
unknown member never makes a household jobless (the indicator must not overcount).
"""

from __future__ import annotations

import datetime as dt

import pytest

from integra.people.models import Household, HouseholdMember
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import counted_participations, indicator_by_code, project_indicators

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2018, 3, 1)
CHILD, SPOUSE, PARENT = HouseholdMember.Relation.CHILD, HouseholdMember.Relation.SPOUSE, HouseholdMember.Relation.PARENT


@pytest.fixture
def project(centre_a):
    return ProjectFactory(
        institution=centre_a,
        code="RPSW-JOBLESS",
        start_on=D(2017, 1, 1),
        end_on=D(2019, 12, 31),
        programme_period="2014-2020",
    )


def family(project, head: str, *others: tuple[str, dict], head_status: str = "registered_unemployed"):
    """A participant of `project` heading a household with `others`: (relation, relative or participant)."""
    institution = project.institution
    person = ParticipantFactory(
        institution=institution, first_name=head, last_name=f"Test{head}", labour_status=head_status
    )
    ParticipationFactory(project=project, participant=person, start_on=START)
    household = Household.objects.create(institution=institution, name=f"{head}'s")
    HouseholdMember.objects.create(
        institution=institution, household=household, participant=person, relation=HouseholdMember.Relation.HEAD
    )
    person.household = household
    person.save(update_fields=["household"])
    for relation, attrs in others:
        if "labour_status" in attrs:  # another participant of the centre (of no project here)
            member = ParticipantFactory(institution=institution, household=household, **attrs)
            HouseholdMember.objects.create(
                institution=institution, household=household, participant=member, relation=relation
            )
        else:
            HouseholdMember.objects.create(institution=institution, household=household, relation=relation, **attrs)


def relative(first_name: str, birth_date: dt.date | None) -> dict:
    return {"first_name": first_name, "last_name": "Krewny", "birth_date": birth_date}


def counted(project, code: str) -> list[str]:
    rows = counted_participations(project, indicator_by_code("2014-2020", code))
    return sorted(p.participant.first_name for p in rows)


def test_only_households_whose_every_member_is_known_not_to_work_are_jobless(project):
    # Counted: everybody is known to be unemployed or inactive, or is a child under 18.
    family(project, "Alone")
    family(project, "WithChild", (CHILD, relative("Kid", D(2010, 5, 5))))
    family(project, "ChildTurns18Tomorrow", (CHILD, relative("Teen", D(2000, 3, 2))))
    family(
        project,
        "WithInactiveSpouse",
        (SPOUSE, {"first_name": "Ola", "labour_status": "inactive"}),
        (CHILD, relative("Kid", D(2012, 1, 1))),
    )
    # Not counted: a member who works, or whose status nobody recorded.
    family(project, "WithWorkingSpouse", (SPOUSE, {"first_name": "Piotr", "labour_status": "employed"}))
    family(project, "WithAdultRelative", (SPOUSE, relative("Maria", D(1980, 1, 1))))
    family(project, "ChildTurned18", (CHILD, relative("Adult", D(2000, 3, 1))))
    family(project, "WithRelativeOfUnknownAge", (PARENT, relative("Babcia", None)))
    family(project, "WithSpouseOfNoStatus", (SPOUSE, {"first_name": "Nikt", "labour_status": ""}))
    family(project, "HeadOfNoStatus", head_status="")
    family(project, "HeadWorks", head_status="employed")
    ParticipationFactory(
        project=project,
        participant=ParticipantFactory(
            institution=project.institution, first_name="NoHousehold", labour_status="inactive"
        ),
        start_on=START,
    )

    assert counted(project, "CO12") == ["Alone", "ChildTurns18Tomorrow", "WithChild", "WithInactiveSpouse"]
    assert counted(project, "CO13") == ["ChildTurns18Tomorrow", "WithChild", "WithInactiveSpouse"]
    values = {v.code: v.total for v in project_indicators(project)}
    assert (values["CO12"], values["CO13"], values["TOTAL"]) == (4, 3, 12)
