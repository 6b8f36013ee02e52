"""No browser or proxy keeps a copy of what Integra answers (issue 24): every screen of a signed-in member of
staff and every API answer can hold personal data, so rather than a list of views to remember, every
response says `Cache-Control: no-store` — static files alone may be cached. A response that already says how
it may be cached (never_cache) keeps its own words, with `no-store` added if missing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response
