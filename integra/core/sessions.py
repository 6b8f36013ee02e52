"""Idle sessions without a database write on every request (issue 26).

Sessions expire after `SESSION_COOKIE_AGE` of inactivity. Django keeps that by saving the session on every
request (`SESSION_SAVE_EVERY_REQUEST`): an UPDATE with its savepoint on each screen, three of a list's ten
queries. `SessionRefreshMiddleware` saves it only when the expiry would move by more than a minute (or a tenth
of the idle time, if that is shorter), so the session can end at most that much earlier than the last request
plus the idle time; the expiry warning comes SESSION_WARNING_SECONDS (2 minutes) before, and its „stay signed
in” button always saves. A session changed by the request (sign-in, messages, filters) is saved as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SAVED_AT = "_integra_saved_at"  # when the session was last written (seconds since the epoch)


def refresh_step() -> float:
    """How far the expiry must move before the session is written again."""
    return min(60.0, settings.SESSION_COOKIE_AGE / 10)


def refresh(request: HttpRequest, *, force: bool = False) -> bool:
    """Mark the session to be saved when its expiry moves by more than refresh_step(); True if it will be."""
    session = getattr(request, "session", None)
    if session is None or session.is_empty():
        return False  # no session to extend: an anonymous visitor gets none created
    now = time.time()
    saved = session.get(SAVED_AT)
    if force or session.modified or not isinstance(saved, int | float) or not 0 <= now - saved <= refresh_step():
        session[SAVED_AT] = now  # modified: SessionMiddleware writes it with the new expiry
        return True
    return False


class SessionRefreshMiddleware:
    """Placed after SessionMiddleware: decides, once the view has run, whether the session is written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refresh(request)
        return response


class SessionStore(db.SessionStore):
    """Django's database sessions (SESSION_ENGINE = "integra.core.sessions"), read by one plain SELECT instead of
    the ORM's query: every request of a signed-in person reads its session first, and building that query was
    a third of the read's CPU time. Writing, creating and deleting are Django's own."""

    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608 - a table name
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts a new session
            return None
        return model(session_key=self.session_key, session_data=row[0])
