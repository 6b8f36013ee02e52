"""Two-factor sign-in (TOTP from django-otp, recovery codes from otp_static) and its enforcement.

Who must use it: every user holding an active membership with a role in
`TWO_FACTOR_REQUIRED_ROLES` (administrators, directors, regional supervisors) and superusers.
Everyone else may enrol; once a user has a confirmed device, every sign-in asks for a code.
Until the second factor is verified in the session, such a user reaches only the enrolment and
verification screens (and sign-out): `TwoFactorMiddleware` redirects everything else.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.roles import TWO_FACTOR_REQUIRED_ROLES

RECOVERY_CODES = 10
TOTP_NAME = "Integra"
RECOVERY_NAME = "recovery"

# URL names a signed-in but not yet verified user may still reach.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two-factor-setup",
        "accounts:two-factor-verify",
        "set_language",
    }
)


def two_factor_required(user: Any) -> bool:
    """Administrators, directors, regional supervisors (any active membership) and superusers need 2FA."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not getattr(settings, "INTEGRA_TWO_FACTOR_REQUIRED", True):
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(is_active=True, role__in=list(TWO_FACTOR_REQUIRED_ROLES)).exists()


def has_totp(user: Any) -> bool:
    """The user has finished TOTP enrolment (a confirmed authenticator app)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device shown during enrolment (created once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (the CSP allows data: images, no script)."""
    import segno  # 33 ms of start-up otherwise; only enrolment draws a QR code

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@transaction.atomic
def confirm_totp(user: Any, token: str) -> TOTPDevice | None:
    """Confirm the pending device if the code matches; returns it, or None for a wrong code."""
    device = pending_totp(user)
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with fresh single-use ones; returns them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_app_code(token: str) -> bool:
    """A code from the authenticator app is six digits; a recovery code is sixteen letters and digits."""
    return token.isascii() and token.isdigit() and len(token) <= 8


def match(user: Any, token: str):
    """The confirmed device that accepts the code, or None. A code is checked only by the kind of device it
    can belong to — the app for six digits, the recovery codes otherwise — so a wrong app code counts
    against (and throttles) only the app, and a recovery code still works while the app is throttled."""
    token = (token or "").strip().replace(" ", "")
    if not token or len(token) > 16:
        return None
    kind = TOTPDevice if is_app_code(token) else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind) and device.verify_token(token):
            return device
    return None


def app_throttled_for(user: Any) -> int:
    """Seconds until the authenticator app's codes are checked again after wrong ones (django-otp doubles the
    wait with each failure); 0 when they are checked now."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


@transaction.atomic
def disable(user: Any) -> None:
    """Remove every second factor (optional users only; the view checks)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def second_factor_state(user: Any, memberships: list[Any] | None = None) -> tuple[bool, bool]:
    """(`has_totp(user)`, `two_factor_required(user)`) in one query: the middleware asks on every request
    of a user without a verified second factor (bench/list_search.py counts queries per request). Given the
    user's active memberships (`request.memberships`, already read), the roles come from them, and so does the
    device when the memberships' query asked for it (`user_has_totp`): no query at all for a user with a centre."""
    if memberships is not None:
        if memberships and hasattr(memberships[0], "user_has_totp"):  # ActiveMembershipMiddleware asked already
            has_device = memberships[0].user_has_totp
        else:
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        has_role = any(membership.role in TWO_FACTOR_REQUIRED_ROLES for membership in memberships)
        required = getattr(settings, "INTEGRA_TWO_FACTOR_REQUIRED", True) and (user.is_superuser or has_role)
        return has_device, bool(required)
    Membership = user.memberships.model
    row = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_role=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"),
                    is_active=True,
                    role__in=list(TWO_FACTOR_REQUIRED_ROLES),
                )
            ),
        )
        .values_list("has_device", "has_role")
        .first()
    ) or (False, False)
    required = getattr(settings, "INTEGRA_TWO_FACTOR_REQUIRED", True) and (user.is_superuser or row[1])
    return bool(row[0]), bool(required)


class TwoFactorMiddleware:
    """Sends a signed-in user who needs a second factor to enrolment or verification first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not self._exempt(request):
            has_device, required = second_factor_state(user, getattr(request, "memberships", None))
            if has_device:
                return self._refuse(request, "accounts:two-factor-verify")
            if required:
                return self._refuse(request, "accounts:two-factor-setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in EXEMPT_URL_NAMES

    @staticmethod
    def _refuse(request: HttpRequest, url_name: str) -> HttpResponse:
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"detail": "two-factor verification required"}, status=403)
        return redirect(url_name)


__all__ = ["TwoFactorMiddleware", "has_totp", "two_factor_required", "user_has_device"]
