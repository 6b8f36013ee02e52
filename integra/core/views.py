"""core's one screen: a form sent without a valid security token (settings.CSRF_FAILURE_VIEW)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token, or with one that no longer holds (the page was open past the
    session, the user signed in again in another tab, cookies were cleared): say that the form expired and
    how to go on, not that the role may not do it (settings.CSRF_FAILURE_VIEW). Nothing was saved."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)
