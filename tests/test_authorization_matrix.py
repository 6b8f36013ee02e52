"""Walks every URL pattern Django knows against the declared matrix (integra/<app>/tests/authz.py)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from integra.core.testing.authz import Rule, World, all_rules, build_world, role_clients, rule_url
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


def rule_for(name: str, rules: list[Rule]) -> Rule | None:
    for rule in rules:
        if rule.name == name or (rule.name.endswith("*") and name.startswith(rule.name[:-1])):
            return rule
    return None


def test_every_url_pattern_has_a_row():
    rules = all_rules()
    missing = sorted(name for name in url_names() if rule_for(name, rules) is None)
    assert missing == [], f"URL patterns without a row in the authorisation matrix: {missing}"


# The apps' own authorisation tests build on these names.
_world = build_world
_clients = role_clients


def _request(client: Client, rule: Rule, world: World, centre: int):
    url = rule_url(rule, world, centre)
    data = rule.data(world) if callable(rule.data) else dict(rule.data)
    if rule.method == "POST":
        return client.post(url, data)
    return client.get(url, data)


def test_matrix_matches_behaviour():
    world = build_world()
    clients = role_clients(world)
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
