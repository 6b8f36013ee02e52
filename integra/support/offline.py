"""Attendance without a connection (issue 27): the web app manifest, the service worker and what a device keeps.

The service worker (`support/static/support/sw.js`, served from the site root so that its scope is the whole site)
keeps only what the server marks with the `Integra-Offline` header — the offline start page, today's and
tomorrow's attendance screens of the sessions the signed-in person marks and their signature sheets — plus the
static files those pages need. Nothing else is kept, so no other role's screen ever lands in the cache. The
header's value is the signed-in user's id: a copy made for someone else makes the worker drop everything first.
Marks made offline wait in the browser's IndexedDB (`support/static/support/offline.js`) and are sent one by one
through the attendance screen's own endpoint (`views.attendance`, `queued=1`), which calls
`services.record_queued_mark`.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integra.core.dates import centre_today
from integra.core.permissions import can_record_support, require
from integra.support import queries
from integra.support.models import Session

OFFLINE_HEADER = "Integra-Offline"
THEME_COLOUR = "#1d6f8c"
# The static files the kept pages load; the worker keeps them beside the pages.
STATIC_FILES = (
    "vendor/pico.min.css",
    "integra/integra.css",
    "vendor/htmx.min.js",
    "integra/integra.js",
    "integra/favicon.svg",
    "support/attendance.js",
    "support/offline.js",
    "support/icon-192.png",
)


def keep_offline(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Let the service worker keep this response for the signed-in user (the header names whose copy it is)."""
    response[OFFLINE_HEADER] = str(request.user.pk)
    return response


def kept_offline(session: Session) -> bool:
    """A session whose attendance screen and signature sheet a device keeps: today's and tomorrow's."""
    return session.date in queries.offline_days(centre_today())


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker's script, at the root so that its scope is the whole site; public like any static file."""
    source = Path(finders.find("support/sw.js")).read_text(encoding="utf-8")
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: Polish name, icons, the start page. Public: browsers fetch it without the cookie."""
    data = {
        "name": _("Integra — attendance also without a connection"),
        "short_name": "Integra",
        "description": _("Support work of a social welfare centre; attendance can be marked without a connection."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("today:start"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("support/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("support/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("support/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("integra/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def _sheet_url(session: Session) -> str:
    return reverse("support:attendance-sheet", args=[session.activity_id]) + f"?session={session.pk}"


@require(can_record_support)
@require_GET
def state(request: HttpRequest) -> JsonResponse:
    """What this device keeps for the signed-in person, who that is, and a fresh form token for sending marks.

    Read by `offline.js` on the start page and the attendance screens: a redirect to the sign-in page instead of
    this answer tells it the session has expired (the waiting marks are then sent after signing in again).
    """
    sessions = queries.offline_sessions(request.membership, centre_today())
    today = centre_today()
    urls = [reverse("offline:start"), reverse("offline:jsi18n")]
    urls += [reverse("support:attendance", args=[s.pk]) for s in sessions]
    # The signature sheets are generated now, while there is a connection, for use in a room without one.
    urls += [_sheet_url(s) for s in sessions if s.date == today]
    urls += [static(name) for name in STATIC_FILES]
    return JsonResponse(
        {
            "user": request.user.pk,
            "csrf": get_token(request),
            "start": reverse("offline:start"),
            "urls": urls,
        }
    )


@require(can_record_support)
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """„Na dziś — bez połączenia”: the start page a device shows without a connection.

    Today's and tomorrow's sessions of the signed-in person, each with its attendance screen and (today) its
    signature sheet; it names no participant.
    """
    today = centre_today()
    sessions = queries.offline_sessions(request.membership, today)
    days = [(day, [s for s in sessions if s.date == day]) for day in queries.offline_days(today)]
    response = render(request, "support/offline_start.html", {"days": days, "today": today})
    return keep_offline(request, response)
