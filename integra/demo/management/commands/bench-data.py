"""`integra bench-data`: the synthetic regional dataset for benchmarks (see integra/demo/synthetic.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from integra.demo.synthetic import BENCH_PASSWORD, Sizes, generate
from integra.institutions.models import Institution


class Command(BaseCommand):
    help = "Load a deterministic synthetic regional dataset (centres, people, projects, attendance, outcomes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--centres", type=int, default=300)
        parser.add_argument("--participants", type=int, default=200_000)
        parser.add_argument(
            "--big-centre",
            type=int,
            default=None,
            help="people in the first centre (default: 10,000, or 5%% when fewer than 200,000 people)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        centres, people, seed = options["centres"], options["participants"], options["seed"]
        if centres < 1 or people < centres:
            raise CommandError("--centres must be ≥ 1 and --participants ≥ --centres")
        if Institution.objects.filter(slug__startswith=f"bench-{seed}-").exists():
            raise CommandError(f"A dataset with seed {seed} is already loaded; use another database or seed")
        big = options["big_centre"]
        if big is None:
            big = 10_000 if people >= 200_000 else max(1, people // 20)
        started = time.monotonic()
        with tqdm(total=people, unit="people", disable=options["quiet"], file=self.stderr) as bar:
            rows = generate(Sizes(centres=centres, participants=people, big_centre=big, seed=seed), progress=bar.update)
        elapsed = time.monotonic() - started
        for label, count in rows.items():
            self.stdout.write(f"{label:28s} {count:>10,d}")
        self.stdout.write(f"loaded in {elapsed:.1f} s; sign in as bench.koordynator / {BENCH_PASSWORD}")
