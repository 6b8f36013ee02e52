"""Periodic work of the jobs app: the sweep of abandoned jobs and leftover job files (personal data must not
outlive the job that needed it)."""

from __future__ import annotations

from django.conf import settings

from integra.jobs.registry import PeriodicWork, register_periodic
from integra.jobs.services import sweep_files

SWEEP_FILES = "jobs.sweep_files"

register_periodic(
    PeriodicWork(SWEEP_FILES, every_seconds=lambda: settings.INTEGRA_JOB_SWEEP_EVERY_SECONDS, run=lambda: sweep_files())
)
