"""List screens read a fixed number of queries however many rows they show (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment import services
from integra.recruitment.tests.factories import RecruitmentCallFactory

pytestmark = pytest.mark.django_db


def test_call_list_of_thirty_calls(coordinator, django_assert_num_queries):
    for i in range(30):
        RecruitmentCallFactory(project=ProjectFactory(institution=coordinator.institution), title=f"Nabór {i:02d}")
    with django_assert_num_queries(8):
        page = coordinator.client.get(reverse("recruitment:call-list")).content.decode()
    assert page.count("Nabór ") == 30


def test_ranking_of_thirty_applications(coordinator, django_assert_num_queries):
    project = ProjectFactory(institution=coordinator.institution)
    call = RecruitmentCallFactory(project=project, capacity=16, reserve_size=5)
    for i in range(30):
        person = ParticipantFactory(institution=coordinator.institution, last_name=f"Kowalska{i:02d}")
        ParticipationFactory(project=project, participant=person)
        services.register_application(
            actor=coordinator.membership, call=call, participant=person, applied_on=dt.date(2011, 2, 1)
        )
    services.qualify_applicants(
        actor=coordinator.membership, call=call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    with django_assert_num_queries(10):
        page = coordinator.client.get(reverse("recruitment:call-detail", args=[call.pk])).content.decode()
    assert page.count("Kowalska") == 30
    assert page.count("zakwalifikowany") >= 16
