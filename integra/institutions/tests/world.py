"""The authorisation matrix's world (integra.core.testing.authz): two real centres, every app's objects in both,
and a signed-in client of centre A for every role. It lives here, above core, because it makes centres and staff."""

from __future__ import annotations

from typing import Any

from django.test import Client

from integra.core.testing.authz import MATRIX_ROLES, World, authz_modules, role_and_specialty
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory


def build_world() -> World:
    """Two centres and every app's real objects in both (each app's `objects(world)`)."""
    world = World(
        a=InstitutionFactory(slug="authz-a", name="MOPS A"), b=InstitutionFactory(slug="authz-b", name="MOPS B")
    )
    for module in authz_modules():
        if hasattr(module, "objects"):
            world.objects.update(module.objects(world))
    return world


def membership_for(key: str, **fields: Any) -> Any:
    """A membership holding the matrix key's role (and specialty)."""
    role, specialty = role_and_specialty(key)
    return MembershipFactory(role=role, specialty=specialty, **fields)


def role_clients(world: World) -> dict[str, Client]:
    """One signed-in (and second-factor verified) client of centre A per matrix key."""
    clients = {}
    for role in MATRIX_ROLES:
        user = UserFactory(username=f"authz-{role.replace('_', '-')}")  # a user name, not an identifier on screens
        membership_for(role, user=user, institution=world.a)
        client = Client()
        verified_login(client, user)
        client.integra_user = user
        clients[role] = client
    return clients
