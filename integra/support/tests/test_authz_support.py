"""The support rows of the authorisation matrix, walked on their own (the full matrix spans every app)."""

import pytest
from django.test import Client

from integra.support.tests.authz import RULES
from tests.test_authorization_matrix import _check, _clients, _world

pytestmark = pytest.mark.django_db


def test_support_screens_match_the_matrix():
    world = _world()
    clients = _clients(world)
    failures = [f for rule in RULES for f in _check(rule, world, clients, Client())]
    assert failures == []
