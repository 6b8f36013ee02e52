"""Sets `request.membership`: the centre and role the signed-in user acts as."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from integra.institutions.queries import SESSION_KEY, active_membership


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.membership = active_membership(request.user, request.session.get(SESSION_KEY))  # type: ignore[attr-defined]
        return self.get_response(request)
