"""Planning's rows of the authorisation matrix, walked on their own (the whole matrix also runs them)."""

import pytest
from django.test import Client
from django.urls import reverse

from integra.core.roles import Specialty
from integra.core.testing.authz import ROLES, World
from integra.core.testing.factories import InstitutionFactory, MembershipFactory, UserFactory
from integra.planning.tests import authz

pytestmark = pytest.mark.django_db


def _request(client, rule, world, centre):
    kwargs = {k: world.objects[v][centre].pk for k, v in rule.kwargs.items()}
    url = reverse(rule.name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
    data = rule.data(world) if callable(rule.data) else dict(rule.data)
    return client.post(url, data) if rule.method == "POST" else client.get(url, data)


def test_planning_rows_of_the_matrix():
    world = World(a=InstitutionFactory(slug="authz-a", name="MOPS A"), b=InstitutionFactory(slug="authz-b", name="MOPS B"))
    world.objects.update(authz.objects(world))
    clients = {}
    for role in ROLES:
        user = UserFactory(username=f"authz-{role}")
        MembershipFactory(user=user, institution=world.a, role=role,
                          specialty=Specialty.PSYCHOLOGIST if role == "specialist" else "")
        clients[role] = Client()
        clients[role].force_login(user)
    failures = []
    for rule in authz.RULES:
        status = _request(Client(), rule, world, 0).status_code
        if status not in rule.anonymous:
            failures.append(f"{rule.name} anonymous: {status}")
        for role, client in clients.items():
            allowed = role in rule.allowed
            status = _request(client, rule, world, 0).status_code
            if status not in (rule.ok if allowed else {403}):
                failures.append(f"{rule.name} {role} own centre: {status}")
            if rule.kwargs and rule.other_centre:
                status = _request(client, rule, world, 1).status_code
                if status != (404 if allowed else 403):
                    failures.append(f"{rule.name} {role} other centre: {status}")
    assert failures == [], "\n".join(failures)
