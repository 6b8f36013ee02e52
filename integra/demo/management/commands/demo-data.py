"""`integra demo-data`: the five centres of the seed articles with staff and generated people."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.demo import stories
from integra.demo.generator import demo_exists, generate
from integra.institutions.models import Institution

DEFAULT_PASSWORD = "integra-demo-2026"


class Command(BaseCommand):
    help = "Generate the demo data (deterministic for a seed; never a stored dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when any centre exists")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="the shared password of every demo account")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies the number of participants")
        parser.add_argument(
            "--base-only", action="store_true", help="without the five article stories (docs/articles.md)"
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Institution.objects.exists():
            self.stdout.write("Centres exist already; demo data not loaded.")
            return
        if demo_exists():
            raise CommandError("The demo centres exist already. Use an empty database (make clean-db) or --if-empty.")
        if len(options["password"]) < 8:
            raise CommandError("The demo password must have at least 8 characters.")
        if not 0 < options["scale"] <= 50:
            raise CommandError("--scale must be greater than 0 and at most 50.")
        # the five seed articles run after the base data (docs/articles.md)
        if options["base_only"]:
            stories.unregister()
        else:
            stories.register()
        started = time.monotonic()
        ctx = generate(password=options["password"], seed=options["seed"], scale=options["scale"])
        summary = ", ".join(f"{name}: {n}" for name, n in ctx.counts.items())
        self.stdout.write(f"Demo data loaded in {time.monotonic() - started:.1f} s ({summary}).")
