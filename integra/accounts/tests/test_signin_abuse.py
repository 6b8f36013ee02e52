"""Sign-in under abuse (issue 24, point 5): nobody keeps a named colleague locked out, an address a client
writes itself never hides its guesses, and one wrong code never locks the way in that is left.

- Attempts during a lockout do not extend it: the cool-off runs from the failure that locked.
- A browser that has signed in to an account before (its device cookie) is judged by its own failures,
  not by the address's nor the account's: a colleague behind the same office NAT cannot lock it.
- Per account across every address, a second line: past `INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT` failures a
  browser the account has never used gets one try per `INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS` — a delay, not
  a lockout, so rotating `X-Forwarded-For` through a trusted peer buys one guess a minute.
- A wrong TOTP code counts only against the authenticator app, a wrong recovery code only against the
  recovery codes: a throttled app leaves the recovery codes usable.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts import lockouts
from integra.accounts.tests.test_signin import _code, _login, _staff
from integra.accounts.twofactor import new_recovery_codes
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "wrong-password-123"
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_attempts_during_a_lockout_do_not_extend_it(centre_a, settings):
    _staff(centre_a, "ewa")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            _login(Client(), "ewa", WRONG)
        for minutes in (5, 5, 4):  # at 5, 10 and 14 minutes, the right password too
            clock.shift(dt.timedelta(minutes=minutes))
            assert _login(Client(), "ewa", TEST_PASSWORD).status_code == 429
            _login(Client(), "ewa", WRONG)
        clock.shift(dt.timedelta(minutes=1, seconds=1))  # 15 minutes after the failure that locked
        client = Client()
        assert _login(client, "ewa", TEST_PASSWORD).status_code == 302 and _signed_in(client)
    assert AccessAttempt.objects.filter(username="ewa").count() == 0  # a sign-in clears its address's count


def test_the_lockout_page_says_until_when_and_that_trying_does_not_extend_it(centre_a):
    _staff(centre_a, "ewa")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            _login(Client(), "ewa", WRONG)
        page = _login(Client(), "ewa", TEST_PASSWORD).content.decode()
    assert "o 11:15" in page  # 10:00 UTC is 11:00 in Warsaw; 15 minutes
    assert "nie przedłużają blokady" in page


def test_a_colleague_behind_the_same_address_cannot_lock_a_browser_that_signed_in_before(centre_a):
    _staff(centre_a, "ewa")
    mine = Client()
    assert _login(mine, "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 302
    mine.post("/logout/")
    with time_machine.travel(START, tick=False):
        for _ in range(12):  # the office NAT: the same address, no cookie of Ewa's
            _login(Client(), "ewa", WRONG, ip="10.0.0.1")
        assert _login(Client(), "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 429
        assert _login(mine, "ewa", TEST_PASSWORD, ip="10.0.0.1").status_code == 302 and _signed_in(mine)


def test_a_known_browser_is_still_limited_by_its_own_failures(centre_a):
    _staff(centre_a, "ewa")
    mine = Client()
    _login(mine, "ewa", TEST_PASSWORD)
    mine.post("/logout/")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            _login(mine, "ewa", WRONG, ip=f"10.0.1.{_}")  # its own guesses, from wherever
        assert _login(mine, "ewa", TEST_PASSWORD, ip="10.0.9.9").status_code == 429


def test_rotating_forwarded_for_through_a_trusted_peer_meets_the_account_limit(centre_a, settings):
    """The issue's case: INTEGRA_TRUSTED_PROXIES set, a client on the trusted peer's address writes a new
    X-Forwarded-For each time — 20 guesses, each under another address. The per-account line slows it."""
    settings.INTEGRA_TRUSTED_PROXIES = ["127.0.0.1"]
    _staff(centre_a, "ewa")
    mine = Client()
    _login(mine, "ewa", TEST_PASSWORD, ip="127.0.0.1")
    mine.post("/logout/")
    limit, delay = settings.INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT, settings.INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS
    with time_machine.travel(START, tick=False) as clock:
        answers = [
            Client().post(
                "/login/",
                {"username": "ewa", "password": WRONG},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
            )
            for n in range(20)
        ]
        assert [a.status_code for a in answers] == [200] * limit + [429] * (20 - limit)
        assert "jedną próbę na minutę" in answers[-1].content.decode()
        counted = sum(AccessAttempt.objects.filter(username="ewa").values_list("failures_since_start", flat=True))
        assert counted == limit  # refused tries check no password and are not counted

        def guess(password: str, n: int):
            return Client().post(
                "/login/",
                {"username": "ewa", "password": password},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )

        assert guess(TEST_PASSWORD, 1).status_code == 429  # even the right password waits its turn
        clock.shift(delay + 1)
        assert guess(WRONG, 2).status_code == 200  # one try a minute
        assert guess(WRONG, 3).status_code == 429
        # The account's owner, in a browser the account has used, is not slowed.
        assert _login(mine, "ewa", TEST_PASSWORD, ip="127.0.0.1").status_code == 302 and _signed_in(mine)


def test_an_untrusted_peer_is_counted_under_its_own_address_whatever_it_writes(centre_a, settings):
    settings.INTEGRA_TRUSTED_PROXIES = ["10.1.0.0/16"]
    _staff(centre_a, "ewa")
    for n in range(5):
        Client().post(
            "/login/",
            {"username": "ewa", "password": WRONG},
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"10.1.0.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}
    assert _login(Client(), "ewa", TEST_PASSWORD, ip="192.0.2.50").status_code == 429


def test_administrator_sees_and_lifts_an_account_wide_slowdown(centre_a, administrator, settings):
    _staff(centre_a, "ewa")
    with time_machine.travel(START, tick=False):
        for n in range(settings.INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT):
            _login(Client(), "ewa", WRONG, ip=f"192.0.2.{n}")
        listed = lockouts.locked_for_centre(centre_a.pk)
        assert [(x.kind, x.key, x.address) for x in listed] == [("account", "ewa", "")]
        assert lockouts.unlock(centre_a.pk, username="ewa") > 0
        assert _login(Client(), "ewa", TEST_PASSWORD, ip="192.0.2.77").status_code == 302


# ---------------------------------------------------------------- the second factor


def _verify(client: Client, token: str):
    return client.post("/account/two-factor/verify/", {"token": token})


def test_a_recovery_code_works_while_the_authenticator_is_throttled(centre_a):
    user = _staff(centre_a, "dyrektorka", Role.DIRECTOR)
    device = TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    code = new_recovery_codes(user)[0]
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        _login(client, "dyrektorka", TEST_PASSWORD)
        for _ in range(7):  # paced: each after the throttle's wait, so each is checked and counted
            wrong = "000000" if _code(device) != "000000" else "111111"
            assert _verify(client, wrong).status_code == 400
            clock.shift(2**7)
        device.refresh_from_db()
        assert device.throttling_failure_count == 7
        clock.shift(-(2**7) + 1)  # inside the app's throttle window now
        throttled = _verify(client, _code(device))
        assert throttled.status_code == 400
        page = throttled.content.decode()
        assert "Zbyt wiele błędnych kodów z aplikacji" in page and "kodu zapasowego" in page  # the way left
        assert StaticDevice.objects.get(user=user).throttling_failure_count == 0
        assert _verify(client, code).status_code == 302
        assert client.get("/").status_code == 200


def test_a_wrong_recovery_code_does_not_throttle_the_authenticator(centre_a):
    user = _staff(centre_a, "dyrektorka", Role.DIRECTOR)
    device = TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    new_recovery_codes(user)
    with time_machine.travel(START, tick=False):
        client = Client()
        _login(client, "dyrektorka", TEST_PASSWORD)
        assert _verify(client, "abcdefgh23456789").status_code == 400
        device.refresh_from_db()
        assert device.throttling_failure_count == 0
        assert _verify(client, _code(device)).status_code == 302
