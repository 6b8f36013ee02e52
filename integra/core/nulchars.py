"""No NUL character reaches a screen's query: PostgreSQL refuses one in any string, so a search or filter that
passed it on answered 500 (SQLite took it). A request whose query string or plain form carries one is refused
with the 400 page before any view runs. Form fields refuse NUL already (Django's CharField); this covers the
values views read straight from request.GET or request.POST. The API has its own parsers, which answer in its
error shape (integra.api.views.common.as_text, integra.api.reports.report_params), so /api/ is left to them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict

FORM = "application/x-www-form-urlencoded"


def carries_nul(query: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            # only a plain form is read here: a multipart upload is parsed by its view, with its own handlers
            plain_form = request.method == "POST" and request.content_type == FORM
            if carries_nul(request.GET) or (plain_form and carries_nul(request.POST)):
                raise SuspiciousOperation("a NUL character in the query or form")  # the 400 page, no value logged
        return self.get_response(request)
