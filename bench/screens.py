"""Server time of every screen alone, and of a dashboard with its charts and the report PDFs.

Each screen is requested through the whole Django stack (middleware, view, template) with the test
client, signed in as bench.koordynator of the benchmark centre, one request at a time, after two
warm-up requests; the figure is the median server time and the range of queries per request. The
budget screen needs a budget, which `bench-data` does not load: the seed-004 budget with 40 expenses
is added to the benchmark project inside a transaction that is rolled back at the end.

The time budgets below are issue 16's targets; they are checked here, never in tests (tests pin the
query counts, which do not depend on the machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/screens.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal

from common import bench_membership, median, record, setup_django

SCREEN_BUDGET_MS = 30  # each screen, median, alone (issue 26; issue 16 asked 15 ms)
CHART_BUDGET_MS = 150  # a dashboard with its charts
PDF_BUDGET_MS = 500  # the project summary and club annual PDFs


class _Rollback(Exception):
    pass


def _budget(membership, project) -> None:
    from integra.finance.tests.factories import expense, line, seed_004_budget

    version = seed_004_budget(membership, project)
    lines = [line(version, number) for number in ("1.1", "2.1", "3.1", "4.1")]
    for n in range(40):
        expense(
            membership,
            project,
            lines[n % 4],
            Decimal("125.50"),
            date=project.start_on + dt.timedelta(days=10 + n * 7),
            document_number=f"FV/{n}/BENCH",
        )


def requests(membership, rng: random.Random, repeat: int) -> dict[str, list[tuple[str, str, dict]]]:
    """(method, path, form) of each kind of request, several objects of each kind."""
    from django.db.models import Count
    from django.urls import reverse

    from integra.institutions.models import Club
    from integra.people.models import Participant
    from integra.projects.models import Project
    from integra.support.models import Session

    centre = membership.institution_id
    people = list(Participant.objects.filter(institution_id=centre).values_list("pk", flat=True)[:5000])
    sessions = list(Session.objects.filter(institution_id=centre).values_list("pk", flat=True)[:5000])
    project = Project.objects.filter(institution_id=centre).annotate(n=Count("participations")).order_by("-n").first()
    club = Club.objects.filter(institution_id=centre).order_by("pk").first()
    year = project.start_on.year
    people_url = reverse("people:participant-list")
    return {
        "list": [("GET", people_url, {})] * repeat,
        "search": [("POST", people_url, {"q": rng.choice(["Now", "Kowal", "Wi", "Ż"])}) for _ in range(repeat)],
        "participant page": [
            ("GET", reverse("people:participant-detail", args=[rng.choice(people)]), {}) for _ in range(repeat)
        ],
        # The same person each time: after the warm-up the timeline sections come from their cache (the figure
        # above, a different person each time, is the uncached page).
        "participant page (cached sections)": [("GET", reverse("people:participant-detail", args=[people[0]]), {})]
        * repeat,
        "project": [("GET", reverse("projects:project-detail", args=[project.pk]), {})] * repeat,
        "timetable": [("GET", reverse("support:timetable"), {})] * repeat,
        "attendance": [("GET", reverse("support:attendance", args=[rng.choice(sessions)]), {}) for _ in range(repeat)],
        "budget": [("GET", reverse("finance:budget-status", args=[project.pk]), {})] * repeat,
        "project dashboard (charts)": [("GET", reverse("reports:project-dashboard", args=[project.pk]), {})]
        * max(3, repeat // 4),
        "project summary PDF": [("GET", reverse("reports:project-summary", args=[project.pk]) + "?format=pdf", {})]
        * max(3, repeat // 4),
        "club annual PDF": [("GET", reverse("reports:club-annual", args=[club.pk]) + f"?year={year}&format=pdf", {})]
        * max(3, repeat // 4),
    }, project


def measure(client, calls: list[tuple[str, str, dict]]) -> tuple[float, int, int, list[int], float, float]:
    """(median seconds, min queries, max queries, statuses, median seconds in SQL, median CPU seconds of this
    process) over the calls, after two warm-up requests. The SQL time is what the database driver waited for;
    the CPU time is Python's own work (middleware, view, template rendering), which waiting for a busy core
    on a shared machine does not inflate."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def call(method, path, form):
        if method == "POST":
            return client.post(path, form, HTTP_HX_REQUEST="true")
        return client.get(path)

    for method, path, form in calls[:2]:
        call(method, path, form)
    times, queries, statuses, sql, cpu = [], [], [], [], []
    for method, path, form in calls:
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = call(method, path, form)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        queries.append(len(captured.captured_queries))
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
        statuses.append(response.status_code)
    return median(times), min(queries), max(queries), statuses, median(sql), median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="requests of each screen")
    parser.add_argument("--only", nargs="*", help="screens to measure (names as printed)")
    args = parser.parse_args()
    setup_django()
    from django.db import transaction
    from list_search import client_for, reset_filters

    membership = bench_membership()
    client = client_for(membership)
    lines, misses = [], []
    try:
        with transaction.atomic():
            kinds, project = requests(membership, random.Random(7), args.repeat)
            _budget(membership, project)
            for kind, calls in kinds.items():
                if args.only and kind not in args.only:
                    continue
                reset_filters(client)
                seconds, low, high, statuses, sql, cpu = measure(client, calls)
                budget = PDF_BUDGET_MS if "PDF" in kind else CHART_BUDGET_MS if "charts" in kind else SCREEN_BUDGET_MS
                ms = seconds * 1000
                ok = ms <= budget and set(statuses) == {200}
                if not ok:
                    misses.append(kind)
                queries = f"{low}" if low == high else f"{low}–{high}"
                lines.append(
                    f"{kind}: median **{ms:.1f} ms** (SQL {sql * 1000:.1f} ms, Python CPU {cpu * 1000:.1f} ms) over {len(calls)} requests, {queries} queries "
                    f"(budget ≤ {budget} ms: {'met' if ok else 'MISSED'}; statuses {sorted(set(statuses))})"
                )
                print(lines[-1], flush=True)
            raise _Rollback
    except _Rollback:
        pass
    lines.append(
        f"project {project.code}: {project.participations.count():,} participations; budget: seed-004 lines "
        "and 40 expenses added for the run and rolled back"
    )
    lines.append("missed: " + (", ".join(misses) if misses else "none"))
    record("Server time of every screen, a dashboard with its charts, the report PDFs (alone)", lines)


if __name__ == "__main__":
    sys.exit(main())
