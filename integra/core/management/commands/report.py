"""`integra report <name> ...`: every report of every app behind one command.

Apps declare their reports in `integra/<app>/report_cli.py` (integra.core.reports: a `Report` with
`add_arguments(parser)` and `build(scope, **params)`, the function the API calls too). Each report runs through
`run_reporting` (integra.core.replica): with a replica configured its reads go there, and its JSON carries
`data_source`. The registry finds the apps' modules (core imports none of them).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integra.core.replica import run_reporting
from integra.core.reports import reports


class Command(BaseCommand):
    help = "Print a report: integra report <name> [options]; `integra report <name> --help` for its options."

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="report_name", required=True, title="reports")
        for name, spec in sorted(reports().items()):
            sub = subparsers.add_parser(name, help=spec.help, description=spec.help)
            spec.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        spec = reports()[options["report_name"]]
        # Reads the reporting replica when one is configured (again on the primary if it fails meanwhile).
        run_reporting(spec.run, options, self.stdout)
