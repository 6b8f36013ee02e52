"""What a frozen reporting replica costs a report (issue 24): the region's EU indicators, as in bench/replica.py.

Needs DATABASE_URL (a database loaded with `integra bench-data`), INTEGRA_REPLICA_URL (a streaming replica of
that cluster, `.ci/replica start`) and the replica's control script (`.ci/replica`, run as root; set
INTEGRA_CI_REPLICA_PORT when the replica is not on 5433). Each figure is the wall time of the report run as
report work (`integra.core.replica.run_reporting`), median of --runs:

- the replica healthy; the primary alone, for comparison;
- the replica frozen (SIGSTOP of its postmaster and backends) before the report, with the replica connection
  already open (a persistent connection: the freshness check's query waits until the watchdog gives up on it)
  and with none open (connecting waits for INTEGRA_REPLICA_CONNECT_TIMEOUT);
- the replica frozen at the report's first query on it (the query waits until the watchdog gives up; the report
  runs again on the primary).

The cost of a freeze is the frozen time minus the primary's own time. Run it alone on the machine:

    INTEGRA_CI_REPLICA_PORT=5433 DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench \
    INTEGRA_REPLICA_URL=postgres://postgres@127.0.0.1:5433/integra_bench \
    .venv/bin/python bench/replica_frozen.py --control .ci/replica
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import time
from pathlib import Path

from common import bench_region, median, record, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the median is reported")
    parser.add_argument("--control", default=".ci/replica", help="the replica's control script (freeze/thaw)")
    args = parser.parse_args()
    control = str(Path(args.control).resolve())
    setup_django()
    from django.db import connections
    from indicators import code_values, region_case

    from integra.core import replica

    if not replica.configured():
        raise SystemExit("INTEGRA_REPLICA_URL is not set")
    queryset, _where, _params = region_case(bench_region())

    def act(action: str) -> None:
        subprocess.run([control, action], check=True, capture_output=True)

    def fresh(*, connected: bool) -> None:
        replica._down_until = 0.0
        connections[replica.REPLICA].close()
        if connected:
            connections[replica.REPLICA].ensure_connection()

    def run_once() -> tuple[float, str]:
        started = time.perf_counter()
        source = replica.run_reporting(lambda: (code_values(queryset), replica.current())[1])
        return time.perf_counter() - started, source.database if source else "none"

    def freeze_at_first_query():
        frozen: list[bool] = []

        def wrapper(execute, sql, params, many, context):
            if not frozen and "pg_is_in_recovery" not in sql:
                frozen.append(True)
                act("freeze")
            return execute(sql, params, many, context)

        return connections[replica.REPLICA].execute_wrapper(wrapper)

    def measure(case: str) -> tuple[list[float], set[str]]:
        times, read = [], set()
        for _ in range(args.runs):
            fresh(connected=case != "frozen, not connected")
            try:
                if case == "healthy":
                    spent, where = run_once()
                elif case == "primary":
                    started = time.perf_counter()
                    code_values(queryset)
                    spent, where = time.perf_counter() - started, "primary"
                elif case == "frozen at the report's first query":
                    with freeze_at_first_query():
                        spent, where = run_once()
                else:
                    act("freeze")
                    spent, where = run_once()
            finally:
                with contextlib.suppress(subprocess.CalledProcessError):
                    act("thaw")
            times.append(spent)
            read.add(where)
        fresh(connected=False)
        return times, read

    cases = [
        "healthy",
        "primary",
        "frozen, connection open",
        "frozen, not connected",
        "frozen at the report's first query",
    ]
    results = {case: measure(case) for case in cases}
    primary = median(results["primary"][0])
    lines = [f"whole region, {queryset.count():,} participations; median of {args.runs} runs each"]
    for case in cases:
        times, read = results[case]
        extra = "" if case in ("healthy", "primary") else f"; a freeze costs **{median(times) - primary:.2f} s**"
        lines.append(f"{case}: {median(times):.3f} s (read {', '.join(sorted(read))}){extra}")
    record("A frozen reporting replica: what it costs a report", lines)


if __name__ == "__main__":
    sys.exit(main())
