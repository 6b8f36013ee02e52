"""This app's rows of the authorisation matrix, walked on their own (the global walk covers every app)."""

import pytest
from django.test import Client

from integra.core.testing.authz import World
from integra.core.testing.factories import InstitutionFactory
from integra.people.tests import authz
from tests.test_authorization_matrix import _clients, _request

pytestmark = pytest.mark.django_db


def test_people_rows_match_behaviour():
    world = World(a=InstitutionFactory(slug="authz-a"), b=InstitutionFactory(slug="authz-b"))
    world.objects.update(authz.objects(world))
    clients = _clients(world)
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
            if rule.kwargs:
                status = _request(client, rule, world, 1).status_code
                if status != (404 if allowed else 403):
                    failures.append(f"{rule.name} {role} other centre: {status}")
    assert failures == []
