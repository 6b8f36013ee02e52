"""The outcomes rows of the authorisation matrix, walked on their own (every role, own and other centre)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from integra.core.roles import Specialty
from integra.core.testing.authz import ROLES, World
from integra.core.testing.factories import InstitutionFactory, MembershipFactory, UserFactory
from integra.core.testing.otp import verified_login
from integra.outcomes.tests import authz

pytestmark = pytest.mark.django_db


def _call(client: Client, rule, world: World, centre: int):
    kwargs = {k: world.objects[v][centre].pk for k, v in rule.kwargs.items()}
    url = reverse(rule.name, kwargs=kwargs)
    return client.post(url, dict(rule.data)) if rule.method == "POST" else client.get(url)


def test_outcomes_rows_match_behaviour():
    world = World(a=InstitutionFactory(slug="oa", name="MOPS A"), b=InstitutionFactory(slug="ob", name="MOPS B"))
    world.objects.update(authz.objects(world))
    failures = []
    for role in ROLES:
        user = UserFactory(username=f"o-{role}")
        MembershipFactory(user=user, institution=world.a, role=role,
                          specialty=Specialty.PSYCHOLOGIST if role == "specialist" else "")
        client = Client()
        verified_login(client, user)
        for rule in authz.RULES:
            allowed = role in rule.allowed
            status = _call(client, rule, world, 0).status_code
            if status not in (rule.ok if allowed else {403}):
                failures.append(f"{rule.name} {role} own: {status}")
            if rule.kwargs:
                status = _call(client, rule, world, 1).status_code
                if status != (404 if allowed else 403):
                    failures.append(f"{rule.name} {role} other centre: {status}")
    for rule in authz.RULES:
        if _call(Client(), rule, world, 0).status_code not in rule.anonymous:
            failures.append(f"{rule.name} anonymous")
    assert failures == []
