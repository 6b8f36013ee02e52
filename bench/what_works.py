"""What works over the whole regional dataset (issue 9: ≤ 10 s on PostgreSQL for 200k participants).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/what_works.py
"""

from __future__ import annotations

import time

from common import record, setup_django


def main() -> None:
    setup_django()
    from integra.institutions.models import Institution
    from integra.planning.whatworks import Scope, analyse

    region = (
        Institution.objects.filter(kind=Institution.Kind.REGIONAL, slug__startswith="bench-region")
        .order_by("id")
        .first()
    )
    if region is None:
        raise SystemExit("Load the dataset first: integra bench-data --centres 300 --participants 200000 --seed 1")
    centres = list(Institution.objects.filter(supervisor=region).values_list("id", flat=True))
    scope = Scope(kind="region", label=region.name, centre_ids=centres)
    lines = []
    for outcome in ("job_3m", "job_28d"):
        started = time.perf_counter()
        report = analyse(scope, outcome=outcome)
        elapsed = time.perf_counter() - started
        fitted = sum(1 for e in report.elements if e.odds_ratio is not None)
        lines.append(
            f"outcome {outcome}: {elapsed:.2f} s for {report.participants:,} participants in {len(centres)} centres, "
            f"{len(report.elements)} elements ({fitted} with an adjusted odds ratio); target ≤ 10 s"
        )
    record("What works over the whole region", lines)


if __name__ == "__main__":
    main()
