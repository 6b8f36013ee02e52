"""Every finance screen: the finance matrix rows hold (own centre by role, other centre 404, anonymous sign-in)."""

import pytest
from django.test import Client

from integra.core.testing.authz import ROLES, World
from integra.core.testing.factories import InstitutionFactory
from integra.finance.models import BudgetLine, BudgetVersion, Expense
from integra.finance.tests import authz
from tests.test_authorization_matrix import _clients, _request

pytestmark = pytest.mark.django_db


def test_finance_matrix():
    world = World(a=InstitutionFactory(slug="fa", name="MOPS A"), b=InstitutionFactory(slug="fb", name="MOPS B"))
    world.objects.update(authz.objects(world))
    clients = _clients(world)
    counts = (BudgetLine.objects.count(), BudgetVersion.objects.count(), Expense.objects.count())
    failures = []
    for rule in authz.RULES:
        status = _request(Client(), rule, world, 0).status_code
        if status not in rule.anonymous:
            failures.append(f"{rule.name} anonymous: {status}")
        for role in ROLES:
            allowed = role in rule.allowed
            status = _request(clients[role], rule, world, 0).status_code
            if status not in (rule.ok if allowed else {403}):
                failures.append(f"{rule.name} {role} own centre: {status}")
            if rule.kwargs:
                status = _request(clients[role], rule, world, 1).status_code
                if status != (404 if allowed else 403):
                    failures.append(f"{rule.name} {role} other centre: {status}")
    assert failures == []
    assert (BudgetLine.objects.count(), BudgetVersion.objects.count(), Expense.objects.count()) == counts
