"""`integra import participants --project CODE FILE [--dry-run]`: the participant-sheet import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from integra.outcomes.cli import add_project_arguments, find_project
from integra.outcomes.importer import ImportReport, import_participants


def print_report(report: ImportReport, stdout: Any) -> None:
    """The same counts and reasons as the import report screen."""
    if report.error:
        return
    warning_label = pgettext("import report", "warning")
    row_label = pgettext("import report", "row")
    for warning in report.warnings:
        stdout.write(f"{warning_label}: {warning}")
    for number, reasons in report.problems:
        stdout.write(f"{row_label} {number}: " + "; ".join(reasons))
    title = _("Import report (dry run: nothing was saved)") if report.dry_run else _("Import report")
    stdout.write(title)
    for label, value in (
        (pgettext("import count", "rows read"), report.read),
        (pgettext("import count", "created"), report.created),
        (pgettext("import count", "updated"), report.updated),
        (pgettext("import count", "unchanged"), report.unchanged),
        (pgettext("import count", "rejected"), report.rejected),
    ):
        stdout.write(f"{label}: {value}")


class Command(BaseCommand):
    help = "Import data files: `integra import participants --project CODE FILE [--dry-run]`."
    # Not the system checks (~1 s of CPU: they load every URL and view) before each file: the server and
    # `integra check` run them; a 30,000-row sheet must take ≥ 5,000 rows/s start-up included (issue 26).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="what", required=True, title="what to import")
        sub = subparsers.add_parser("participants", help="a participant sheet (XLSX or CSV) into a project")
        add_project_arguments(sub)
        sub.add_argument("file", help="XLSX or CSV file")
        sub.add_argument("--dry-run", action="store_true", help="check the file and print the report; write nothing")
        sub.add_argument("--errors", help="write the rejected rows with a “Błędy” column to this XLSX file")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._participants(options)

    def _participants(self, options: dict[str, Any]) -> None:
        project = find_project(options["project"], options.get("centre"))
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        quiet = options.get("verbosity", 1) == 0
        bar = None

        def progress(read: int, total: int | None) -> None:
            nonlocal bar
            if bar is None:  # shown only for long files
                bar = tqdm(total=total, unit=" rows", disable=quiet or (total or 0) < 1000, file=self.stderr._out)
            bar.update(read - bar.n)

        try:
            report = import_participants(
                actor=None,
                project=project,
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        finally:
            if bar is not None:
                bar.close()
        if report.error:
            raise CommandError(report.error)
        print_report(report, self.stdout)
        if options.get("errors") and report.rejected_rows:
            Path(options["errors"]).write_bytes(report.error_xlsx() or b"")
