"""Participant-sheet import through the command line, start-up included (issue 26, point 6).

What a centre's administrator runs: `integra import participants --project CODE FILE` of a sheet of people new
to the centre, timed from the process's start to its exit, with every validation on. Each run imports into a
centre and project of its own, created before and deleted after (neither timed), so the command can be
repeated on the same database. The floor is bench/import_sheet.py's: the fastest read of the same file plus a
bare COPY of its cells into an unindexed temporary table.

Besides the wall time: the CPU time (user + system) of the command and of its database server process (read
from /proc while it runs: PostgreSQL on this machine), which say what the import costs whatever else shares the
machine. `--profile DIR` runs the command under cProfile and keeps its profile (not timed then). After each run
the written tables are vacuumed and the server checkpoints (not timed), so that no run pays for the previous
one's dead rows or finds the log in a different state.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/import_cli.py
    DATABASE_URL=... .venv/bin/python bench/import_cli.py --rows 30000 --formats csv --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import record, setup_django

ROOT = Path(__file__).resolve().parent.parent
INTEGRA = ROOT / ".venv" / "bin" / "integra"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class ServerCpu(threading.Thread):
    """Follows the CPU seconds of the database server process serving `application_name` until it ends."""

    def __init__(self, application_name: str) -> None:
        super().__init__(daemon=True)
        self.application_name = application_name
        self.seconds: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        import psycopg
        from django.db import connection

        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"],
            dbname=settings["NAME"],
            autocommit=True,
        ) as conn:
            pid = None
            while not self.done.is_set():
                if pid is None:
                    row = conn.execute(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [self.application_name]
                    ).fetchone()
                    pid = row[0] if row else None
                if pid is not None:
                    try:
                        with open(f"/proc/{pid}/stat") as handle:
                            fields = handle.read().rsplit(")", 1)[1].split()
                        self.seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                    except OSError:  # the backend has ended with the command: the last reading stands
                        return
                time.sleep(0.02)


def _fresh_project(tag: str):
    """A centre and project of their own, so that every person of the sheet is new to the centre."""
    from sheetdata import sheet_project

    return sheet_project(f"CLI-{tag}", slug=f"bench-cli-{tag}")


def _delete_centre(institution_id: int) -> None:
    """Everything of the run's centre, in one transaction (foreign keys are checked at commit)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        tables = [
            t
            for t in connection.introspection.table_names(cursor)
            if any(c.name == "institution_id" for c in connection.introspection.get_table_description(cursor, t))
        ]
        emptied = []
        for table in tables:
            cursor.execute(f'DELETE FROM "{table}" WHERE institution_id = %s', [institution_id])
            if cursor.rowcount:
                emptied.append(table)
        cursor.execute("DELETE FROM institutions_institution WHERE id = %s", [institution_id])
    _settle(emptied)


def _settle(tables: list[str]) -> None:
    """Leave the database as quiet as before the run: vacuum what the run wrote and deleted (else autovacuum
    does it during the next run, on the same two cores) and checkpoint, so that every run starts from the same
    state of the write-ahead log (the first change of each page after a checkpoint logs the whole page)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        cursor.execute("CHECKPOINT")


def run_cli(path: Path, tag: str, profile: Path | None = None) -> dict:
    from django.db import connection

    project = _fresh_project(tag)
    command = [
        str(INTEGRA),
        "import",
        "--verbosity",
        "0",
        "participants",
        "--project",
        project.code,
        "--centre",
        project.institution.slug,
    ]
    if profile is not None:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), *command]
    command.append(str(path))
    application_name = f"bench-import-cli-{tag}"
    server = ServerCpu(application_name) if connection.vendor == "postgresql" else None
    if server:
        server.start()
    env = {**os.environ, "PGAPPNAME": application_name}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if server:
        server.done.set()
        server.join()
    try:
        if finished.returncode != 0 or "odrzucone: 0" not in finished.stdout.replace("\xa0", " ").lower():
            raise SystemExit(f"the import failed:\n{finished.stdout[-2000:]}\n{finished.stderr[-2000:]}")
    finally:
        _delete_centre(project.institution_id)
    return {"seconds": seconds, "cpu": cpu, "server_cpu": server.seconds if server else None, "out": finished.stdout}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["xlsx", "csv"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per format; the fastest is reported")
    parser.add_argument("--profile", type=Path, help="keep a cProfile of one run per format in this folder")
    args = parser.parse_args()
    setup_django()
    from import_sheet import floor
    from sheetdata import sheet_file

    lines = []
    for fmt in args.formats:
        path = sheet_file(args.rows, fmt)
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            run_cli(path, f"{fmt}-profile", args.profile / f"import-{args.rows}-{fmt}.prof")
        runs = [run_cli(path, f"{fmt}-{i}") for i in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        floor_seconds = min(floor(path.read_bytes(), fmt) for _ in range(args.repeat))
        rate = args.rows / best["seconds"]
        line = (
            f"{args.rows:,} rows, {fmt.upper()} ({path.stat().st_size / 1e6:.1f} MB), `integra import participants` "
            f"start-up included: {best['seconds']:.2f} s, **{rate:,.0f} rows/s**; floor (read + bare COPY) "
            f"{floor_seconds:.2f} s; **ratio {best['seconds'] / floor_seconds:.1f}×** (target ≥ 5,000 rows/s and "
            f"≤ 4× the floor); CPU: command {best['cpu']:.2f} s"
        )
        if best["server_cpu"] is not None:
            line += f", database server ≈ {best['server_cpu']:.2f} s"
        if args.repeat > 1:
            line += "; all runs: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s"
        print(line, flush=True)
        lines.append(line)
    lines.append(
        "people new to the centre, every row created with full validation (PESEL checksum and date, sex and birth "
        "date against the PESEL, dates within the project, choices, postal codes), participations, exits, results "
        "and follow-ups written; the run's centre is created before and deleted after, the tables it wrote vacuumed and a checkpoint taken, none of it timed"
    )
    record(f"Participant-sheet import through the command line ({args.rows:,} rows)", lines)


if __name__ == "__main__":
    sys.exit(main())
