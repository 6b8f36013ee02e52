"""Periodic work of the outreach app: `integra worker` sends what is due every INTEGRA_OUTREACH_EVERY_SECONDS."""

from __future__ import annotations

from django.conf import settings

from integra.jobs.registry import PeriodicWork, register_periodic
from integra.outreach.services import send_due

SEND_DUE = "outreach.send_due"

register_periodic(
    PeriodicWork(SEND_DUE, every_seconds=lambda: settings.INTEGRA_OUTREACH_EVERY_SECONDS, run=lambda: send_due())
)
