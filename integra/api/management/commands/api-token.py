"""`integra api-token create --centre SLUG --role ROLE --name N [--expires YYYY-MM-DD] [--specialty S]`,
`integra api-token revoke --centre SLUG --name N`, `integra api-token list --centre SLUG`.

`create` prints the token once; its last line is the token alone (scripts read it with `tail -n 1`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from integra.core.roles import Role, Specialty
from integra.institutions.models import Institution, Membership, ServiceAccount
from integra.institutions.services import create_service_account, revoke_service_account


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Invalid date {text!r}: use YYYY-MM-DD.") from exc


def _centre(slug: str) -> Institution:
    try:
        return Institution.objects.get(slug=slug)
    except Institution.DoesNotExist as exc:
        raise CommandError(f"Unknown centre {slug!r}.") from exc


class Command(BaseCommand):
    help = "Create, revoke or list the API service-account tokens of a centre."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token (printed once)")
        create.add_argument("--centre", required=True, help="centre slug")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--name", required=True, help="what the token is for, e.g. the calling system")
        create.add_argument("--expires", help="last day the token works (YYYY-MM-DD)")
        create.add_argument("--specialty", default="", choices=["", *Specialty.values], help="for --role specialist")
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("--centre", required=True, help="centre slug")
        revoke.add_argument("--name", required=True)
        listing = sub.add_parser("list", help="list the centre's tokens (never the tokens themselves)")
        listing.add_argument("--centre", required=True, help="centre slug")

    def handle(self, *args: Any, **options: Any) -> None:
        centre = _centre(options["centre"])
        # The command line acts for the centre as its administrator; the history records no user.
        actor = Membership(institution=centre, role=Role.ADMINISTRATOR)
        try:
            getattr(self, f"_{options['action']}")(actor, centre, options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _create(self, actor: Membership, centre: Institution, options: dict[str, Any]) -> None:
        account, token = create_service_account(
            actor=actor,
            name=options["name"],
            role=options["role"],
            specialty=options["specialty"],
            expires_on=_date(options.get("expires")),
        )
        expires = account.expires_on.isoformat() if account.expires_on else "never"
        self.stdout.write(f"Service account {account.name!r} of {centre.slug}: role {account.role}, expires {expires}.")
        self.stdout.write("Store the token now: it is not shown again. Send it as `Authorization: Bearer <token>`.")
        self.stdout.write(token)

    def _revoke(self, actor: Membership, centre: Institution, options: dict[str, Any]) -> None:
        account = ServiceAccount.objects.for_institution(centre.pk).filter(name=options["name"]).first()
        if account is None:
            raise CommandError(f"No service account named {options['name']!r} in {centre.slug}.")
        revoke_service_account(actor=actor, account=account)
        self.stdout.write(f"Revoked {account.name!r} ({account.token_prefix}…).")

    def _list(self, actor: Membership, centre: Institution, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        for account in ServiceAccount.objects.for_institution(centre.pk):
            state = "revoked" if account.is_revoked else "expired" if account.is_expired(today) else "active"
            expires = account.expires_on.isoformat() if account.expires_on else "never"
            self.stdout.write(f"{account.name}\t{account.role}\t{account.token_prefix}…\t{expires}\t{state}")
