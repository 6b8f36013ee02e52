"""Sign-in: lockout per account and per address, administrator unlock, password rules,
two-factor enrolment and verification, security headers and the deploy check."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from integra.core.testing.otp import verified_login
from integra.core.twofactor import new_recovery_codes

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


def test_account_is_locked_after_five_failures_even_with_the_right_password(centre_a):
    _staff(centre_a, "ewa")
    client = Client()
    for _ in range(5):
        _login(client, "ewa", "wrong-password-123", ip=f"10.0.0.{_ + 1}")
    response = _login(client, "ewa", TEST_PASSWORD, ip="10.0.1.1")
    assert response.status_code == 429
    assert LOCKED_PL in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_address_is_locked_after_five_failures_across_accounts(centre_a):
    _staff(centre_a, "ewa")
    for n in range(5):
        _login(Client(), f"nobody{n}", "wrong-password-123", ip="10.9.9.9")
    response = _login(Client(), "ewa", TEST_PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.9.9.10").status_code == 302


def test_administrator_unlocks_an_account_of_their_centre(centre_a, administrator):
    _staff(centre_a, "ewa")
    for n in range(5):
        _login(Client(), "ewa", "wrong-password-123", ip=f"10.0.0.{n + 1}")
    page = administrator.client.get("/centre/lockouts/")
    assert page.status_code == 200
    assert [(x.kind, x.key, x.failures) for x in page.context["lockouts"]] == [("account", "ewa", 5)]
    response = administrator.client.post("/centre/lockouts/unlock/", {"username": "ewa"}, follow=True)
    assert "Odblokowano." in response.content.decode()
    assert AccessAttempt.objects.filter(username="ewa").count() == 0
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.2.1").status_code == 302


def test_administrator_cannot_unlock_another_centres_account(centre_b, administrator):
    _staff(centre_b, "obca")
    for n in range(5):
        _login(Client(), "obca", "wrong-password-123", ip=f"10.0.0.{n + 1}")
    assert administrator.client.get("/centre/lockouts/").context["lockouts"] == []
    response = administrator.client.post("/centre/lockouts/unlock/", {"username": "obca"}, follow=True)
    assert "Nie ma takiej blokady" in response.content.decode()
    assert AccessAttempt.objects.filter(username="obca").count() == 5


def test_administrator_unlocks_an_address_their_staff_was_tried_from(centre_a, administrator):
    _staff(centre_a, "ewa")
    for n in range(5):
        _login(Client(), "ewa" if n == 0 else f"x{n}", "wrong-password-123", ip="10.7.7.7")
    keys = [(x.kind, x.key) for x in administrator.client.get("/centre/lockouts/").context["lockouts"]]
    assert keys == [("address", "10.7.7.7")]
    administrator.client.post("/centre/lockouts/unlock/", {"ip_address": "10.7.7.7"})
    assert AccessAttempt.objects.filter(ip_address="10.7.7.7").count() == 0


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
        wrong = client.post("/account/two-factor/setup/", {"token": "000000" if _code(device) != "000000" else "111111"})
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
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        coordinator.client.get("/")
        clock.shift(29 * 60)
        assert coordinator.client.get("/").status_code == 200  # activity extends the session
        clock.shift(31 * 60)
        assert coordinator.client.get("/").status_code == 302


def test_check_deploy_is_clean_with_production_settings():
    env = dict(os.environ, INTEGRA_PRODUCTION="1", INTEGRA_DEBUG="0", INTEGRA_HTTPS="1",
               INTEGRA_SECRET_KEY="ci-" + "k3Y9" * 16, INTEGRA_ALLOWED_HOSTS="integra.example.org")
    result = subprocess.run(
        [sys.executable, "-m", "integra.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
