"""Participant-sheet export of 100,000 rows: seconds and peak memory, XLSX and CSV.

The export runs in a fresh subprocess (`--child`) that reports its wall time and its peak resident
memory (VmHWM: the whole Python process with Django loaded), so nothing else the parent did counts. The project of 100,000 participants lives in the benchmarks' own centre and is created
once, by importing the generated sheet (the import benchmark's file). The floor is the same rows
read with one plain SQL query (a server-side cursor) and written by the same XLSX/CSV writer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/export_sheet.py
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import record, setup_django

HERE = Path(__file__).resolve().parent


def export_project(count: int, folder: Path | None = None):
    """The project holding `count` participants (imported once, committed)."""
    from sheetdata import EXPORT_SLUG, sheet_file, sheet_project

    from integra.outcomes.importer import import_participants
    from integra.projects.models import Participation

    project = sheet_project(f"EXPORT-{count}", EXPORT_SLUG)
    if Participation.objects.filter(project=project).count() != count:
        if Participation.objects.filter(project=project).exists():
            raise SystemExit(f"project {project.code} holds a partial sheet; use a fresh database")
        path = sheet_file(count, "csv", folder=folder)
        report = import_participants(actor=None, project=project, data=path.read_bytes(), filename=path.name)
        if report.error or Participation.objects.filter(project=project).count() != count:
            raise SystemExit(f"could not prepare the export project: {report.error or report.problems[:3]}")
    return project


def floor_rows(project):
    """The same columns through one plain query, as the writer's rows."""
    from django.db import connection, transaction

    sql = """
        SELECT pt.country, pt.participant_kind, pt.first_name, pt.last_name, pt.pesel, pt.no_pesel, pt.sex, pt.birth_date,
               pt.education, pt.voivodeship, pt.powiat, pt.gmina, pt.locality, pt.street, pt.building_no, pt.flat_no,
               pt.postal_code, pt.degurba, pt.phone, pt.email, pa.start_on, pa.end_on, pt.labour_status,
               pt.long_term_unemployed, pt.disability, pt.foreign_background, pt.minority, pt.third_country_national,
               pt.homeless, pt.other_disadvantage, e.reason
        FROM projects_participation pa JOIN people_participant pt ON pt.id = pa.participant_id
        LEFT JOIN outcomes_exit e ON e.participation_id = pa.id
        WHERE pa.institution_id = %s AND pa.project_id = %s
        ORDER BY pt.last_name COLLATE "pl", pt.first_name COLLATE "pl", pt.id
    """
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, [project.institution_id, project.pk])
        while batch := cursor.fetchmany(2000):
            yield from batch


def child(project_id: int, fmt: str, mode: str) -> None:
    """Run one export and print {"seconds", "rss_mb", "baseline_mb", "bytes"} as JSON."""
    setup_django()

    from integra.projects.models import Project

    project = Project.objects.get(pk=project_id)
    baseline = peak_rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        seconds, size = export_once(project, fmt, mode, Path(folder) / f"sheet.{fmt}")
    peak = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "rss_mb": peak, "baseline_mb": baseline, "bytes": size}))


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM (Linux) belongs to this program only; ru_maxrss would
    also count the parent's size at fork, which exec does not reset."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_once(project, fmt: str, mode: str, target: Path) -> tuple[float, int]:
    """(seconds, bytes) of writing the project's sheet (mode "export") or the plain-SQL floor (mode "floor")."""
    from integra.core.exports import Column, write_csv, write_xlsx
    from integra.outcomes.exporter import write_sheet

    started = time.perf_counter()
    if mode == "floor":
        columns = [
            Column(str(i), (lambda row, i=i: row[i]), kind="date" if i in (7, 20, 21) else "text") for i in range(31)
        ]
        writer = write_csv if fmt == "csv" else write_xlsx
        writer(str(target), columns, floor_rows(project))
    else:
        write_sheet(project, str(target), fmt)
    return time.perf_counter() - started, target.stat().st_size


def run_child(project_id: int, fmt: str, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / "export_sheet.py"), "--child", str(project_id), fmt, mode],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"], choices=["xlsx", "csv"])
    parser.add_argument("--child", nargs=3, metavar=("PROJECT", "FORMAT", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2])
        return
    setup_django()
    project = export_project(args.rows)
    lines = [
        f"project of {args.rows:,} participants (about 75 % finished, with exits and results); "
        "peak memory = the export process's maximum resident set (Python + Django + the export)"
    ]
    for fmt in args.formats:
        ours = run_child(project.pk, fmt, "export")
        floor = run_child(project.pk, fmt, "floor")
        lines.append(
            f"{fmt.upper()} ({ours['bytes'] / 1e6:.1f} MB): **{ours['seconds']:.1f} s**, **peak {ours['rss_mb']:.0f} MB** "
            f"(process before the export {ours['baseline_mb']:.0f} MB); floor (one plain SQL query into the same writer) "
            f"{floor['seconds']:.1f} s, peak {floor['rss_mb']:.0f} MB; ratio {ours['seconds'] / floor['seconds']:.1f}× "
            "(target ≤ 20 s, ≤ 300 MB)"
        )
        print(lines[-1], flush=True)
    record(f"Participant-sheet export ({args.rows:,} rows)", lines)


if __name__ == "__main__":
    sys.exit(main())
