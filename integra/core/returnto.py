"""The page to send a person back to after a detour (signing in again, switching the language).

A page drawn in answer to a POST — a refused form drawn again at a URL that takes only POST — cannot be opened
again with GET (405). Its way back is the page the form was sent from (the same-site Referer), else the start."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def return_path(request: HttpRequest) -> str:
    """This page's path and query for GET and HEAD; for any other method, the same-site page it came from."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"
