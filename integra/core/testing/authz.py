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
or, for a refusing form, 200/400 — list them in `ok`). Every request is rolled back after it; an app may name
`UNCHANGED = (Model, ...)`, models whose row count none of its rows' requests may change.
A URL name without a rule fails the test; the rows are walked through the shared crawl (crawl.py,
tests/test_crawl.py: `pytest tests/test_crawl.py -k <app>` walks one app's rows).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import integra
from integra.core.roles import Specialty

ROLES = (
    "administrator",
    "director",
    "coordinator",
    "social_worker",
    "specialist",
    "accountant",
    "auditor",
    "dpo",
    "regional_supervisor",
)
# The matrix walks one more key than there are roles: "specialist" is a psychologist (a specialist as most of them
# are), "career_advisor" a specialist whose specialty gives more (IPD, results and follow-ups).
MATRIX_ROLES = (*ROLES, "career_advisor")
SPECIALISTS = frozenset({"specialist", "career_advisor"})
ALL = frozenset(MATRIX_ROLES)
CASE = frozenset({"administrator", "director", "coordinator", "social_worker"}) | SPECIALISTS
STAFF = CASE | {"accountant", "auditor"}
EDITORS = frozenset({"administrator", "coordinator", "social_worker"})
MANAGERS = frozenset({"administrator", "coordinator"})
FINANCE_EDIT = frozenset({"administrator", "coordinator", "accountant"})
FINANCE_READ = FINANCE_EDIT | {"director", "auditor"}
REPORT_READERS = frozenset({"administrator", "director", "coordinator", "accountant", "auditor"})
REGISTRY = STAFF | {"dpo"}  # can_view_participants: a name and a distinguishing detail
RECORD_READERS = CASE | {"auditor"}  # can_view_participant_record: a person's page
CONTACT_READERS = CASE  # can_view_contact_details: address, phone, e-mail, household
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


def role_and_specialty(key: str) -> tuple[str, str]:
    """The membership's role and specialty behind a matrix key (`MATRIX_ROLES`)."""
    if key == "career_advisor":
        return "specialist", Specialty.CAREER_ADVISOR
    return key, (Specialty.PSYCHOLOGIST if key == "specialist" else "")
