"""End to end in headless chromium: lockout after failed sign-ins, the idle-session warning and expiry,
and two-factor enrolment then sign-in with a TOTP code computed here — with no CSP violation."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _staff(username: str, role: str):
    centre = InstitutionFactory(slug=f"e2e-{username}", name="MOPS Leżajsk")
    user = UserFactory(username=username, first_name="Ewa", last_name="Nowak")
    MembershipFactory(user=user, institution=centre, role=role)
    return user


def _sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("#login-submit")


def _csp_violations(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def test_lockout_after_five_failed_sign_ins(browser_page):
    _staff("e2e.zablokowana", Role.COORDINATOR)
    page = browser_page
    for _ in range(5):
        _sign_in(page, "e2e.zablokowana", "zle-haslo-12345")
    _sign_in(page, "e2e.zablokowana")  # even the right password is refused now
    expect(page.locator("#locked-out h1")).to_have_text("Konto zablokowane")
    expect(page.locator("#locked-out")).to_contain_text("Poproś administratora o odblokowanie")


def test_idle_session_warns_then_expires(browser_page, settings):
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_WARNING_SECONDS = 4
    _staff("e2e.bezczynna", Role.COORDINATOR)
    page = browser_page
    violations = _csp_violations(page)
    _sign_in(page, "e2e.bezczynna")
    expect(page.locator("h1")).to_have_text("Na dziś")
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=5_000)
    page.click("#session-stay")  # extends the session and hides the warning
    expect(warning).to_be_hidden()
    page.wait_for_url("**/login/**", timeout=15_000)  # the page reloads after the idle time: signed out
    expect(page.locator("#login-submit")).to_be_visible()
    assert violations == []


def test_typing_into_a_form_keeps_the_session_and_nothing_typed_is_dropped(browser_page, settings):
    """The page reloads to the sign-in at the end of the idle time; someone writing a note is not idle."""
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_WARNING_SECONDS = 4
    _staff("e2e.pisze", Role.COORDINATOR)
    page = browser_page
    _sign_in(page, "e2e.pisze")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto("/people/new/")  # a form that sends nothing while typing
    field = page.locator("input[name=first_name]")
    started = time.monotonic()
    while time.monotonic() - started < 12:  # twice the idle time, a key a second
        field.press_sequentially("a")
        page.wait_for_timeout(1_000)
    assert "/people/new/" in page.url
    assert field.input_value() == "a" * len(field.input_value()) and len(field.input_value()) >= 10
    page.wait_for_url("**/login/**", timeout=15_000)  # then idle: the reload signs out as before


def _code(secret: str, drift: int = 0) -> str:
    """What an authenticator app shows now (drift=1: the next 30-second step)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=drift):06d}"


def test_director_enrols_in_two_factor_then_signs_in_with_a_code(browser_page):
    _staff("e2e.dyrektorka", Role.DIRECTOR)
    page = browser_page
    violations = _csp_violations(page)
    _sign_in(page, "e2e.dyrektorka")
    page.goto("/people/")  # nothing is reachable before enrolment
    assert page.url.endswith("/account/two-factor/setup/")
    qr = page.locator("#totp-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("document.getElementById('totp-qr').naturalWidth") > 0  # the data: image passed the CSP
    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill("#id_token", _code(secret))
    page.click("#two-factor-confirm")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.click("#recovery-done")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.click("#logout")

    _sign_in(page, "e2e.dyrektorka")
    expect(page.locator("#two-factor-verify h1")).to_have_text("Potwierdź logowanie")
    page.fill("#id_token", "000000" if _code(secret, 1) != "000000" else "111111")
    page.click("#two-factor-submit")
    expect(page.locator("#token-errors")).to_contain_text("Nieprawidłowy lub nieaktualny kod")
    time.sleep(2)  # django-otp throttles the attempt after a wrong code
    page.fill("#id_token", _code(secret, 1))  # the next step's code: the current one was used at enrolment
    page.click("#two-factor-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")
    assert violations == []
