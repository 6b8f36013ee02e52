"""List screens read a fixed number of queries however many rows they show (no query per row)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from integra.casework.models import SocialContract
from integra.casework.tests.factories import SocialContractFactory
from integra.core.roles import Role
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_contracts(coordinator):
    centre = coordinator.institution
    worker = MembershipFactory(institution=centre, role=Role.SOCIAL_WORKER)
    return [
        SocialContractFactory(
            institution=centre,
            social_worker=worker,
            number=f"KS/{i}/2011",
            participant=ParticipantFactory(institution=centre, last_name=f"Kowalska{i:02d}"),
            start_on=dt.date(2011, 5, 1),
            end_on=dt.date(2011, 6, 10),
            status=SocialContract.Status.ACTIVE,
        )
        for i in range(30)
    ]


def test_contract_list_of_thirty_contracts(coordinator, thirty_contracts, django_assert_num_queries):
    with django_assert_num_queries(9):  # one of them counts the rows for the pager
        page = coordinator.client.get(reverse("casework:contract-list")).content.decode()
    assert len(re.findall(r"/casework/contracts/\d+/", page)) == settings.INTEGRA_PAGE_SIZE  # 25 of 30
    assert "strona 1 z 2" in page


@time_machine.travel(dt.date(2011, 6, 1), tick=False)
def test_contracts_due_list_of_thirty_contracts(coordinator, thirty_contracts, django_assert_num_queries):
    with django_assert_num_queries(9):  # one of them counts the rows for the pager
        page = coordinator.client.get(reverse("casework:contract-due")).content.decode()
    assert len(re.findall(r"/casework/contracts/\d+/", page)) == settings.INTEGRA_PAGE_SIZE  # 25 of 30
    assert "strona 1 z 2" in page
