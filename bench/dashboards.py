"""Server time of each dashboard screen with its charts, the whole request (issue 14: ≤ 150 ms).

`bench/dashboard_charts.py` times only the drawing of the SVG charts; this times what a user waits for:
middleware, the reporting queries, the charts and the template, through Django's test client signed in
as a coordinator (one request at a time, after warm-up requests; the median and the range of queries).
Both dashboards of `integra/reports/urls.py`: the project dashboard of the centre's largest project and
the centre dashboard (on the latest year with data, as the screen opens).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/dashboards.py
    DATABASE_URL=sqlite:///var/demo.sqlite3 .venv/bin/python bench/dashboards.py --user koordynator
"""

from __future__ import annotations

import argparse
import sys
import time

from common import median, percentile, record, setup_django

BUDGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25, help="measured requests of each dashboard (after --warmup)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--user", default="bench.koordynator", help="a coordinator's user name")
    parser.add_argument("--data", default="", help="what the database holds, for the record")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from list_search import client_for

    from integra.institutions.models import Membership
    from integra.projects.models import Project

    membership = (
        Membership.objects.select_related("institution", "user")
        .filter(user__username=args.user, role="coordinator")
        .first()
    )
    client = client_for(membership)
    project = (
        Project.objects.filter(institution_id=membership.institution_id)
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    screens = {
        "project dashboard": reverse("reports:project-dashboard", args=[project.pk]),
        "centre dashboard": reverse("reports:centre-dashboard"),
    }
    lines, misses = [], []
    for name, url in screens.items():
        for _ in range(args.warmup):
            client.get(url)
        times, cpu, sql, queries, statuses = [], [], [], [], set()
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            statuses.add(response.status_code)
            queries.append(len(captured.captured_queries))
            sql.append(sum(float(q["time"]) for q in captured.captured_queries))
        ms = median(times) * 1000
        ok = ms <= BUDGET_MS and statuses == {200}
        if not ok:
            misses.append(name)
        span = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
        lines.append(
            f"{name}: median **{ms:.1f} ms** (p95 {percentile(times, 95) * 1000:.1f} ms; SQL {median(sql) * 1000:.1f} ms, "
            f"Python CPU {median(cpu) * 1000:.1f} ms) over {args.repeat} requests after {args.warmup} warm-up, "
            f"{span} queries (budget ≤ {BUDGET_MS} ms: {'met' if ok else 'MISSED'}; statuses {sorted(statuses)})"
        )
        print(lines[-1], flush=True)
    size = project.participations.count()
    lines.append(
        f"{args.data + '; ' if args.data else ''}signed in as {args.user} of {membership.institution.name}; "
        f"project {project.code}: {size:,} participations"
    )
    lines.append("missed: " + (", ".join(misses) if misses else "none"))
    record("Dashboards with their charts, the whole request", lines)


if __name__ == "__main__":
    sys.exit(main())
