"""The career advisor records results and the 3- and 6-month follow-ups (issue 23, point 2); exits stay with the
social worker and the coordinator. Other specialists record none of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import MembershipFactory
from integra.outcomes.models import Exit, FollowUp, Result
from integra.outcomes.tests.factories import FollowUpFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _specialist(centre, specialty: str) -> Client:
    user = UserFactory(username=f"spec-{specialty}")
    MembershipFactory(user=user, institution=centre, role=Role.SPECIALIST, specialty=specialty)
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def advisor(centre_a) -> Client:
    return _specialist(centre_a, Specialty.CAREER_ADVISOR)


@pytest.fixture
def participation(centre_a):
    return ParticipationFactory(project=ProjectFactory(institution=centre_a), start_on=dt.date(2011, 2, 1))


def test_career_advisor_records_a_follow_up(advisor, participation):
    follow_up = FollowUpFactory(participation=participation, kind=FollowUp.Kind.MONTHS_6, due_on=dt.date(2012, 4, 30))
    url = reverse("outcomes:follow-up-record", args=[follow_up.pk])
    assert advisor.get(url).status_code == 200
    response = advisor.post(url, {"done_on": "2012-05-02", "employed": "yes", "improved_situation": "yes"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.employed, follow_up.improved_situation) == (dt.date(2012, 5, 2), True, True)


def test_career_advisor_records_the_result_upon_leaving(advisor, participation):
    response = advisor.post(
        reverse("outcomes:result-record", args=[participation.pk]),
        {"kind": "job_searching", "achieved_on": "2011-11-10"},
    )
    assert response.status_code == 302
    assert list(Result.objects.values_list("kind", "achieved_on")) == [("job_searching", dt.date(2011, 11, 10))]


def test_career_advisor_may_not_record_an_exit(advisor, participation):
    response = advisor.post(
        reverse("outcomes:exit-record", args=[participation.pk]), {"exit_on": "2011-06-30", "reason": "completed"}
    )
    assert response.status_code == 403
    assert Exit.objects.count() == 0


def test_career_advisor_sees_the_follow_ups_in_the_menu_and_no_exit_link(advisor, participation):
    html = advisor.get(reverse("outcomes:project-outcomes", args=[participation.project_id])).content.decode()
    assert reverse("outcomes:result-record", args=[participation.pk]) in html
    assert reverse("outcomes:exit-record", args=[participation.pk]) not in html
    assert f'href="{reverse("outcomes:follow-ups-due")}"' in html


@pytest.mark.parametrize(
    "specialty", [Specialty.PSYCHOLOGIST, Specialty.LAWYER, Specialty.THERAPIST, Specialty.FAMILY_ASSISTANT]
)
def test_other_specialists_record_no_outcome(centre_a, participation, specialty):
    client = _specialist(centre_a, specialty)
    follow_up = FollowUpFactory(participation=participation)
    response = client.post(reverse("outcomes:follow-up-record", args=[follow_up.pk]), {"done_on": "2012-05-02"})
    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_on is None
    html = client.get(reverse("outcomes:project-outcomes", args=[participation.project_id])).content.decode()
    assert "/result/" not in html and reverse("outcomes:follow-ups-due") not in html
