"""`integra messages send-due [--now ISO-DATETIME] [--dry-run]`: queue what is due, send what may go now, and
print the summary as JSON (`queued`, `skipped_no_consent`, `skipped_quiet`, …). `integra worker` does the same
by itself every few minutes; running both never sends anything twice."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integra.outreach.services import send_due


def _moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--now: not an ISO date and time: {text!r} (e.g. 2026-03-10T16:05)") from exc
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Messages to participants (reminders, follow-up questions): send-due queues and sends what is due."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("send-due", help="queue what is due and send what may go now; print a JSON summary")
        due.add_argument("--now", type=_moment, default=None, help="the moment to act as (ISO; local time if naive)")
        due.add_argument("--dry-run", action="store_true", help="count what would be queued; write and send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = send_due(now=options["now"], dry_run=options["dry_run"])
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
