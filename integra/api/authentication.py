"""Who calls the API: a service-account token (`Authorization: Bearer <token>`) or a signed-in staff member.

Both end with `request.membership` set, so views ask the same predicates as the screens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from integra.institutions.models import ServiceAccount
from integra.institutions.services import actor_for, hash_token

# `last_used_at` is written at most this often per token (a write per request would serialise them).
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class TokenRefused(exceptions.AuthenticationFailed):
    default_code = "token_invalid"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, ServiceAccount] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise TokenRefused(code="token_invalid")
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise TokenRefused(code="token_invalid") from exc
        account = (
            ServiceAccount.objects.select_related("user", "institution").filter(token_hash=hash_token(token)).first()
        )
        if account is None:
            raise TokenRefused(code="token_invalid")
        if account.is_revoked:
            raise TokenRefused(code="token_revoked")
        if account.is_expired():
            raise TokenRefused(code="token_expired")
        now = timezone.now()
        if account.last_used_at is None or now - account.last_used_at > LAST_USED_RESOLUTION:
            ServiceAccount.objects.filter(pk=account.pk).update(last_used_at=now)
        membership = actor_for(account)
        request._request.membership = membership
        request._request.service_account = account
        return account.user, account

    def authenticate_header(self, request: Any) -> str:
        return f'{self.keyword} realm="api"'


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in staff member calling from the browser: their session, CSRF enforced, their active membership.

    The second factor is already enforced by integra.accounts.twofactor.TwoFactorMiddleware before any view runs.
    A write without the CSRF token (or with an expired one) is refused as `csrf_failed`, not as a role's
    `forbidden`: the caller reloads the token, nothing about their rights has changed.
    """

    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(code="csrf_failed") from exc


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "integra.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "A service-account token (docs/api.md)."}


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "integra.api.authentication.StaffSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
