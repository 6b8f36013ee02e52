"""API v1 views: finance (read only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_date, parse_id
from integra.api.views.common import (
    as_text,
)
from integra.core import permissions as p
from integra.finance.models import BudgetLine, BudgetVersion, Expense


@extend_schema(tags=["finance"])
class BudgetVersionViewSet(ApiViewSet):
    serializer_class = s.BudgetVersionSerializer
    read_rule = staticmethod(p.can_view_finance)
    personal = False
    resource = "budget versions"
    filters = {"project": ("project_id", parse_id), "status": ("status", as_text)}

    def scoped(self) -> Any:
        lines = BudgetLine.objects.order_by("number", "id")
        return BudgetVersion.objects.for_membership(self.membership).prefetch_related(Prefetch("lines", queryset=lines))


@extend_schema(tags=["finance"])
class ExpenseViewSet(ApiViewSet):
    serializer_class = s.ExpenseSerializer
    read_rule = staticmethod(p.can_view_finance)
    personal = False
    resource = "expenses"
    filters = {
        "project": ("project_id", parse_id),
        "line": ("line_id", parse_id),
        "date_from": ("date__gte", parse_date),
        "date_to": ("date__lte", parse_date),
    }

    def scoped(self) -> Any:
        return Expense.objects.for_membership(self.membership)
