"""`integra create-centre`: set up a new centre with its first administrator (deployments, scripts)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.institutions.models import Institution
from integra.institutions.services import create_centre


class Command(BaseCommand):
    help = "Create a centre (MOPS/GOPS/MOPR), its population for this year and its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short name used in URLs and scripts, e.g. lezajsk")
        parser.add_argument(
            "--name", required=True, help="full name, e.g. 'Miejski Ośrodek Pomocy Społecznej w Leżajsku'"
        )
        parser.add_argument("--kind", required=True, choices=Institution.Kind.values)
        parser.add_argument("--gmina", required=True)
        parser.add_argument("--powiat", required=True)
        parser.add_argument("--voivodeship", required=True)
        parser.add_argument("--population", required=True, type=int, help="inhabitants of the gmina")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument(
            "--admin-password-file",
            required=True,
            type=Path,
            help="file holding the administrator's password (first line); keeps it out of the shell history",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["admin_password_file"]
        try:
            password = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
        except OSError as exc:
            raise CommandError(f"Cannot read the password file {path}: {exc.strerror}") from exc
        try:
            membership = create_centre(
                slug=options["slug"],
                name=options["name"],
                kind=options["kind"],
                gmina=options["gmina"],
                powiat=options["powiat"],
                voivodeship=options["voivodeship"],
                population=options["population"],
                admin_username=options["admin_username"],
                admin_password=password,
            )
        except ValidationError as exc:
            lines = [f"{field}: {message}" for field, messages in exc.message_dict.items() for message in messages]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            f"Created centre {membership.institution.slug} ({membership.institution.name}) "
            f"with administrator {membership.user.username}."
        )
