"""Server time of the project summary PDF of the demo's LEZ-CNA-2011 (issue 25: ≤ 500 ms).

The whole request through Django's test client signed in as the demo coordinator of Leżajsk: the
summary's queries, the six charts drawn as vector graphics and reportlab laying out the pages. One
request at a time after warm-up requests (reportlab imported and the fonts read, as a warm server has
them); the median and p95 wall time, with SQL time and the process's CPU time beside them.

Without DATABASE_URL it builds the demo on a fresh SQLite file of its own (migrate + `integra demo-data`,
about a minute, not timed), as `make demo` serves it; with DATABASE_URL it uses that database, which must
hold the demo (`integra demo-data`).

    .venv/bin/python bench/summary_pdf.py
    .venv/bin/python bench/summary_pdf.py --profile 40   # no figure written: the 40 costliest functions by CPU time
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

BUDGET_MS = 500
PROJECT = "LEZ-CNA-2011"
USER = "lezajsk.koordynator"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15, help="measured requests (after --warmup)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="profile --repeat requests with cProfile on CPU time and print the N costliest functions; writes no figure",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp(prefix='integra-pdf-bench-')) / 'demo.sqlite3'}"
        fresh = True
    else:
        fresh = False
    from common import median, percentile, record, setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from list_search import client_for

    from integra.institutions.models import Membership
    from integra.projects.models import Project

    if fresh:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("demo-data", password="integra-demo-2026", stdout=io.StringIO())
    membership = Membership.objects.select_related("institution", "user").get(user__username=USER)
    project = Project.objects.get(institution_id=membership.institution_id, code=PROJECT)
    client = client_for(membership)
    url = reverse("reports:project-summary", args=[project.pk]) + "?format=pdf"

    def fetch() -> bytes:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code
        return b"".join(response.streaming_content)

    for _ in range(args.warmup):
        size = len(fetch())
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)  # CPU time: the shared machine's waits left out
        profile.enable()
        for _ in range(args.repeat):
            fetch()
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
        return
    times, cpu, sql, queries = [], [], [], []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            fetch()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        queries.append(len(captured.captured_queries))
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
    ms = median(times) * 1000
    span = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
    record(
        f"Project summary PDF of the demo's {PROJECT}, the whole request",
        [
            f"median **{ms:.1f} ms** (p95 {percentile(times, 95) * 1000:.1f} ms; SQL {median(sql) * 1000:.1f} ms, "
            f"Python CPU {median(cpu) * 1000:.1f} ms) over {args.repeat} requests after {args.warmup} warm-up, "
            f"{span} queries; budget ≤ {BUDGET_MS} ms: {'met' if ms <= BUDGET_MS else 'MISSED'}",
            f"signed in as {USER}; the PDF is {size / 1024:.0f} KiB; "
            + ("the demo built on a fresh SQLite file" if fresh else f"database {connection.vendor}"),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
