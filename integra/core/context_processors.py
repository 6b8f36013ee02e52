"""Values every page needs: the acting membership, the user's centres, session timing, a report's data source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from integra.core import replica


def integra(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "centre": membership.institution if membership else None,
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        # Reports say where their figures were read (integra.core.replica); None without a replica.
        "data_source": replica.current(),
        "data_source_max_lag": settings.INTEGRA_REPLICA_MAX_LAG_SECONDS,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
