"""Regional view: aggregates over the supervised centres only, small counts suppressed, never a person."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from integra.core.roles import Role
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.outcomes.models import Exit, Result
from integra.people.models import ParticipantGroup
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(client):
    office = InstitutionFactory(slug="muw-mazowsze", name="Mazowiecki Urząd Wojewódzki", kind="REGIONAL")
    one = InstitutionFactory(slug="mops-jeden", name="MOPS Jeden", population=4000, supervisor=office)
    two = InstitutionFactory(slug="mops-dwa", name="MOPS Dwa", population=10_000, supervisor=office)
    stranger = InstitutionFactory(slug="mops-obcy", name="MOPS Niepodległy")
    for centre, group, n in ((one, "alcohol", 3), (two, "alcohol", 2), (two, "drugs", 1), (stranger, "drugs", 7)):
        for i in range(n):
            person = ParticipantFactory(
                institution=centre,
                last_name=f"Tajny{centre.slug}{group}{i}",
                social_assistance_since=dt.date(2015, 1, 1),
            )
            ParticipantGroup.objects.create(institution=centre, participant=person, group=group)
    for _ in range(3):
        MembershipFactory(institution=one, role=Role.SOCIAL_WORKER, fte=Decimal("1.00"))
    supervisor = MembershipFactory(institution=office, role=Role.REGIONAL_SUPERVISOR)
    client.force_login(supervisor.user)
    return one, two, stranger


def test_regional_page_aggregates_and_suppresses(region, client):
    page = client.get("/planning/regional/", {"date": "2016-01-01"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "MOPS Jeden" in html and "MOPS Dwa" in html and "MOPS Niepodległy" not in html
    assert "Tajny" not in html and not re.search(r"/people/\d+/", html)
    groups = html.split('id="regional-groups"')[1].split("</table>")[0]
    assert ">5<" in groups  # 3 + 2 alcohol-dependent across both centres
    assert "&lt;3" in groups  # one drug-dependent person is not shown as a number
    assert '<strong id="regional-people">6</strong>' in html


def test_regional_what_works_shows_no_person(region, client):
    one, _two, _stranger = region
    project = ProjectFactory(institution=one, code="R-1")
    for i in range(12):
        person = ParticipantFactory(institution=one, last_name=f"Ukryty{i}")
        participation = Participation.objects.create(
            institution=one, project=project, participant=person, start_on=project.start_on
        )
        Exit.objects.create(
            institution=one, participation=participation, exit_on=dt.date(2011, 6, 30), reason="completed"
        )
        if i < 4:
            Result.objects.create(
                institution=one,
                participation=participation,
                kind="employment_contract",
                achieved_on=dt.date(2011, 7, 10),
            )
    page = client.get("/planning/regional/what-works/", {"outcome": "job_28d"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<strong id="whatworks-participants">12</strong>' in html
    assert "Ukryty" not in html
    assert "nie dowód" in html


def test_centre_staff_cannot_open_the_regional_view(region):
    one, _two, _stranger = region
    director = MembershipFactory(institution=one, role=Role.DIRECTOR)
    client = Client()
    client.force_login(director.user)
    assert client.get("/planning/regional/").status_code == 403
