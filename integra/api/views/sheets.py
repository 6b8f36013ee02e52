"""API v1 views: participant-sheet import."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet, parse_id
from integra.api.errors import MESSAGES, RequestTooLarge
from integra.api.views.common import (
    IDEMPOTENCY_HEADER,
    SHEET_SUFFIXES,
    referenced,
)
from integra.core import permissions as p
from integra.jobs.services import MSG_KEY_TOO_LONG, start_job
from integra.outcomes.forms import MSG_FILE_TYPE
from integra.outcomes.jobs import IMPORT as SHEET_IMPORT_JOB
from integra.outcomes.models import SheetImport
from integra.projects.models import Project


@extend_schema(tags=["imports"])
class SheetImportViewSet(ApiViewSet):
    """The participant sheet of a project, imported row by row through the same importer as the screen and the
    CLI: a dry run reports every row and saves nothing; the report lists each refused row with its reasons."""

    serializer_class = s.SheetImportSerializer
    read_rule = staticmethod(p.can_import_participant_sheet)
    write_rule = staticmethod(p.can_import_participant_sheet)
    parser_classes = [MultiPartParser]
    resource = "participant-sheet imports"
    filters = {"project": ("project_id", parse_id)}

    @property
    def max_body(self) -> int:  # type: ignore[override]
        return settings.INTEGRA_MAX_UPLOAD_BYTES + 64 * 1024

    def scoped(self) -> Any:
        return SheetImport.objects.for_membership(self.membership).defer("source", "error_file")

    @extend_schema(
        request={"multipart/form-data": s.SheetUploadSerializer},
        responses={202: s.JobSerializer},
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="up to 64 characters; the same key with the same body within 24 h answers the first "
                "job, with another body 422 `idempotency_key_reused`",
            )
        ],
    )
    def create(self, request: Any) -> Response:
        """Checks the upload, then queues the import as a job and answers 202 at once: poll the job
        (`Location`) until it is done, then read the report named by its `sheet_import`."""
        serializer = s.SheetUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        project = referenced(Project, data["project"], "project", self.membership)
        upload = data["file"]
        if upload.size > settings.INTEGRA_MAX_UPLOAD_BYTES:
            raise RequestTooLarge(settings.INTEGRA_MAX_UPLOAD_BYTES)
        suffix = PurePosixPath(upload.name or "").suffix.lower()
        if suffix and suffix not in SHEET_SUFFIXES:  # no extension: the importer tells XLSX from CSV by content
            raise ValidationError({"file": [ValidationError(MSG_FILE_TYPE, code="file_type")]})
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > 64:
            raise ValidationError({IDEMPOTENCY_HEADER: [ValidationError(MSG_KEY_TOO_LONG, code="max_length")]})
        params = {"project": project.pk, "filename": upload.name[:200], "dry_run": data["dry_run"]}
        try:
            job = start_job(
                actor=self.membership, kind=SHEET_IMPORT_JOB, params=params, upload=upload, idempotency_key=key
            )
        except ValidationError as error:  # the key came with another body: name the header at fault (422)
            if getattr(error, "code", None) == "idempotency_key_reused":
                reused = ValidationError(MESSAGES["idempotency_key_reused"], code="idempotency_key_reused")
                raise ValidationError({IDEMPOTENCY_HEADER: [reused]}) from error
            raise
        body = s.JobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
