"""`integra demo-logins`: the table of demo accounts (centre, role, username, shared password)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from integra.demo.services import demo_logins


class Command(BaseCommand):
    help = "Print the demo accounts: centre, role, username and the shared demo password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="", help="the password given to demo-data (printed, and checked)")

    def handle(self, *args, **options) -> None:
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo accounts. Run `integra demo-data` first.")
            return
        password = options["password"]
        if password:
            first = get_user_model().objects.get(username=rows[0].username)
            if not first.check_password(password):
                self.stderr.write("Warning: this is not the password the demo accounts were created with.")
        shown = password or "(the password given to demo-data)"
        header = ("Centre", "Role", "Username", "Password")
        table = [header, *((r.centre, r.role, r.username, shown) for r in rows)]
        widths = [max(len(str(row[i])) for row in table) for i in range(4)]
        for i, row in enumerate(table):
            self.stdout.write("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
