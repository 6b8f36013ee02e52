"""The reports rows of the authorisation matrix, walked here so this app's screens are proven on their own."""

import pytest
from django.test import Client
from django.urls import reverse

from integra.core.roles import Specialty
from integra.core.testing.authz import ROLES, World
from integra.core.testing.factories import InstitutionFactory, MembershipFactory, UserFactory
from integra.reports.tests import authz

try:  # two-factor sign-in (core): a verified session for the roles that must use it
    from integra.core.testing.otp import verified_login
except ImportError:  # pragma: no cover - before two-factor sign-in exists
    def verified_login(client, user):
        client.force_login(user)

pytestmark = pytest.mark.django_db


def test_every_reports_screen_follows_the_matrix():
    world = World(a=InstitutionFactory(slug="ra"), b=InstitutionFactory(slug="rb"))
    world.objects.update(authz.objects(world))
    failures = []
    for role in ROLES:
        user = UserFactory(username=f"r-{role}")
        MembershipFactory(user=user, institution=world.a, role=role,
                          specialty=Specialty.PSYCHOLOGIST if role == "specialist" else "")
        client = Client()
        verified_login(client, user)
        for rule in authz.RULES:
            for centre in (0, 1) if rule.kwargs else (0,):
                kwargs = {k: world.objects[v][centre].pk for k, v in rule.kwargs.items()}
                url = reverse(rule.name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
                status = client.get(url).status_code
                allowed = role in rule.allowed
                expected = (200 if allowed else 403) if centre == 0 else (404 if allowed else 403)
                if status != expected:
                    failures.append(f"{rule.name}?{rule.query} {role} centre {centre}: {status} != {expected}")
    assert failures == []
    anonymous = Client()
    assert anonymous.get(reverse("reports:index")).status_code == 302
