"""API v1 views: jobs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from integra.api import serializers as s
from integra.api.base import ApiViewSet
from integra.api.views.common import (
    as_text,
)
from integra.core import permissions as p
from integra.jobs import queries as job_queries
from integra.jobs import services as job_services


@extend_schema(tags=["jobs"])
class JobViewSet(ApiViewSet):
    """The caller's own jobs in the caller's centre (a token sees the jobs it started, a person theirs);
    anybody else's job is 404. Poll one until its `status` is `done` or `failed`."""

    serializer_class = s.JobSerializer
    read_rule = staticmethod(p.can_view_own_jobs)
    resource = "jobs"
    filters = {"status": ("status", as_text), "kind": ("kind", as_text)}

    def scoped(self) -> Any:
        return job_queries.my_jobs(self.membership)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        job = self.get_object()
        job_services.refresh(job)  # a queue that was down, a worker that died: put right when polled
        self.log_read(subject=job)
        return Response(self.get_serializer(job).data)
