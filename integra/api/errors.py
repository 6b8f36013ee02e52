"""One error shape for every refusal of the API (docs/api.md, "Errors"):

    {"code": "invalid", "message": {"pl": "...", "en": "..."}, "field": "pesel" | null, "row": 3 | null,
     "errors": [ every problem found, each in the same four keys ]}

The top-level keys repeat the first entry of `errors`, so a client that reads one message gets the main one.
Messages of the services are rendered in both languages from their translatable constants; DRF's own
messages come in English and are looked up in the Polish catalogue (or a message per code when DRF's text
has values in it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models.constraints import BaseConstraint
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from integra.api.parsers import MAX_DEPTH, TooDeep

# Messages per code, for refusals DRF words with values in them (and for the API's own refusals).
MESSAGES = {
    "required": _("This field is required."),
    "null": _("This field may not be null."),
    "blank": _("This field may not be blank."),
    "invalid": _("This value is not valid."),
    "invalid_choice": _("Choose one of the allowed values."),
    "max_length": _("This text is too long."),
    "min_length": _("This text is too short."),
    "max_value": _("This value is too large."),
    "min_value": _("This value is too small."),
    "max_digits": _("This number has too many digits."),
    "max_decimal_places": _("This number has too many decimal places."),
    "max_whole_digits": _("This number has too many digits before the decimal point."),
    "not_a_list": _("Expected a list."),
    "empty": _("This list may not be empty."),
    "max_string_length": _("This value is too large."),
    "date": _("Enter a date as YYYY-MM-DD."),
    "datetime": _("Enter a date and time in ISO 8601 form."),
    "unknown_field": _("This field is not accepted here."),
    "malformed_json": _("The request body is not valid JSON."),
    "not_authenticated": _("Send a token: Authorization: Bearer <token>."),
    "token_invalid": _("This token is not valid."),
    "token_revoked": _("This token has been revoked."),
    "token_expired": _("This token has expired."),
    "forbidden": _("Your role may not do this."),
    "not_found": _("Not found."),
    "method_not_allowed": _("This method is not allowed here."),
    "not_acceptable": _("This API answers in JSON only."),
    "unsupported_media_type": _("Send the body as application/json."),
    "rate_limited": _("Too many requests from this token; retry after %(wait)s seconds."),
    "too_large": ngettext_lazy(
        "The request body is larger than %(limit)s byte.", "The request body is larger than %(limit)s bytes.", "limit"
    ),
    "stale": _("Someone else saved this record since you read it; read it again and resend with the new version."),
    "conflict": _("This conflicts with a record that already exists."),
    "report_failed": _("The report could not be produced."),
    "invalid_cursor": _("This cursor is not valid: follow the next and previous links as the API gives them."),
    "too_deep": ngettext_lazy(
        "The request body nests lists and objects more than %(limit)s level deep.",
        "The request body nests lists and objects more than %(limit)s levels deep.",
        "limit",
    ),
    "malformed_multipart": _("The request body is not valid multipart/form-data."),
    "one_scope": _("Give a project or a club, not both."),
    "period_reversed": _("The end of the period is before its start."),
    "period_not_applicable": _("A payment-claim period applies only to projects of the 2007-2013 programme."),
    "outside_project": _("The period does not overlap the project's."),
    "idempotency_key_reused": _(
        "This Idempotency-Key was already used with a different request; send a new key for a new request."
    ),
    "csrf_failed": _(
        "The form's security token is missing or has expired; reload the page (or read the CSRF cookie) and send again."
    ),
}

CONFLICT_CODES = frozenset({"stale", "duplicate", "conflict"})
UNPROCESSABLE_CODES = frozenset({"idempotency_key_reused"})  # well-formed, but cannot be done: 422


def bilingual(message: Any, params: dict[str, Any] | None = None) -> dict[str, str]:
    """The message in Polish and English (a lazy message is rendered in each; params filled after translation)."""
    out = {}
    for language in ("pl", "en"):
        with translation.override(language):
            text = str(message)
            if params:  # `message % params`: a plural message (ngettext_lazy) picks its form from the params
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    text = str(message % params)
            out[language] = text
    return out


def entry(
    code: str,
    message: Any = None,
    *,
    field: str | None = None,
    row: int | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "message": bilingual(message if message is not None else MESSAGES.get(code, MESSAGES["invalid"]), params),
        "field": field,
        "row": row,
    }


def body(entries: list[dict[str, Any]]) -> dict[str, Any]:
    first = entries[0]
    return {**first, "errors": entries}


def _drf_message(detail: exceptions.ErrorDetail) -> dict[str, str]:
    """DRF's English text; Polish from the catalogue when DRF's message is a fixed text, else by code."""
    english = str(detail)
    with translation.override("pl"):
        polish = gettext(english)
    if polish == english:
        polish = bilingual(MESSAGES.get(detail.code, MESSAGES["invalid"]))["pl"]
    return {"pl": polish, "en": english}


def _walk(detail: Any, field: str | None = None, row: int | None = None) -> Iterator[dict[str, Any]]:
    """Flatten DRF's nested error detail into entries with a dotted field path and a 1-based row."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", NON_FIELD_ERRORS) else str(key)
            path = ".".join(p for p in (field, name) if p) or None
            yield from _walk(value, path, row)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                if item:
                    yield from _walk(item, field, index + 1 if row is None else row)
            else:
                yield from _walk(item, field, row)
    else:
        code = getattr(detail, "code", None) or "invalid"
        yield {
            "code": code,
            "message": _drf_message(detail) if isinstance(detail, exceptions.ErrorDetail) else bilingual(detail),
            "field": field,
            "row": row,
        }


def _constraint_name(message: Any) -> str | None:
    """The constraint named by Django's default violation message (it comes formatted, in either language)."""
    text = str(message)
    for language in ("en", "pl"):
        with translation.override(language):
            template = str(BaseConstraint.default_violation_error_message)
        prefix, _sep, suffix = template.partition("%(name)s")
        if len(text) > len(prefix) + len(suffix) and text.startswith(prefix) and text.endswith(suffix):
            return text[len(prefix) : len(text) - len(suffix)]
    return None


def _model_entry(item: DjangoValidationError, field: str | None = None) -> dict[str, Any]:
    """One Django validation error; a model constraint's own wording (English, naming the constraint) becomes
    the API's general refusal: a unique constraint is a conflict with an existing record, any other invalid."""
    name = _constraint_name(item.message)
    if name is not None:
        return entry("conflict" if "unique" in name else "invalid", field=field)
    if item.code in {"unique", "unique_together"}:
        return entry("conflict", field=field)
    return entry(item.code or "invalid", item.message, params=item.params, field=field)


def _django_entries(exc: DjangoValidationError) -> list[dict[str, Any]]:
    entries = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for item in error.error_list:
                    entries.append(_model_entry(item, None if name == NON_FIELD_ERRORS else name))
    else:
        for item in exc.error_list:
            entries.append(_model_entry(item))
    return entries or [entry("invalid")]


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(code="too_large")


class Refusal(exceptions.APIException):
    """A refusal of the API's own (`code` one of MESSAGES), naming the parameter at fault."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, *, field: str | None = None, status: int = status.HTTP_400_BAD_REQUEST):
        self.refusal_code, self.field, self.status_code = code, field, status
        super().__init__(code=code)


_STATUS_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
}


def is_unique_violation(exc: BaseException) -> bool:
    """A unique constraint refused the row: two requests raced to create the same thing (PostgreSQL or SQLite)."""
    cause = exc.__cause__
    return (
        getattr(cause, "sqlstate", None) == "23505"
        or getattr(cause, "pgcode", None) == "23505"
        or "UNIQUE constraint failed" in str(exc)
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: every refusal in the one shape; anything else stays a server error."""
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        entries = _django_entries(exc)
        code = status.HTTP_400_BAD_REQUEST
        if entries[0]["code"] in CONFLICT_CODES:
            code = status.HTTP_409_CONFLICT
        elif entries[0]["code"] in UNPROCESSABLE_CODES:
            code = status.HTTP_422_UNPROCESSABLE_ENTITY
        set_rollback()
        return Response(body(entries), status=code)
    if isinstance(exc, IntegrityError) and is_unique_violation(exc):
        # The services check duplicates first; only a race between two requests reaches the constraint.
        set_rollback()
        return Response(body([entry("conflict")]), status=status.HTTP_409_CONFLICT)
    if not isinstance(exc, exceptions.APIException):
        return None
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        headers["Retry-After"] = str(wait)
        entries = [entry("rate_limited", params={"wait": wait})]
    elif isinstance(exc, Refusal):
        entries = [entry(exc.refusal_code, field=exc.field)]
    elif isinstance(exc, RequestTooLarge):
        entries = [entry("too_large", params={"limit": exc.limit})]
    elif isinstance(exc, TooDeep):
        entries = [entry("too_deep", params={"limit": MAX_DEPTH})]
    elif isinstance(exc, exceptions.ParseError):
        request = context.get("request")
        multipart = "multipart" in (getattr(request, "content_type", "") or "")
        entries = [entry("malformed_multipart" if multipart else "malformed_json")]
    elif isinstance(exc, exceptions.PermissionDenied) and exc.get_codes() == "csrf_failed":
        entries = [entry("csrf_failed")]
    elif isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "not_authenticated"
        entries = [entry(code if code in MESSAGES else "token_invalid")]
        if isinstance(exc, exceptions.NotAuthenticated):
            entries = [entry("not_authenticated")]
    elif type(exc) in _STATUS_CODES:
        entries = [entry(_STATUS_CODES[type(exc)])]
    elif isinstance(exc, exceptions.ValidationError):
        entries = list(_walk(exc.detail)) or [entry("invalid")]
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "invalid"
        entries = [entry(code, exc.detail if code not in MESSAGES else None)]
    request = context.get("request")
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed) and request is not None:
        view = context.get("view")
        header = view.get_authenticate_header(request) if view is not None else None
        if header:
            headers["WWW-Authenticate"] = header
    set_rollback()
    return Response(body(entries), status=exc.status_code, headers=headers)
