"""Exporting a project's participant sheet (formats/participants.md, "Export behaviour").

Rows stream from the database in chunks (`iterator(chunk_size=...)` with the results prefetched
per chunk) into `integra.core.exports`, so 100,000 participants never sit in memory at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone

from integra.core import replica
from integra.core.collation import polish
from integra.core.exports import csv_response, download_name, write_csv, write_xlsx
from integra.outcomes import sheet
from integra.outcomes.importer import situation_upon_leaving
from integra.outcomes.models import ExitReason, Result
from integra.projects.models import Participation, Project

CHUNK = 2000
FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(project: Project) -> Iterator[Participation]:
    """One participation per participant of the project, by surname and first name in Polish order."""
    results = Result.objects.filter(kind__in=sheet.SITUATION_KINDS).only(
        "id", "participation_id", "kind", "achieved_on"
    )
    queryset = (
        Participation.objects.for_institution(project.institution_id)
        .filter(project=project)
        .select_related("participant", "exit")
        # Only what the sheet shows: half the time of a 100,000-row export went to loading timestamps and
        # columns no cell uses (bench/export_sheet.py).
        .only(
            "id",
            "start_on",
            "end_on",
            "participant_id",
            *(f"participant__{name}" for name in sheet.PERSON_FIELDS),
            "exit__id",
            "exit__reason",
            "exit__participation_id",
        )
        .prefetch_related(Prefetch("results", queryset=results, to_attr="sheet_results"))
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "participant_id")
    )
    for part in queryset.iterator(chunk_size=CHUNK):
        part.sheet_situation = situation_upon_leaving(part.end_on, part.sheet_results)
        exit_obj = getattr(part, "exit", None)
        part.sheet_completed = "" if exit_obj is None else ("Tak" if exit_obj.reason == ExitReason.COMPLETED else "Nie")
        yield part


def filename_for(project: Project, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in project.code)
    return f"uczestnicy-{safe}.{fmt}"


def write_sheet(project: Project, target: Any, fmt: str, progress: Callable[[int, int], None] | None = None) -> None:
    """Write the sheet to a path (or, for XLSX, a binary file object); `progress(rows_done, rows_total)` is
    called every 500 rows and at the end (a job's progress bar, the command line's)."""
    rows: Iterable[Participation] = sheet_rows(project)
    if progress is not None:
        rows = _counted(
            rows,
            Participation.objects.for_institution(project.institution_id).filter(project=project).count(),
            progress,
        )
    if fmt == "csv":
        write_csv(target, sheet.export_columns(), rows)
    else:
        write_xlsx(target, sheet.export_columns(), rows, sheet="Uczestnicy")


def _counted(
    rows: Iterable[Participation], total: int, progress: Callable[[int, int], None]
) -> Iterator[Participation]:
    progress(0, total)
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % 500 == 0:
            progress(done, total)
        yield row
    progress(done, total)


def _xlsx_chunks(project: Project) -> Iterator[bytes]:
    # The spool opens only when the response is read, and closes when it is done.
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, sheet.export_columns(), sheet_rows(project), sheet="Uczestnicy")
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


def sheet_response(project: Project, fmt: str) -> StreamingHttpResponse:
    # A data file has no preamble (its header is row 1): read from a replica that lags, its name and a header
    # say as of when (`..._arkusz-uczestnikow-stan-na-13-05-12_2026-12-06.csv`).
    source, lagging = replica.current(), replica.lag_note() is not None
    as_of = f"-stan-na-{timezone.localtime(source.as_of):%H-%M-%S}" if lagging and source else ""
    name = download_name(f"arkusz-uczestnikow{as_of}", fmt, code=project.code)
    if fmt == "csv":
        response = csv_response(name, sheet.export_columns(), sheet_rows(project))
    else:
        response = StreamingHttpResponse(_xlsx_chunks(project), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    if lagging and source:
        response["X-Integra-Data-Source"] = f"replica; as-of={source.as_of.isoformat(timespec='seconds')}"
    return response
