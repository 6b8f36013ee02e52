"""Regional EU indicators on the reporting replica while a sheet import writes to the primary.

Needs DATABASE_URL (a database loaded with `integra bench-data`) and INTEGRA_REPLICA_URL (a streaming
replica of that cluster, e.g. `.ci/replica start`). The figure is `compute_indicators` over every 2021–2027
participation of the region (the regional view's work) run inside `reporting_database()`, median of
--runs: on the idle replica (and the idle primary), then while a child process imports participant sheets into the primary
(10,000 CSV rows at a time, each import rolled back, over and over), and on the primary under the same
import for comparison. It also reports where each run read (the replica, or the primary after a fallback)
and the largest replay lag the reports saw.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench \
    INTEGRA_REPLICA_URL=postgres://postgres@127.0.0.1:5433/integra_bench .venv/bin/python bench/replica.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import bench_region, median, record, setup_django


def write_load(rows: int, stop_file: Path) -> None:
    """The child: import the same sheet into the primary again and again until the stop file appears."""
    from import_sheet import run_import
    from sheetdata import sheet_file

    path = sheet_file(rows, "csv")
    data = path.read_bytes()
    imports = 0
    while not stop_file.exists():
        run_import(data, path.name, code=f"REPLICA-LOAD-{imports}")
        imports += 1
    stop_file.write_text(str(imports))


def measure(queryset, runs: int, *, on_replica: bool) -> tuple[list[float], list]:
    from indicators import code_values

    from integra.core.replica import reporting_database

    times, sources = [], []
    for _ in range(runs):
        started = time.perf_counter()
        if on_replica:
            with reporting_database() as source:
                code_values(queryset)
            sources.append(source)
        else:
            code_values(queryset)
        times.append(time.perf_counter() - started)
    return times, sources


def describe(sources: list) -> str:
    on = sum(1 for s in sources if s and s.database == "replica")
    lag = max((s.lag_seconds for s in sources if s), default=0.0)
    return f"{on} of {len(sources)} runs read the replica, largest replay lag seen {lag:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the median is reported")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of each import of the write load")
    parser.add_argument("--write-load", metavar="STOP_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.write_load:
        write_load(args.rows, Path(args.write_load))
        return
    from django.conf import settings
    from indicators import region_case

    from integra.core import replica

    if not replica.configured():
        raise SystemExit("INTEGRA_REPLICA_URL is not set")
    queryset, _where, _params = region_case(bench_region())
    participations = queryset.count()
    idle, idle_sources = measure(queryset, args.runs, on_replica=True)
    primary_idle, _ = measure(queryset, args.runs, on_replica=False)

    from sheetdata import sheet_file

    sheet_file(args.rows, "csv")  # written before the load starts, not during it
    stop = Path(settings.VAR_DIR) / f"replica-bench-stop-{os.getpid()}"
    stop.unlink(missing_ok=True)
    child = subprocess.Popen(
        [sys.executable, __file__, "--rows", str(args.rows), "--write-load", str(stop)], cwd=Path(__file__).parent
    )
    try:
        time.sleep(5)  # the first import is under way
        loaded, loaded_sources = measure(queryset, args.runs, on_replica=True)
        primary, _ = measure(queryset, args.runs, on_replica=False)
    finally:
        stop.write_text("")
        child.wait(timeout=600)
    imports = stop.read_text() or "?"
    stop.unlink(missing_ok=True)
    lines = [
        f"whole region, {participations:,} participations; write load: imports of {args.rows:,} CSV rows into the "
        f"primary, one after another ({imports} imports while measuring, each rolled back)",
        f"on the replica, idle: **{median(idle):.3f} s** (median of {args.runs}); {describe(idle_sources)}; "
        f"on the primary, idle: {median(primary_idle):.3f} s",
        f"on the replica, during the imports: **{median(loaded):.3f} s**; {describe(loaded_sources)}",
        f"on the primary, during the imports: **{median(primary):.3f} s** (for comparison: the same work where the "
        "imports run)",
    ]
    record("Regional indicators on the reporting replica under write load", lines)


if __name__ == "__main__":
    sys.exit(main())
