"""The API documentation page works under the content security policy and loads nothing from outside;
the administrator's service-account screen at desktop and phone widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import override_settings

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects.tests.factories import ProjectFactory

# `offline`: the service worker registers as it does for staff; blocked, Playwright prints a console warning of its
# own that these console checks would read as the page's.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.offline,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch(page, base_url: str) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "request",
        lambda req: None if req.url.startswith((base_url, "data:")) else problems.append(f"outside request: {req.url}"),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || '')); });"
    )
    return problems


def _sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()


@override_settings(INTEGRA_TWO_FACTOR_REQUIRED=False)
def test_docs_page_runs_under_the_csp_from_local_files(browser_page, live_server):
    centre = InstitutionFactory(slug="docs-a", name="MOPS Leżajsk")
    ProjectFactory(institution=centre, code="KIS-DOCS")
    MembershipFactory(user=UserFactory(username="docs.koordynator"), institution=centre, role=Role.COORDINATOR)
    page = browser_page
    problems = _watch(page, live_server.url)
    _sign_in(page, "docs.koordynator")
    page.goto("/api/v1/docs/")
    page.locator(".swagger-ui .info .title").filter(has_text="Integra API").wait_for()
    page.locator("#operations-participants-participants_search_create").wait_for()
    assert page.locator(".opblock").count() >= 50
    # The signed-in coordinator's session calls the API from this page.
    status = page.evaluate("fetch('/api/v1/projects/?code=KIS-DOCS').then(r => r.json()).then(b => b.results[0].code)")
    assert status == "KIS-DOCS"
    shots = Path(os.environ.get("INTEGRA_SCREENSHOTS", "/tmp/api"))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "api-docs-1024.png"))
    assert problems == []


@override_settings(INTEGRA_TWO_FACTOR_REQUIRED=False)
def test_service_account_screen_fits_desktop_and_phone(browser_page, live_server):
    centre = InstitutionFactory(slug="docs-b", name="MOPS Oświęcim")
    MembershipFactory(user=UserFactory(username="docs.admin"), institution=centre, role=Role.ADMINISTRATOR)
    page = browser_page
    problems = _watch(page, live_server.url)
    _sign_in(page, "docs.admin")
    page.goto("/api/accounts/")
    page.fill("#id_name", "System dziedzinowy pomocy społecznej")
    page.select_option("#id_role", "social_worker")
    page.fill("#id_expires_on", "2030-12-31")
    page.click("#account-create")
    token = page.locator("#token-value").inner_text()
    assert token.startswith("itg_")
    shots = Path(os.environ.get("INTEGRA_SCREENSHOTS", "/tmp/api"))
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/api/accounts/")
        assert page.locator("#accounts").inner_text().count("System dziedzinowy") == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots / f"api-accounts-{width}.png"), full_page=True)
    assert problems == []
