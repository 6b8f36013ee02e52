"""Values every page needs: the acting membership, the user's centres, session timing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def integra(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "centre": membership.institution if membership else None,
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
