"""Test helper: a logged-in test client whose session has passed the second factor.

Roles that must use two-factor sign-in (administrator, director, regional supervisor) are sent
to enrolment by `integra.accounts.twofactor.TwoFactorMiddleware` until their session is verified.
`verified_login(client, user)` logs in like `client.force_login` and marks the session as
verified with a confirmed TOTP device, as a real sign-in with a code would.
"""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_login(client: Any, user: Any) -> TOTPDevice:
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
