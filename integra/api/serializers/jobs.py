"""API v1 serializers: jobs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integra.api.serializers.sheets import ImportProblemSerializer
from integra.jobs.models import JobStatus


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="rows (or items) done so far")
    total = serializers.IntegerField(allow_null=True, help_text="rows in all; null while not yet known")
    percent = serializers.IntegerField(allow_null=True, help_text="0–100; null while the total is not known")


class JobSerializer(serializers.Serializer):
    """A job: long work (the participant-sheet import) that runs after the request has been answered.
    Poll it until `status` is `done` or `failed`."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="e.g. `outcomes.sheet_import`")
    status = serializers.ChoiceField(choices=JobStatus.choices, help_text="queued → running → done | failed")
    progress = serializers.SerializerMethodField()
    created = serializers.DateTimeField(source="created_at")
    started = serializers.DateTimeField(source="started_at", allow_null=True)
    finished = serializers.DateTimeField(source="finished_at", allow_null=True)
    error = serializers.CharField(help_text="why a failed job failed, in Polish; empty otherwise")
    sheet_import = serializers.SerializerMethodField(
        help_text="id of the import's row-by-row report (GET /api/v1/imports/participant-sheet/{id}/) once done"
    )
    problems = serializers.SerializerMethodField(
        help_text="a failed import's refused rows with their reasons (nothing of the sheet was saved)"
    )
    url = serializers.SerializerMethodField(help_text="this job, to poll")

    @extend_schema_field(JobProgressSerializer)
    def get_progress(self, obj: Any) -> dict[str, Any]:
        return {"done": obj.done, "total": obj.total, "percent": obj.percent}

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_sheet_import(self, obj: Any) -> int | None:
        value = obj.result.get("sheet_import") if isinstance(obj.result, dict) else None
        return value if isinstance(value, int) else None

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, obj: Any) -> list[dict[str, Any]]:
        problems = obj.result.get("problems", []) if isinstance(obj.result, dict) else []
        return [{"row": row, "reasons": [str(r) for r in reasons]} for row, reasons in problems]

    def get_url(self, obj: Any) -> str:
        path = reverse("api:job-detail", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
