"""Every screen of every role, requested once (integra/core/testing/crawl.py), read by the authorisation matrix and
the Polish-words walk.

The world is built once for this module (two centres, every app's objects, a signed-in client of centre A per
role); each test reads one app's rows, so `pytest -k finance` runs finance's rows alone.
- The matrix (integra/core/testing/authz.py): every URL pattern has a row; each row, as each role in its own
  centre, in the other centre (404 when allowed) and anonymous, answers as declared; an app's `UNCHANGED` models
  are neither added to nor removed from by any of its rows.
- The Polish words (integra/core/testing/polish.py): every GET screen a role may open, and every link it offers,
  shows no program identifier, English word or non-Polish number, names its downloads by what they are, and
  offers no link that answers the role with 403.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from integra.core.testing import polish
from integra.core.testing.authz import MATRIX_ROLES, Rule, all_rules, authz_modules
from integra.core.testing.crawl import Crawl, app_of, rules_by_app, screens

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::ResourceWarning")]

RULES = rules_by_app()
UNCHANGED = {app_of(module): tuple(getattr(module, "UNCHANGED", ())) for module in authz_modules()}


@pytest.fixture(scope="module")
def built_crawl(django_db_setup, django_db_blocker):
    """The world of this module's tests, built once in a transaction rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Crawl.build()
        transaction.set_rollback(True)


@pytest.fixture
def crawl(built_crawl, db):
    built_crawl.keep_signed_in()  # sessions made by an earlier test were rolled back with it
    return built_crawl


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


@pytest.mark.parametrize("app", sorted(RULES))
def test_matrix_matches_behaviour(crawl, app):
    failures = []
    for rule in RULES[app]:
        if rule.name.endswith("*"):
            continue
        try:
            failures.extend(crawl.check(rule, UNCHANGED[app]))
        except Exception as exc:  # one broken row must not hide the verdicts on the others
            failures.append(f"{rule.name}: {type(exc).__name__}: {exc}")
            crawl.keep_signed_in()
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("app", sorted(RULES))
def test_every_reachable_screen_speaks_polish_and_offers_only_links_it_may_open(crawl, app):
    per_role = screens(crawl.world, RULES[app])
    found: dict[str, set[str]] = {}
    for role in MATRIX_ROLES:
        start = [url for _, url in per_role.get(role, []) if not url.startswith(polish.SKIP_PREFIXES)]
        for problem, where in polish.walk(crawl, role, start).items():
            found.setdefault(problem, set()).update(where)
    assert not found, polish.report(found)


def test_the_404_page_keeps_the_signed_in_users_menu_and_echoes_nothing(accountant, client):
    response = accountant.client.get("/nie-ma-takiej-strony-987654321/?q=Kowalska")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Nie znaleziono strony" in html
    assert 'id="nav-projects"' in html and "/finance/" in html and 'id="logout"' in html
    assert "987654321" not in html and "Kowalska" not in html
    signed_out = client.get("/nie-ma-takiej-strony-987654321/")
    assert signed_out.status_code in (302, 404) and 'id="logout"' not in signed_out.content.decode()


def test_the_403_page_keeps_the_signed_in_users_menu(accountant):
    response = accountant.client.get("/people/households/new/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Brak dostępu" in html
    assert 'id="nav-projects"' in html and "/finance/" in html  # the accountant's own menu
    assert 'id="logout"' in html
