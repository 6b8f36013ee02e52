"""API v1 serializers: participant-sheet import."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.api.base import MAX_ID  # an id in a body: what the database's ids can hold
from integra.api.serializers.common import StrictSerializer


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="the sheet's row number")
    reasons = serializers.ListField(child=serializers.CharField())


class SheetImportSerializer(serializers.Serializer):
    """One import of a participant sheet and its row-by-row report (formats/participants.md)."""

    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    filename = serializers.CharField()
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    read = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    error = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    def get_error(self, obj: Any) -> str:
        return str(obj.report.get("error") or "")

    def get_warnings(self, obj: Any) -> list[str]:
        return [str(w) for w in obj.report.get("warnings", [])]

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, obj: Any) -> list[dict[str, Any]]:
        return [{"row": row, "reasons": [str(r) for r in reasons]} for row, reasons in obj.report.get("problems", [])]


class SheetUploadSerializer(StrictSerializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    file = serializers.FileField(help_text="the participant sheet, XLSX or CSV")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="check every row and report, save nothing"
    )
