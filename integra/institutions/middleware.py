"""Sets `request.membership`: the centre and role the signed-in user acts as, and `request.memberships`: every
active membership of the user (read once per request; the two-factor check asks them for its roles, and for
whether the user has a confirmed authenticator app: `user_has_totp`, read in the same query). The query is compiled
once per process (`CompiledQuery`): building it anew cost more than running it."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.compiled import CompiledQuery
from integra.institutions.queries import SESSION_KEY, chosen_membership, memberships_of

_memberships_with_totp = CompiledQuery(
    lambda user: memberships_of(user).annotate(
        user_has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True))
    )
)


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.memberships = _memberships_with_totp(user=request.user.pk)  # type: ignore[attr-defined]
            request.membership = chosen_membership(request.memberships, request.session.get(SESSION_KEY))  # type: ignore[attr-defined]
        return self.get_response(request)
