"""`integra create-project --centre SLUG --code CODE --title T --start YYYY-MM-DD --end YYYY-MM-DD [...]`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.core.roles import Role
from integra.institutions.models import Institution, Membership
from integra.projects.models import ProgrammePeriod, Project, known_periods
from integra.projects.services import create_project


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Invalid date {text!r}: use YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Register a project of a centre."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centre", required=True, help="centre slug")
        parser.add_argument("--code", required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--programme", default="")
        parser.add_argument("--priority", default="")
        parser.add_argument("--measure", default="")
        parser.add_argument("--sub-measure", default="")
        parser.add_argument("--kind", default=Project.Kind.SYSTEMIC, choices=Project.Kind.values)
        parser.add_argument(
            "--programme-period",
            default=ProgrammePeriod.P2021_2027.value,
            help=f"the EU programming period: one of {known_periods()} (default %(default)s)",
        )
        parser.add_argument("--target-participants", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            centre = Institution.objects.get(slug=options["centre"])
        except Institution.DoesNotExist as exc:
            raise CommandError(f"Unknown centre {options['centre']!r}.") from exc
        # The command line acts for the centre as its administrator; the history records no user.
        actor = Membership(institution=centre, role=Role.ADMINISTRATOR)
        try:
            project = create_project(
                actor=actor,
                code=options["code"],
                title=options["title"],
                start_on=_date(options["start"]),
                end_on=_date(options["end"]),
                programme=options["programme"],
                priority=options["priority"],
                measure=options["measure"],
                sub_measure=options["sub_measure"],
                kind=options["kind"],
                programme_period=options["programme_period"],
                target_participants=options["target_participants"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{project.code}\t{project.pk}\t{project.programme_codes}")
