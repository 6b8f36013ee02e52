"""API v1 serializers: finance (read)."""

from __future__ import annotations

from rest_framework import serializers

from integra.finance.models import BudgetLine, BudgetVersion, Expense


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = (
            "id",
            "version",
            "lineage",
            "number",
            "task",
            "name",
            "category",
            "instrument_group",
            "eligible",
            "planned_eu",
            "planned_state",
            "planned_own",
        )


class BudgetVersionSerializer(serializers.ModelSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetVersion
        fields = ("id", "project", "number", "based_on", "status", "approved_on", "reason", "lines")


class ExpenseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expense
        fields = (
            "id",
            "project",
            "line",
            "date",
            "document_number",
            "contractor",
            "description",
            "amount",
            "source",
            "activity",
            "corrects",
        )
