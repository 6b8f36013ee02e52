"""`integra export participants --project CODE --out FILE.xlsx|FILE.csv`: the participant-sheet export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from integra.core.accesslog import log_access
from integra.core.replica import lag_note, reporting_database
from integra.outcomes.cli import add_project_arguments, find_project
from integra.outcomes.exporter import FORMATS, write_sheet


class Command(BaseCommand):
    help = "Export data files: `integra export participants --project CODE --out FILE.xlsx|FILE.csv`."
    # Not the system checks (~1 s of CPU: they load every URL and view) before each file: the server and
    # `integra check` run them; a 30,000-row sheet must take ≥ 5,000 rows/s start-up included (issue 26).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="what", required=True, title="what to export")
        sub = subparsers.add_parser("participants", help="a project's participant sheet")
        add_project_arguments(sub)
        sub.add_argument("--out", required=True, help="FILE.xlsx or FILE.csv")

    @reporting_database()
    def handle(self, *args: Any, **options: Any) -> None:
        project = find_project(options["project"], options.get("centre"))
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("The output file must end with .xlsx or .csv.")
        quiet = options.get("verbosity", 1) == 0
        with tqdm(unit=" rows", disable=quiet, file=self.stderr._out, leave=False) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                write_sheet(project, str(out), fmt, progress=progress)
            except OSError as exc:
                raise CommandError(f"Cannot write {out}: {exc.strerror}") from exc
        if note := lag_note():  # read from a replica that lags
            self.stderr.write(note)
        log_access(institution_id=project.institution_id, kind="export", subject=project, what=f"cli:{out.name}"[:200])
        count = project.participations.count()
        self.stdout.write(f"{count} participants → {out}")
