"""The authorisation matrix: every URL pattern × every role × own / other centre.

Each app declares its rows in `integra/<app>/tests/authz.py`:

    from integra.core.testing.authz import Rule, CASE, STAFF

    def objects(world):
        # real objects of both centres, keyed by name: (object of centre A, object of centre B)
        return {"participant": (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b))}

    RULES = [
        Rule("people:participant-list", allowed=STAFF | {"dpo"}),
        Rule("people:participant-detail", kwargs={"pk": "participant"}, allowed=STAFF),
        Rule("people:participant-edit", kwargs={"pk": "participant"}, allowed=EDITORS),
    ]

For each role the walker requests the URL as a user of centre A holding that role:
- with centre A's objects: `ok` statuses (default 200) if the role is allowed, else 403;
- with centre B's objects: 404 if allowed (another centre's rows do not exist), else 403;
- anonymous: a redirect to the sign-in page.
`method="POST"` rules send `data` (default empty; the view must answer with a status in `ok`
or, for a refusing form, 200/400 — list them in `ok`).
A URL name without a rule fails the test (tests/test_authorization_matrix.py).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

import integra
from integra.core.roles import Specialty
from integra.core.testing.factories import InstitutionFactory, MembershipFactory, UserFactory
from integra.core.testing.otp import verified_login

ROLES = (
    "administrator", "director", "coordinator", "social_worker", "specialist",
    "accountant", "auditor", "dpo", "regional_supervisor",
)
ALL = frozenset(ROLES)
CASE = frozenset({"administrator", "director", "coordinator", "social_worker", "specialist"})
STAFF = CASE | {"accountant", "auditor"}
EDITORS = frozenset({"administrator", "coordinator", "social_worker"})
MANAGERS = frozenset({"administrator", "coordinator"})
FINANCE_EDIT = frozenset({"administrator", "coordinator", "accountant"})
FINANCE_READ = FINANCE_EDIT | {"director", "auditor"}
REPORT_READERS = frozenset({"administrator", "director", "coordinator", "accountant", "auditor"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    name: str  # "app:url-name"; "admin:*" style prefixes cover a whole namespace
    allowed: frozenset[str] | set[str]
    kwargs: Mapping[str, str] = field(default_factory=dict)  # url kwarg -> object key from objects()
    method: str = "GET"
    data: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] = field(default_factory=dict)
    ok: frozenset[int] = frozenset({200})
    anonymous: frozenset[int] = frozenset({302})
    other_centre: bool = True  # False when the URL has no centre-owned object in it
    query: str = ""  # appended as ?query
    note: str = ""  # why this row differs from the usual (e.g. public page)


@dataclass
class World:
    a: Any
    b: Any
    objects: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def authz_modules() -> Iterator[Any]:
    """Every app's `tests/authz.py` module."""
    for info in pkgutil.iter_modules(integra.__path__):
        try:
            yield importlib.import_module(f"integra.{info.name}.tests.authz")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"integra.{info.name}.tests", f"integra.{info.name}.tests.authz"}:
                raise


def all_rules() -> list[Rule]:
    return [rule for module in authz_modules() for rule in module.RULES]


def build_world() -> World:
    """Two centres and every app's real objects in both (each app's `objects(world)`)."""
    world = World(a=InstitutionFactory(slug="authz-a", name="MOPS A"), b=InstitutionFactory(slug="authz-b", name="MOPS B"))
    for module in authz_modules():
        if hasattr(module, "objects"):
            world.objects.update(module.objects(world))
    return world


def role_clients(world: World) -> dict[str, Client]:
    """One signed-in (and second-factor verified) client of centre A per role."""
    clients = {}
    for role in ROLES:
        user = UserFactory(username=f"authz-{role.replace('_', '-')}")  # a user name, not an identifier on screens
        specialty = Specialty.PSYCHOLOGIST if role == "specialist" else ""
        MembershipFactory(user=user, institution=world.a, role=role, specialty=specialty)
        client = Client()
        verified_login(client, user)
        client.integra_user = user
        clients[role] = client
    return clients


def rule_url(rule: Rule, world: World, centre: int) -> str:
    kwargs = {k: world.objects[v][centre].pk for k, v in rule.kwargs.items()}
    return reverse(rule.name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
