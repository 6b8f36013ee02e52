"""Time `integra demo-data` (base data + the five article stories) on a fresh SQLite database.

Creates an empty SQLite file in a temporary directory, migrates it, then runs the command once and
appends the wall-clock and CPU time to bench/RESULTS.md (issue 26: ≤ 30 s on this machine).
The load average is recorded too: on a shared machine the wall clock includes other people's work.

    .venv/bin/python bench/demo_data.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

LIMIT_SECONDS = 30.0  # issue 26, point 7 (issue 10 asked for 60 s)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="integra-demo-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'demo.sqlite3'}"
    from common import record, setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    load_before = os.getloadavg()[0]
    out = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    call_command("demo-data", password="integra-demo-2026", stdout=out)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(out.getvalue())
    record(
        "demo-data on a fresh SQLite database (base data + the five article stories)",
        [
            f"wall clock: {wall:.1f} s (limit {LIMIT_SECONDS:.0f} s) — {'met' if wall <= LIMIT_SECONDS else 'NOT met'}",
            f"CPU time of the process: {cpu:.1f} s",
            f"load average (1 min) at the start: {load_before:.2f}",
            f"output: {out.getvalue().strip()}",
        ],
    )
    sys.exit(0 if wall <= LIMIT_SECONDS else 1)


if __name__ == "__main__":
    main()
