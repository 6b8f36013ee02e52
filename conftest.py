"""Personas shared by every test: centre A's staff in each role, and centre B's outsider."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory


def pytest_configure(config):
    """Cheap password hashing for the whole suite (see integra/core/testing/hashers.py)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["integra.core.testing.hashers.FastPBKDF2PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated rows (content types, catalogues) it flushes; with
    INTEGRA_TEST_WALKS=0 the browser walks marked `walk` are skipped (.ci/run's PostgreSQL run: the SQLite run of
    the same commit walks the same templates, styles and scripts; every screen is still requested on PostgreSQL
    by tests/test_crawl.py).

    A transactional test without serialized rollback ends with a flush that re-creates content types;
    the next serialized one then fails inserting them again. Which test follows which depends on the
    order (and with pytest-xdist on the worker), so the rule is applied to all of them, not by hand.
    """
    walks_elsewhere = os.environ.get("INTEGRA_TEST_WALKS", "1") == "0"
    for item in items:
        if walks_elsewhere and item.get_closest_marker("walk"):
            item.add_marker(pytest.mark.skip(reason="INTEGRA_TEST_WALKS=0: .ci/run walks the screens on SQLite"))
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            # Prepended: pytest-django reads the closest django_db marker, the first of the item's own.
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
            )


@pytest.fixture(autouse=True)
def fresh_timeline_cache():
    """Each test rolls its rows back and may get the same ids again: no timeline a test before rendered."""
    from django.core.cache import caches

    caches["timeline"].clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After every test that reached the database: the summaries the database keeps equal a recount (issue 26).

    The dashboards read summaries kept by triggers (integra.support.marks, integra.projects.counts); whatever a
    test wrote — through a screen, the API, an import, a job, a bulk action, a loader or raw SQL — must have
    left them exact."""
    result = yield
    from django.db import DatabaseError, connection

    from integra.projects import counts
    from integra.support import marks

    for name, summary in (("attendance summary", marks), *((tally.table, tally) for tally in counts.TALLIES)):
        try:
            wrong = None if connection.needs_rollback else summary.differences()
        except (RuntimeError, AssertionError, DatabaseError):  # access blocked or not allowed, or a failed transaction
            wrong = None
        if wrong:
            sample = dict(list(wrong.items())[:5])
            pytest.fail(f"{name} differs from a recount (key: (stored, recount)): {sample}")
    return result


@dataclass
class Persona:
    membership: object
    client: Client

    @property
    def user(self):
        return self.membership.user

    @property
    def institution(self):
        return self.membership.institution


def _persona(institution, role: str, username: str, specialty: str = "") -> Persona:
    user = UserFactory(username=username, first_name=username.capitalize(), last_name="Testowa")
    membership = MembershipFactory(user=user, institution=institution, role=role, specialty=specialty)
    client = Client()
    verified_login(client, user)  # 2FA-required roles would otherwise be sent to enrolment
    return Persona(membership=membership, client=client)


@pytest.fixture
def centre_a(db):
    return InstitutionFactory(slug="centre-a", name="MOPS Leżajsk", gmina="Leżajsk")


@pytest.fixture
def centre_b(db):
    return InstitutionFactory(slug="centre-b", name="MOPS Oświęcim", gmina="Oświęcim")


@pytest.fixture
def coordinator(centre_a) -> Persona:
    return _persona(centre_a, Role.COORDINATOR, "koordynator")


@pytest.fixture
def social_worker(centre_a) -> Persona:
    return _persona(centre_a, Role.SOCIAL_WORKER, "pracownik", Specialty.SOCIAL_WORKER)


@pytest.fixture
def specialist(centre_a) -> Persona:
    return _persona(centre_a, Role.SPECIALIST, "psycholog", Specialty.PSYCHOLOGIST)


@pytest.fixture
def accountant(centre_a) -> Persona:
    return _persona(centre_a, Role.ACCOUNTANT, "ksiegowa")


@pytest.fixture
def director(centre_a) -> Persona:
    return _persona(centre_a, Role.DIRECTOR, "dyrektor")


@pytest.fixture
def administrator(centre_a) -> Persona:
    return _persona(centre_a, Role.ADMINISTRATOR, "admin")


@pytest.fixture
def auditor(centre_a) -> Persona:
    return _persona(centre_a, Role.AUDITOR, "audytor")


@pytest.fixture
def dpo(centre_a) -> Persona:
    return _persona(centre_a, Role.DPO, "iod")


@pytest.fixture
def outsider(centre_b) -> Persona:
    """Centre B's social worker: must get 404 for every object of centre A."""
    return _persona(centre_b, Role.SOCIAL_WORKER, "obcy", Specialty.SOCIAL_WORKER)


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


# Browser tests -----------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server; on an in-memory SQLite database it answers one request at a time.

    Django hands the test's one in-memory SQLite connection to every request thread of the live server
    (LiveServerThread's connections_override). A page that loads a few things at once then runs queries
    of two requests on that one connection at the same moment, which can hang the suite (seen at 77 % of
    a CI run, two request threads inside SQLite). The threads still accept connections side by side
    (keep-alive needs that), but the application, and the reading of its answer, runs under one lock.
    PostgreSQL gives every thread its own connection and keeps its parallel requests.
    """
    if live_server.thread.connections_override:
        live_server.thread.httpd.set_app(_one_at_a_time(live_server.thread.httpd.get_app()))
    return live_server


def _one_at_a_time(app):
    import threading

    lock = threading.Lock()

    def serialised(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                # Read the whole answer under the lock: a streamed export still queries while it is read.
                return [b"".join(result)]
            finally:
                if hasattr(result, "close"):
                    result.close()

    return serialised


@pytest.fixture
def browser_page(live_server, request):
    """A Playwright page (sync API) in headless Debian chromium, its base URL the live server.

    Use with `@pytest.mark.browser`; relative URLs work: `browser_page.goto("/login/")`.
    """
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # body (fixtures, assertions) would otherwise be refused as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # The offline service worker (issue 27) keeps copies in the background on the pages of staff who mark
            # attendance; only the tests of that (marked `offline`) let it register, so that its requests do not
            # race the other tests' sign-ins and cookie changes.
            workers = "allow" if request.node.get_closest_marker("offline") else "block"
            context = browser.new_context(
                base_url=live_server.url,
                locale="pl-PL",
                viewport={"width": 1024, "height": 768},
                service_workers=workers,
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            try:
                yield page
            finally:
                context.close()
                browser.close()
                _wait_for_live_server_requests()
                # ORM calls made by the test while Playwright's loop runs use their own connection
                # (asgiref's context-local storage); close it here, in the same context.
                from django.db import connections

                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _wait_for_live_server_requests(timeout: float = 5.0) -> None:
    """Let the live server's request threads finish once the browser has gone.

    Each of them holds its own database connection until it ends; PostgreSQL refuses to drop
    the test database while one is still open.
    """
    import threading

    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(timeout)


def settle_offline(page) -> None:
    """Wait until the offline code (issue 27) of a page that carries it has had its answers from the server: a
    response still on its way would set the old session's token cookie again after a test clears the cookies."""
    from playwright.sync_api import expect

    if page.locator("#offline").count():
        expect(page.locator("html[data-offline-settled='1']")).to_have_count(1, timeout=20_000)
