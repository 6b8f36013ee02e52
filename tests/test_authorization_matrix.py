"""Walks every URL pattern Django knows against the declared matrix (integra/<app>/tests/authz.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import integra
from integra.core.roles import Specialty
from integra.core.testing.authz import ROLES, Rule, World
from integra.core.testing.factories import InstitutionFactory, MembershipFactory, UserFactory
from integra.core.testing.otp import verified_login

pytestmark = pytest.mark.django_db


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            names |= url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def authz_modules():
    for info in pkgutil.iter_modules(integra.__path__):
        try:
            yield importlib.import_module(f"integra.{info.name}.tests.authz")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"integra.{info.name}.tests", f"integra.{info.name}.tests.authz"}:
                raise


def all_rules() -> list[Rule]:
    return [rule for module in authz_modules() for rule in module.RULES]


def rule_for(name: str, rules: list[Rule]) -> Rule | None:
    for rule in rules:
        if rule.name == name or (rule.name.endswith("*") and name.startswith(rule.name[:-1])):
            return rule
    return None


def test_every_url_pattern_has_a_row():
    rules = all_rules()
    missing = sorted(name for name in url_names() if rule_for(name, rules) is None)
    assert missing == [], f"URL patterns without a row in the authorisation matrix: {missing}"


def _world() -> World:
    world = World(a=InstitutionFactory(slug="authz-a", name="MOPS A"), b=InstitutionFactory(slug="authz-b", name="MOPS B"))
    for module in authz_modules():
        if hasattr(module, "objects"):
            world.objects.update(module.objects(world))
    return world


def _clients(world: World) -> dict[str, Client]:
    """One signed-in (and second-factor verified) client of centre A per role."""
    clients = {}
    for role in ROLES:
        user = UserFactory(username=f"authz-{role}")
        specialty = Specialty.PSYCHOLOGIST if role == "specialist" else ""
        MembershipFactory(user=user, institution=world.a, role=role, specialty=specialty)
        client = Client()
        verified_login(client, user)
        client.integra_user = user
        clients[role] = client
    return clients


def _request(client: Client, rule: Rule, world: World, centre: int):
    kwargs = {k: world.objects[v][centre].pk for k, v in rule.kwargs.items()}
    url = reverse(rule.name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
    data = rule.data(world) if callable(rule.data) else dict(rule.data)
    if rule.method == "POST":
        return client.post(url, data)
    return client.get(url, data)


def test_matrix_matches_behaviour():
    world = _world()
    clients = _clients(world)
    anonymous = Client()
    failures = []
    for rule in all_rules():
        if rule.name.endswith("*"):
            continue
        try:
            with transaction.atomic():  # a database error in one row must not poison the others
                failures.extend(_check(rule, world, clients, anonymous))
            if rule.method == "POST":  # e.g. sign-out ends the session: sign in again for the next rows
                for client in clients.values():
                    verified_login(client, client.integra_user)
        except Exception as exc:  # one broken row must not hide the verdicts on the others
            failures.append(f"{rule.name}: {type(exc).__name__}: {exc}")
    assert failures == [], "\n".join(failures)


def _check(rule: Rule, world: World, clients: dict[str, Client], anonymous: Client) -> list[str]:
    failures = []
    status = _request(anonymous, rule, world, 0).status_code
    if status not in rule.anonymous:
        failures.append(f"{rule.name} anonymous: {status}, expected {sorted(rule.anonymous)}")
    for role, client in clients.items():
        allowed = role in rule.allowed
        status = _request(client, rule, world, 0).status_code
        expected = rule.ok if allowed else frozenset({403})
        if status not in expected:
            failures.append(f"{rule.name} {role} own centre: {status}, expected {sorted(expected)}")
        if rule.kwargs and rule.other_centre:
            status = _request(client, rule, world, 1).status_code
            expected_other = 404 if allowed else 403
            if status != expected_other:
                failures.append(f"{rule.name} {role} other centre: {status}, expected {expected_other}")
    return failures
