"""`integra report <name> ...`: every report of every app behind one command.

Apps declare their reports in `integra/<app>/report_cli.py` as `REPORTS = {"name": spec}` where a
spec has `help: str`, `add_arguments(parser)` and `run(options: dict, stdout) -> None`, raising
`CommandError` for bad input. Each report runs inside `reporting_database()` (integra.core.replica): with a
replica configured its reads go there, and its JSON carries `data_source`. Discovery (not imports) keeps `core` free of downstream apps.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError

import integra
from integra.core.replica import reporting_database


def discover() -> dict[str, Any]:
    reports: dict[str, Any] = {}
    for info in pkgutil.iter_modules(integra.__path__):
        try:
            module = importlib.import_module(f"integra.{info.name}.report_cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"integra.{info.name}.report_cli":
                raise
            continue
        for name, spec in module.REPORTS.items():
            if name in reports:
                raise CommandError(f"Report {name!r} is declared twice")
            reports[name] = spec
    return reports


class Command(BaseCommand):
    help = "Print a report: integra report <name> [options]; `integra report <name> --help` for its options."

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="report_name", required=True, title="reports")
        for name, spec in sorted(discover().items()):
            sub = subparsers.add_parser(name, help=spec.help, description=spec.help)
            spec.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        spec = discover()[options["report_name"]]
        with reporting_database():  # reads the reporting replica when one is configured
            spec.run(options, self.stdout)
