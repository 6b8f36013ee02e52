"""One crawl of every screen per role: the authorisation matrix, the Polish-words walk and the browser walks read it.

The world is built once (`Crawl.build()`: two real centres with every app's objects, `integra/<app>/tests/authz.py`,
and a signed-in client of centre A per matrix role), and each (who, URL) is requested once: `get()` keeps the
answer, so the matrix row that asks a role for a screen and the Polish-words walk that reads the same screen share
one request. Every request runs in a savepoint rolled back after it, so no row or screen changes what another sees
and a kept answer stays true whatever asked first; a form posted by a row (sign-out, a delete) leaves no trace.

The browser walks cannot share the requests (they need a live server and committed rows), but they open the same
list of screens per role: `screens(world)`.

Core knows no domain app: the world's builder is found by name, like the rules (an app's `tests/world.py` with
`build_world` and `role_clients`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

import integra
from integra.core.testing.authz import Rule, World, all_rules, authz_modules
from integra.core.testing.otp import verified_login

ANONYMOUS = "anonymous"
# A URL that answers with a file rather than a page (the browser walks pass over them).
DOWNLOAD = re.compile(r"[./](pdf|xlsx|csv|json|zip|odt|xml)/?$|format=(pdf|xlsx|csv|json)")


@dataclass(frozen=True)
class Answer:
    """What a request answered, kept: the status, and for a 200 its type, download name and body."""

    status: int
    content_type: str = ""
    disposition: str = ""
    body: bytes = b""
    wrote: tuple[str, ...] = ()  # the watched models whose count the request changed (before its rollback)


def app_of(module: Any) -> str:
    """`finance` for `integra.finance.tests.authz`: the id a test of one app's rows is selected by (`-k finance`)."""
    return module.__name__.split(".")[1]


def rules_by_app() -> dict[str, list[Rule]]:
    """Every app's rows of the matrix, by app."""
    return {app_of(module): list(module.RULES) for module in authz_modules()}


def screen_url(rule: Rule, world: World, centre: int = 0) -> str:
    """The URL of a row with the objects of centre `centre` (0: A, 1: B); a GET row's data goes in its query."""
    kwargs = {key: world.objects[obj][centre].pk for key, obj in rule.kwargs.items()}
    url = reverse(rule.name, kwargs=kwargs)
    data = rule.data(world) if callable(rule.data) else dict(rule.data)
    query = "&".join(part for part in (rule.query, "" if rule.method == "POST" else urlencode(data)) if part)
    return f"{url}?{query}" if query else url


def screens(world: World, rules: Iterable[Rule] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Per matrix role, every (URL name, URL with centre A's objects) it may open with a GET that answers 200."""
    per_role: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rule in all_rules() if rules is None else rules:
        if rule.method != "GET" or rule.name.endswith("*") or 200 not in rule.ok:
            continue
        url = screen_url(rule, world)
        for role in sorted(rule.allowed):
            per_role[role].append((rule.name, url))
    return per_role


def world_module() -> Any:
    """The app module that builds the world (`build_world`, `role_clients`): the app that makes centres and staff."""
    found = []
    for info in pkgutil.iter_modules(integra.__path__):
        try:
            module = importlib.import_module(f"integra.{info.name}.tests.world")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"integra.{info.name}.tests", f"integra.{info.name}.tests.world"}:
                raise
            continue
        if hasattr(module, "build_world"):
            found.append(module)
    if len(found) != 1:
        raise LookupError(f"one app's tests/world.py must build the world, found {[m.__name__ for m in found]}")
    return found[0]


class Crawl:
    """Signed-in clients (and an anonymous one) and every answer they were given, each requested once."""

    def __init__(self, clients: Mapping[str, Client], world: World | None = None) -> None:
        self.world = world
        self.clients: dict[str, Client] = {**clients, ANONYMOUS: Client()}
        self.answers: dict[tuple[str, str], Answer] = {}
        self.readings: dict[tuple[str, str], Any] = {}  # what a consumer made of an answer (the Polish words)
        self.requests = 0

    @classmethod
    def build(cls) -> Crawl:
        """Two centres, every app's objects in both, and a signed-in client of centre A per matrix role."""
        module = world_module()
        world = module.build_world()
        return cls(module.role_clients(world), world)

    def get(self, who: str, url: str, watch: Iterable[Any] = ()) -> Answer:
        """What `url` answers `who` (a matrix role or ANONYMOUS), requested the first time only."""
        key = (who, url)
        if key not in self.answers:
            self.answers[key] = self._request(who, "GET", url, watch=watch)
        return self.answers[key]

    def statuses(self, who: str) -> dict[str, int]:
        """Every URL requested as `who`, with its status."""
        return {url: answer.status for (name, url), answer in self.answers.items() if name == who}

    def answer(self, who: str, rule: Rule, centre: int, watch: Iterable[Any] = ()) -> Answer:
        """A row asked as `who` with the objects of centre `centre`: a GET is kept, a POST is sent every time."""
        url = screen_url(rule, self.world, centre)
        if rule.method == "GET":
            return self.get(who, url, watch)
        data = rule.data(self.world) if callable(rule.data) else dict(rule.data)
        return self._request(who, "POST", url, data, watch)

    def _request(
        self, who: str, method: str, url: str, data: Mapping[str, Any] | None = None, watch: Iterable[Any] = ()
    ) -> Answer:
        client = self.clients[who]
        self.requests += 1
        with transaction.atomic():
            before = {model: model.objects.count() for model in watch}
            response = client.post(url, data or {}) if method == "POST" else client.get(url)
            wrote = tuple(model.__name__ for model, n in before.items() if model.objects.count() != n)
            transaction.set_rollback(True)  # the world stays as built: a kept answer stays true
        if response.status_code != 200:
            return Answer(response.status_code, wrote=wrote)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        kind, disposition = response.get("Content-Type", ""), response.get("Content-Disposition", "")
        return Answer(200, kind, disposition, body, wrote)

    def keep_signed_in(self) -> None:
        """Sign in again each client whose session has gone (signed out by a row, or rolled back with a test)."""
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        for who, client in self.clients.items():
            cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
            if who != ANONYMOUS and (cookie is None or not cookie.value or not store.exists(cookie.value)):
                verified_login(client, client.integra_user)

    def check(self, rule: Rule, unchanged: Iterable[Any] = ()) -> list[str]:
        """What differs from the row: anonymous, every role in its own centre and, with objects, in the other.

        `unchanged`: models whose rows the row's requests must not add or remove (counted around each request).
        """
        failures = []
        for who in self.clients:
            for centre in (0, 1) if who != ANONYMOUS and rule.kwargs and rule.other_centre else (0,):
                answer = self.answer(who, rule, centre, unchanged)
                status = answer.status
                if answer.wrote:
                    failures.append(f"{rule.name} {who} centre {centre}: wrote {', '.join(answer.wrote)}")
                if who == ANONYMOUS:
                    expected = rule.anonymous
                elif centre == 0:
                    expected = rule.ok if who in rule.allowed else frozenset({403})
                else:
                    expected = frozenset({404 if who in rule.allowed else 403})
                if status not in expected:
                    where = "anonymous" if who == ANONYMOUS else f"{who} {('own', 'other')[centre]} centre"
                    failures.append(f"{rule.name} {where}: {status}, expected {sorted(expected)}")
        if rule.method == "POST":
            self.keep_signed_in()
        return failures
