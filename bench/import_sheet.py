"""Participant-sheet import: rows/s with full validation, XLSX and CSV, against a floor.

The floor is what the hardware allows for the same file: reading it with the fastest reader
available (python-calamine for XLSX, the csv module for CSV) plus a bare COPY of the same cell
values into an unindexed temporary table. Each import runs into a fresh project of the
benchmarks' own centre and is rolled back afterwards (the rollback is not timed), so the
command can be repeated on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/import_sheet.py
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time

from common import record, setup_django


class _Rollback(Exception):
    pass


def run_import(data: bytes, filename: str, code: str = "IMPORT"):
    """(seconds, report) of importing `data` into a fresh project; everything is rolled back."""
    from django.db import transaction
    from sheetdata import sheet_project

    from integra.outcomes.importer import import_participants

    outcome = {}
    try:
        with transaction.atomic():
            project = sheet_project(code)
            server = server_cpu()
            started, cpu_started = time.perf_counter(), time.process_time()
            report = import_participants(actor=None, project=project, data=data, filename=filename)
            outcome["seconds"] = time.perf_counter() - started
            outcome["cpu"] = (time.process_time() - cpu_started, server() if server else None)
            outcome["report"] = report
            raise _Rollback
    except _Rollback:
        pass
    LAST_CPU[:] = outcome["cpu"]
    return outcome["seconds"], outcome["report"]


LAST_CPU: list = [None, None]  # (this process's CPU seconds, the database server process's) of the last import


def server_cpu():
    """A function returning the CPU seconds the database server process of this connection has used since
    now (PostgreSQL on this machine: /proc/<backend pid>/stat), or None where that cannot be read. With the
    import's own CPU time it says what the import costs whatever else shares the machine."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    path = f"/proc/{pid}/stat"
    if not os.path.exists(path):
        return None

    def used() -> float:
        with open(path) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    start = used()
    return lambda: used() - start


def read_cells(data: bytes, fmt: str) -> list[list[str]]:
    """The fastest read of the file: every data row's cells as text."""
    if fmt == "xlsx":
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python()
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    return [["" if c is None else str(c) for c in row] for row in rows[1:]]


def floor(data: bytes, fmt: str) -> float:
    """Seconds to read the file and COPY its values into an unindexed temporary table."""
    from django.db import connection, transaction

    started = time.perf_counter()
    rows = read_cells(data, fmt)
    width = max((len(r) for r in rows), default=1)
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f"c{i} text" for i in range(width))
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE bench_floor ({columns}) ON COMMIT DROP")
            with cursor.cursor.copy("COPY bench_floor FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + [""] * (width - len(row)))
            # ON COMMIT DROP does not fire inside an outer transaction (the smoke test's): drop it now.
            cursor.execute("DROP TABLE bench_floor")
        else:  # SQLite (the smoke test): the nearest thing to COPY is one executemany
            cursor.execute(f"CREATE TEMPORARY TABLE bench_floor ({columns})")
            marks = ", ".join(["%s"] * width)
            cursor.executemany(f"INSERT INTO bench_floor VALUES ({marks})", [r + [""] * (width - len(r)) for r in rows])
            cursor.execute("DROP TABLE bench_floor")
    return time.perf_counter() - started


def measure(count: int, fmt: str) -> dict:
    from sheetdata import sheet_file

    path = sheet_file(count, fmt)
    data = path.read_bytes()
    seconds, report = run_import(data, path.name)
    cpu = tuple(LAST_CPU)
    floor_seconds = floor(data, fmt)
    return {
        "count": count,
        "fmt": fmt,
        "seconds": seconds,
        "report": report,
        "floor": floor_seconds,
        "bytes": len(data),
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"], choices=["xlsx", "csv"])
    args = parser.parse_args()
    setup_django()
    lines = []
    for count in args.rows:
        for fmt in args.formats:
            m = measure(count, fmt)
            report = m["report"]
            if report.error or report.rejected or report.created != count:
                raise SystemExit(
                    f"import of {count} {fmt} rows did not create every row: {report.error or report.problems[:3]}"
                )
            rate = count / m["seconds"]
            floor_rate = count / m["floor"]
            target = " (target ≥ 5,000 rows/s and ≤ 4× the floor)" if count >= 100_000 else ""
            lines.append(
                f"{count:,} rows, {fmt.upper()} ({m['bytes'] / 1e6:.1f} MB): {m['seconds']:.1f} s, **{rate:,.0f} rows/s**; "
                f"floor (read + bare COPY) {m['floor']:.1f} s = {floor_rate:,.0f} rows/s; "
                f"**ratio {m['seconds'] / m['floor']:.1f}×**{target}"
            )
            client_cpu, server_cpu_s = m["cpu"]
            if client_cpu is not None:
                lines[-1] += (
                    f"; CPU: import process {client_cpu:.1f} s ({count / client_cpu:,.0f} rows per CPU-second)"
                    + (f", database server {server_cpu_s:.1f} s" if server_cpu_s is not None else "")
                )
            print(lines[-1], flush=True)
    lines.append(
        "every row created with full validation (PESEL checksum and date, sex and birth date against the PESEL, "
        "dates within the project, choices, postal codes), participations, exits, results and follow-ups written"
    )
    record("Participant-sheet import (10k and 100k rows, XLSX and CSV)", lines)


if __name__ == "__main__":
    sys.exit(main())
