"""Reads of jobs: a job exists only for the person who started it, in the centre they started it in."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from integra.jobs.models import Job, JobQuerySet


def my_jobs(membership: Any) -> JobQuerySet:
    """The acting person's jobs in the acting centre, newest first."""
    return Job.objects.for_membership(membership).owned_by(membership.user).order_by("-created_at", "-id")


def my_job(membership: Any, pk: int) -> Job:
    """One of my jobs, or 404 (another person's job does not exist for me, whatever their centre)."""
    try:
        return my_jobs(membership).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def has_unfinished(membership: Any) -> bool:
    return my_jobs(membership).unfinished().exists()
