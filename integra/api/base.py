"""What every API v1 view shares: who may call it (the screens' predicates), body limits, paging,
filters from the query string and the access-log entry for every read of personal data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination, permissions, throttling, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from integra.api.errors import MESSAGES, RequestTooLarge
from integra.core import ratelimit
from integra.core.accesslog import log_access
from integra.core.clientip import client_ip
from integra.core.models import AccessLogEntry

MAX_ID = 2**63 - 1  # the largest database id; beyond it a lookup would overflow the driver
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}  # what parse_id accepts


class CursorPage(pagination.CursorPagination):
    """Cursor paging by id: stable while rows are added, no counts of what the caller may not page to.

    A cursor comes back from the client: anything but one this paginator wrote (base64 of `o=`, `r=` and a
    row id as `p=`) is refused as `invalid_cursor` before it reaches a query."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request: Any) -> pagination.Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = False
        if cursor is None:
            return None
        if cursor is False or (cursor.position is not None and not _is_id(cursor.position)):
            raise DjangoValidationError(
                {"cursor": [DjangoValidationError(MESSAGES["invalid_cursor"], code="invalid_cursor")]}
            )
        return cursor


class ScreenRules(permissions.BasePermission):
    """The view's `read_rule` for safe methods, its `write_rule` otherwise — predicates of integra.core.permissions."""

    def has_permission(self, request: Any, view: Any) -> bool:
        membership = getattr(request, "membership", None)
        if membership is None or not request.user or not request.user.is_authenticated:
            return False
        rule = view.read_rule if request.method in permissions.SAFE_METHODS else view.write_rule_for(request)
        return rule is not None and rule(membership)


class TokenRate(throttling.BaseThrottle):
    """Per token (or per signed-in user) in fixed windows of the rate's period, counted atomically in Django's
    cache (integra.core.ratelimit), so every server process shares the count and concurrent requests each
    count. A cache that cannot be reached lets requests through rather than refusing every one."""

    wait_seconds: int | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        limit, period = ratelimit.parse_rate(settings.INTEGRA_API_RATE)
        hit = ratelimit.hit(self.key(request), period)
        if hit is None:
            return True
        self.wait_seconds = hit.reset_in
        return hit.count <= limit

    def wait(self) -> int | None:
        return self.wait_seconds

    @staticmethod
    def key(request: Any) -> str:
        account = getattr(request._request, "service_account", None)
        if account is not None:
            return f"api-rate:token:{account.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-rate:user:{request.user.pk}"
        return f"api-rate:ip:{client_ip(request._request)}"  # never X-Forwarded-For from an untrusted peer


class ApiSchema(AutoSchema):
    """Documents each list's filters (the view's `filters`) as query parameters."""

    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        if self._is_list_view() and getattr(self.view, "filters", None):
            for name, (_lookup, parser) in self.view.filters.items():
                kind = {parse_id: ID_SCHEMA, parse_date: OpenApiTypes.DATE}.get(parser, OpenApiTypes.STR)
                params.append(OpenApiParameter(name, kind, description=f"filter: {name}"))
        return params


def parse_date(raw: str) -> dt.date:
    return dt.date.fromisoformat(raw)


def _is_id(raw: str) -> bool:
    """ASCII digits of an id the database can hold (int() alone also reads "١" and "1_0")."""
    return raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID


def parse_id(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= MAX_ID:
        raise ValueError(raw)
    return value


class ApiViewSet(viewsets.GenericViewSet):
    """Base of every resource: `read_rule`/`write_rule` predicates, `filters` {param: (lookup, parser)},
    `personal` (reads go to the access log)."""

    pagination_class = CursorPage
    lookup_value_converter = "api_id"
    schema = ApiSchema()
    permission_classes = [ScreenRules]
    throttle_classes = [TokenRate]
    read_rule: Callable[[Any], bool] | None = None
    write_rule: Callable[[Any], bool] | None = None
    filters: dict[str, tuple[str, Callable[[str], Any]]] = {}
    personal = True
    resource = ""
    max_body = None  # bytes; None: settings.INTEGRA_API_MAX_BODY_BYTES

    def write_rule_for(self, request: Any) -> Callable[[Any], bool] | None:
        return self.write_rule

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # DRF words its own refusals in the active language: English, then errors.py adds the Polish.
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        limit = self.max_body or settings.INTEGRA_API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise RequestTooLarge(limit)
        super().initial(request, *args, **kwargs)

    @property
    def membership(self) -> Any:
        return self.request.membership

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "membership": getattr(self.request, "membership", None)}

    def scoped(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        queryset = self.scoped()
        errors = {}
        for param, (lookup, parser) in self.filters.items():
            raw = self.request.query_params.get(param)
            if raw in (None, ""):
                continue
            try:
                queryset = queryset.filter(**{lookup: parser(raw)})
            except (ValueError, TypeError, KeyError):
                errors[param] = [DjangoValidationError(MESSAGES["invalid"], code="invalid")]
        if errors:
            raise DjangoValidationError(errors)
        return queryset

    def log_read(self, subject: Any = None, what: str = "") -> None:
        if not self.personal:
            return
        account = getattr(self.request._request, "service_account", None)
        label = f"API v1 {what or self.resource}" + (f" (token: {account.name})" if account is not None else "")
        log_access(
            request=self.request._request,
            user=self.request.user,
            institution_id=self.membership.institution_id,
            kind=AccessLogEntry.Kind.API,
            subject=subject,
            what=label,
        )

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        page = self.paginate_queryset(self.get_queryset())
        self.log_read()
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        obj = self.get_object()
        self.log_read(subject=obj)
        return Response(self.get_serializer(obj).data)
