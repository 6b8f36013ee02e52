"""Sign-in: lockout per account-and-address with a cool-off, trusted proxies, administrator unlock, password rules,
two-factor enrolment and verification, security headers and the deploy check."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.twofactor import new_recovery_codes
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
LOCKED_PL = "Zbyt wiele nieudanych prób logowania"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _staff(institution, username: str, role: str = Role.COORDINATOR):
    user = UserFactory(username=username, first_name="Ewa", last_name="Nowak")
    MembershipFactory(user=user, institution=institution, role=role)
    return user


def test_wrong_password_shows_polish_message(centre_a):
    _staff(centre_a, "ewa")
    response = _login(Client(), "ewa", "wrong-password-123")
    assert response.status_code == 200
    assert "Nieprawidłowa nazwa użytkownika lub hasło." in response.content.decode()


def test_five_failures_lock_the_account_from_that_address_for_the_cooloff_only(centre_a, settings):
    _staff(centre_a, "ewa")
    _staff(centre_a, "jan")
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        for _ in range(5):
            _login(Client(), "ewa", "wrong-password-123", ip="10.0.0.1")
        client = Client()
        response = _login(client, "ewa", TEST_PASSWORD, ip="10.0.0.1")
        assert response.status_code == 429
        assert LOCKED_PL in response.content.decode()
        assert "na 15 minut" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # The same account from another address, and another account from the same address, sign in.
        assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.2").status_code == 302
        assert _login(Client(), "jan", TEST_PASSWORD, ip="10.0.0.1").status_code == 302
        clock.shift(14 * 60)
        assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 429
        clock.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 1)  # the cool-off runs from the last attempt
        assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 302


def test_one_address_guessing_many_accounts_does_not_lock_the_office_behind_it(centre_a):
    _staff(centre_a, "ewa")
    for n in range(5):
        _login(Client(), f"nobody{n}", "wrong-password-123", ip="10.9.9.9")
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.9.9.9").status_code == 302


def test_a_proxy_header_counts_only_from_a_trusted_proxy(centre_a, settings):
    # Only the per-address line here: the account's second line across addresses is test_signin_abuse's.
    settings.INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT = 100
    _staff(centre_a, "ewa")
    # Untrusted peer: X-Forwarded-For is the client's own claim and is ignored (failures count on the peer).
    for n in range(5):
        Client().post(
            "/login/",
            {"username": "ewa", "password": "wrong-password-123"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert AccessAttempt.objects.get(username="ewa").ip_address == "10.0.0.1"
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 429
    # Behind a trusted proxy each client is counted under its own address.
    settings.INTEGRA_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        Client().post(
            "/login/",
            {"username": "ewa", "password": "wrong-password-123"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7, 127.0.0.1",
        )
    assert (
        Client()
        .post(
            "/login/",
            {"username": "ewa", "password": TEST_PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        .status_code
        == 429
    )
    assert (
        Client()
        .post(
            "/login/",
            {"username": "ewa", "password": TEST_PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )
        .status_code
        == 302
    )


def test_administrator_unlocks_an_account_of_their_centre_at_once(centre_a, administrator):
    _staff(centre_a, "ewa")
    for _ in range(5):
        _login(Client(), "ewa", "wrong-password-123", ip="10.0.0.1")
    page = administrator.client.get("/centre/lockouts/")
    assert page.status_code == 200
    assert [(x.key, x.address, x.failures) for x in page.context["lockouts"]] == [("ewa", "10.0.0.1", 5)]
    assert "na 15 minut" in page.content.decode()
    response = administrator.client.post(
        "/centre/lockouts/unlock/", {"username": "ewa", "ip_address": "10.0.0.1"}, follow=True
    )
    assert "Odblokowano." in response.content.decode()
    assert AccessAttempt.objects.filter(username="ewa").count() == 0
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 302


def test_administrator_cannot_unlock_another_centres_account(centre_b, administrator):
    _staff(centre_b, "obca")
    for _ in range(5):
        _login(Client(), "obca", "wrong-password-123", ip="10.0.0.1")
    assert administrator.client.get("/centre/lockouts/").context["lockouts"] == []
    response = administrator.client.post("/centre/lockouts/unlock/", {"username": "obca"}, follow=True)
    assert "Nie ma takiej blokady" in response.content.decode()
    assert AccessAttempt.objects.get(username="obca").failures_since_start == 5


def test_an_expired_lockout_is_not_listed(centre_a, administrator):
    _staff(centre_a, "ewa")
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        for _ in range(5):
            _login(Client(), "ewa", "wrong-password-123", ip="10.0.0.1")
        clock.shift(16 * 60)
        assert administrator.client.get("/centre/lockouts/").context["lockouts"] == []


def test_passwords_need_twelve_characters(db):
    with pytest.raises(ValidationError):
        validate_password("Kr0tkie-h4s")  # 11 characters
    validate_password("Dluzsze-haslo-2026!")


def _code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (time_machine moves "now")."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_director_must_enrol_before_anything_else(centre_a):
    user = _staff(centre_a, "dyrektorka", Role.DIRECTOR)
    client = Client()
    assert _login(client, "dyrektorka", TEST_PASSWORD).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/setup/"
    assert client.get("/people/")["Location"] == "/account/two-factor/setup/"
    setup = client.get("/account/two-factor/setup/")
    assert setup.status_code == 200
    assert setup.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        wrong = client.post(
            "/account/two-factor/setup/", {"token": "000000" if _code(device) != "000000" else "111111"}
        )
        assert wrong.status_code == 400
        assert "Nieprawidłowy lub nieaktualny kod" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        clock.shift(5)  # django-otp throttles the next attempt after a wrong code
        done = client.post("/account/two-factor/setup/", {"token": _code(device)})
        assert done.status_code == 200
        codes = done.context["codes"]
        assert len(codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
        assert client.get("/").status_code == 200


def test_enrolled_director_signs_in_with_a_totp_code_then_a_recovery_code(centre_a):
    user = _staff(centre_a, "dyrektorka", Role.DIRECTOR)
    device = TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False):
        client = Client()
        _login(client, "dyrektorka", TEST_PASSWORD)
        assert client.get("/")["Location"] == "/account/two-factor/verify/"
        response = client.post("/account/two-factor/verify/", {"token": _code(device)})
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get("/").status_code == 200
    code = new_recovery_codes(user)[0]
    client = Client()
    _login(client, "dyrektorka", TEST_PASSWORD)
    assert client.post("/account/two-factor/verify/", {"token": code}).status_code == 302
    assert client.get("/").status_code == 200
    again = Client()
    _login(again, "dyrektorka", TEST_PASSWORD)
    assert again.post("/account/two-factor/verify/", {"token": code}).status_code == 400  # single use
    assert again.get("/").status_code == 302


def test_two_factor_is_optional_for_a_coordinator_but_asked_once_enabled(centre_a):
    user = _staff(centre_a, "koord", Role.COORDINATOR)
    client = Client()
    _login(client, "koord", TEST_PASSWORD)
    assert client.get("/").status_code == 200
    client.get("/account/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/account/two-factor/setup/", {"token": _code(device)})
    client.post("/logout/")
    _login(client, "koord", TEST_PASSWORD)
    assert client.get("/")["Location"] == "/account/two-factor/verify/"
    client.force_login(user)
    verified_login(client, user)
    client.post("/account/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_role_that_needs_two_factor_applies_from_the_next_request(centre_a, centre_b):
    """The check reads the memberships the request already loaded: an active one of a 2FA role in any centre
    counts, an inactive one does not."""
    user = _staff(centre_a, "koord", Role.COORDINATOR)
    client = Client()
    _login(client, "koord", TEST_PASSWORD)
    assert client.get("/").status_code == 200
    directing = MembershipFactory(user=user, institution=centre_b, role=Role.DIRECTOR, is_active=False)
    assert client.get("/").status_code == 200
    directing.is_active = True
    directing.save()
    assert client.get("/people/")["Location"] == "/account/two-factor/setup/"


def test_a_device_confirmed_elsewhere_is_asked_for_from_the_next_request_without_a_query_of_its_own(centre_a):
    """The memberships' query reads whether the user has a confirmed app (ActiveMembershipMiddleware): a signed-in
    coordinator's request asks nothing more about devices, and a device confirmed in another session (this one not
    verified) sends the next request to the code."""
    user = _staff(centre_a, "koord", Role.COORDINATOR)
    client = Client()
    _login(client, "koord", TEST_PASSWORD)
    client.get("/people/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/people/").status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in sql if "otp_totp_totpdevice" in q and "institutions_membership" not in q]
    assert [q for q in sql if "otp_totp_totpdevice" in q and "institutions_membership" in q]
    TOTPDevice.objects.create(user=user, name="Integra", confirmed=False)
    assert client.get("/people/").status_code == 200  # enrolment not finished: nothing asked yet
    TOTPDevice.objects.filter(user=user).update(confirmed=True)
    assert client.get("/people/")["Location"] == "/account/two-factor/verify/"


def test_a_director_cannot_switch_two_factor_off(director):
    response = director.client.post("/account/two-factor/disable/", follow=True)
    assert "wymaga logowania dwuetapowego" in response.content.decode()
    assert TOTPDevice.objects.filter(user=director.user).exists()


def test_security_headers_and_cookies(client, db):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_session_expires_after_inactivity(settings, coordinator):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "integra.core.sessions.SessionRefreshMiddleware" in settings.MIDDLEWARE
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        coordinator.client.get("/")
        clock.shift(29 * 60)
        assert coordinator.client.get("/").status_code == 200  # activity extends the session
        clock.shift(31 * 60)
        assert coordinator.client.get("/").status_code == 302


def test_check_deploy_is_clean_with_production_settings():
    env = dict(
        os.environ,
        INTEGRA_PRODUCTION="1",
        INTEGRA_DEBUG="0",
        INTEGRA_HTTPS="1",
        INTEGRA_SECRET_KEY="ci-" + "k3Y9" * 16,
        INTEGRA_ALLOWED_HOSTS="integra.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-m", "integra.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_written_only_when_its_expiry_moves_by_more_than_a_minute(coordinator):
    """Issue 26: no UPDATE of the session on every screen; the idle expiry still follows the user's activity."""
    client = coordinator.client
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        client.get("/")
        first = _expiry(client)
        clock.shift(59)
        with CaptureQueriesContext(connection) as quiet:
            assert client.get("/").status_code == 200
        assert _expiry(client) == first  # within a minute: not written
        assert not [q for q in quiet.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        clock.shift(2)
        with CaptureQueriesContext(connection) as moved:
            client.get("/")
        assert _expiry(client) == first + dt.timedelta(seconds=61)  # more than a minute: written
        assert [q for q in moved.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        clock.shift(10)
        assert client.post(reverse("accounts:session-ping")).status_code == 200  # „stay signed in”: always written
        assert _expiry(client) == first + dt.timedelta(seconds=71)
        clock.shift(30 * 60 - 1)
        assert client.get("/").status_code == 200  # idle less than 30 minutes after the ping
        clock.shift(30 * 60 + 1)
        assert client.get("/").status_code == 302


def test_an_anonymous_visit_creates_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.get("/login/")
    assert not Session.objects.exists()


def test_the_signed_in_user_is_read_anew_on_each_request_a_deactivated_or_repassworded_one_is_signed_out(centre_a):
    """The backend reads the user by SQL compiled once per process (integra.accounts.backends): still a read of
    today's row on every request, so deactivating the account or changing its password ends its sessions."""
    user = _staff(centre_a, "social", Role.SOCIAL_WORKER)
    client = Client()
    _login(client, "social", TEST_PASSWORD)
    assert client.session["_auth_user_backend"] == "integra.accounts.backends.ModelBackend"
    assert client.get("/people/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/people/")["Location"].startswith("/login/")
    user.is_active = True
    user.save()
    _login(client, "social", TEST_PASSWORD)
    assert client.get("/people/").status_code == 200
    user.set_password("another-password-2026")
    user.save()
    assert client.get("/people/")["Location"].startswith("/login/")
    other = Client()
    _login(other, "social", "another-password-2026")
    assert other.get("/people/").status_code == 200
