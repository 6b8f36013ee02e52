"""Reports: one function per report, two doors (`integra report <name>` and `/api/v1/reports/<name>/`).

Each app declares its reports in `integra/<app>/report_cli.py` as `REPORTS = {"name": Report(...)}`; the
registry finds them on first use (Django's `autodiscover_modules`, as job kinds and timeline sections are found).
A report's `build(scope, **params)` returns a `Built`: its JSON (keys in docs/reports.md) and, for the CLI, the
files it can also be written as. `scope` is the centre it runs for (an `Institution`: the API's caller's own;
the CLI's `--centre`, or None for any centre when a code is unique), or the regional body (`regional`).
Bad input is `integra.core.cli.Refused`, which the CLI prints and the API answers in its error shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.module_loading import autodiscover_modules

from integra.core.replica import with_data_source


@dataclass(frozen=True)
class Built:
    """A report's result: `data` (JSON-able) and the other formats it can be written as (format -> bytes)."""

    data: dict[str, Any]
    files: Mapping[str, Callable[[], bytes]] = field(default_factory=dict)
    default_name: str = ""  # the file when the CLI is given no --out ("{format}" is the format); none: --out needed

    def as_json(self) -> dict[str, Any]:
        """The JSON both doors answer: `data`, with `data_source` when a reporting replica is configured."""
        return with_data_source(self.data)


@dataclass(frozen=True)
class Report:
    """A report. `add_arguments(parser)` declares the CLI's options; `params(options)` turns them into
    `build`'s keyword arguments; `scope_option` names the option that picks the scope (a slug)."""

    help: str
    add_arguments: Callable[[Any], None]
    build: Callable[..., Built]
    params: Callable[[dict[str, Any]], dict[str, Any]]
    scope: Callable[[str | None], Any]  # slug -> the scope, e.g. integra.institutions.queries.centre_by_slug
    scope_option: str = "centre"

    def run(self, options: dict[str, Any], stdout: Any) -> None:
        """The CLI's door: options -> scope and parameters -> `build` -> JSON on stdout, or a file."""
        built = self.build(self.scope(options.get(self.scope_option) or None), **self.params(options))
        fmt = options.get("format") or "json"
        if fmt == "json":
            stdout.write(json.dumps(built.as_json(), ensure_ascii=False, indent=2))
            return
        out = options.get("out") or built.default_name.replace("{format}", fmt)
        if not out:
            raise CommandError(f"--format {fmt} needs --out FILE")
        Path(out).write_bytes(built.files[fmt]())
        stdout.write(str(out))


def from_options(*keys: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """`build`'s keyword arguments from these CLI options (`--from`/`--to` become `date_from`/`date_to`)."""

    def params(options: dict[str, Any]) -> dict[str, Any]:
        return {{"from": "date_from", "to": "date_to"}.get(key, key): options.get(key) for key in keys}

    return params


_REPORTS: dict[str, Report] = {}
_discovered = False


def register(declared: Mapping[str, Report]) -> None:
    """An app's reports (the last line of its `report_cli.py`: `register(REPORTS)`)."""
    for name, report in declared.items():
        if _REPORTS.get(name, report) is not report:
            raise CommandError(f"Report {name!r} is declared twice")
        _REPORTS[name] = report


def reports() -> dict[str, Report]:
    """Every report of every app, by name (each app's `report_cli.py`, imported on first use)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("report_cli")
        _discovered = True
    return _REPORTS
