"""Importing a participant sheet into a project (formats/participants.md, "Import behaviour").

The file is read in chunks; each chunk is validated in Python against lookups fetched once per
chunk, then written with bulk operations. The whole run is one transaction: a file that breaks
half way, or a database error, writes nothing. A dry run validates and counts but never writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integra.core import dblock
from integra.core import pesel as pesel_mod
from integra.core.bulkinsert import bulk_insert, insert_rows
from integra.core.dates import refuse_future
from integra.core.exports import Column, xlsx_bytes
from integra.core.history import diff, snapshot
from integra.core.models import HistoryEntry
from integra.outcomes import sheet
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, SheetImport
from integra.outcomes.services import CONFLICTING, FOLLOW_UP_MONTHS, MSG_EXIT_IN_FUTURE, MSG_OTHER_CENTRE, add_months
from integra.outcomes.sheetfile import SheetFileError, open_table
from integra.people.models import UNEMPLOYED_STATUSES, LabourStatus, Participant, surname_key
from integra.projects.models import Participation, Project

logger = logging.getLogger(__name__)
CHUNK = 2000
BATCH = 1000

MSG_UNKNOWN_COLUMN = _("Unknown column “%(header)s” was ignored.")
MSG_MISSING_COLUMNS = _("Required columns are missing: %(columns)s. No row was imported.")
MSG_DUPLICATE_COLUMN = _("The column “%(header)s” appears twice. No row was imported.")
MSG_PESEL_REQUIRED = _("PESEL: a value is required unless “Brak PESEL” is Tak")
MSG_PESEL_WITH_FLAG = _("PESEL is filled in although “Brak PESEL” is Tak")
MSG_PESEL_FORMAT = _("PESEL: “%(value)s” must be 11 digits")
MSG_PESEL_CHECKSUM = _("PESEL: %(value)s has a wrong check digit")
MSG_PESEL_DATE = _("PESEL: %(value)s encodes a date that does not exist")
MSG_SEX_MISMATCH = _("Płeć: “%(value)s” does not agree with the PESEL")
MSG_BIRTH_MISMATCH = _("Data urodzenia: %(value)s does not agree with the PESEL (%(expected)s)")
MSG_BIRTH_AFTER_START = _("Data urodzenia: %(value)s is after the start of participation")
MSG_OUTSIDE_PERIOD = _("%(column)s: %(value)s is outside the project period (%(start)s – %(end)s)")
MSG_END_BEFORE_START = _("Data zakończenia udziału w projekcie: %(end)s is earlier than the start date %(start)s")
MSG_LONG_TERM_STATUS = _("Osoba długotrwale bezrobotna: Tak is allowed only with an unemployed status")
MSG_SELF_EMPLOYED_STATUS = _(
    "Osoba prowadząca działalność na własny rachunek: Tak is allowed only with the status “Osoba pracująca”"
)
MSG_NEEDS_END = _("%(column)s: needs the end date of participation (column 23)")
MSG_DUPLICATE_PESEL = _("PESEL: %(value)s already appears in row %(row)s of this file")
MSG_DUPLICATE_PERSON = _(
    "The same person (name and date of birth, no PESEL) already appears in row %(row)s of this file"
)
MSG_END_REMOVED = _(
    "Data zakończenia udziału w projekcie: the participation already ended on %(end)s; an empty cell cannot undo that"
)
MSG_SITUATION_CONFLICT = _(
    "Sytuacja osoby w momencie zakończenia udziału w projekcie: a result that excludes it (job searching vs employment) "
    "is already recorded on %(date)s"
)
MAX_KEPT_PROBLEMS = 10_000


def _problems_cut(limit: int) -> str:
    """The warning when only the first `limit` refused rows are kept: a count before a noun, so a plural message."""
    text = ngettext(
        "Only the first %(limit)s refused row is listed (here and in the error file); correct it and check the "
        "sheet again to see the rest.",
        "Only the first %(limit)s refused rows are listed (here and in the error file); correct them and check the "
        "sheet again to see the rest.",
        limit,
    )
    return text % {"limit": f"{limit:,}".replace(",", "\xa0")}


MSG_JUST_IMPORTED = _(
    "The same people were saved in this centre a moment ago, by another import of this sheet (or of one that "
    "shares people with it) or by a colleague; nothing of this import was saved. Check them, then import the "
    "sheet again if it is still needed."
)
MSG_IMPORT_BUSY = _(
    "Another sheet import into this centre is being saved right now; nothing was saved. Try again in a moment."
)
# Imports that write take this lock on their centre (integra.core.dblock): the rows that match a person and
# the rows that create one are then one step, so two imports at the same moment cannot both create a person.
IMPORT_LOCK = "outcomes.sheet_import"
MSG_DATABASE = _("The database refused the import; nothing was saved. Please try again or tell the administrator.")
HISTORY_COMMENT = "Import arkusza uczestników: %s"
PARTICIPATION_COLUMNS = ("institution_id", "project_id", "participant_id", "start_on", "end_on", "status")
EXIT_COLUMNS = ("institution_id", "participation_id", "exit_on", "reason", "note")
FOLLOW_UP_COLUMNS = ("institution_id", "participation_id", "kind", "due_on", "note")
RESULT_COLUMNS = (
    "institution_id",
    "participation_id",
    "kind",
    "achieved_on",
    "evidence",
    "qualification_name",
    "recorded_by_id",
)
HISTORY_COLUMNS = ("institution_id", "content_type_id", "object_id", "actor_id", "action", "changes", "comment")


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error: str = ""  # the file could not be imported at all
    warnings: list[str] = field(default_factory=list)
    problems: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, reasons)
    headers: list[str] = field(default_factory=list)
    rejected_rows: list[list[str]] = field(default_factory=list)  # cells as text, for the error file

    @property
    def ok(self) -> bool:
        return not self.error

    def error_xlsx(self) -> bytes | None:
        """The rejected rows with a "Błędy" column, ready to fix and import again."""
        if not self.rejected_rows:
            return None
        width = len(self.headers)
        columns = [
            Column(h or " ", (lambda row, i=i: row[i] if i < len(row) else ""), width=18)
            for i, h in enumerate(self.headers)
        ]
        columns.append(Column(sheet.ERRORS_HEADER, lambda row: row[width], width=60))
        rows = (
            [*cells[:width], *[""] * (width - len(cells[:width])), "; ".join(reasons)]
            for cells, (_row, reasons) in zip(self.rejected_rows, self.problems, strict=True)
        )
        return xlsx_bytes(columns, rows, sheet="Błędy")

    def as_json(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "warnings": self.warnings,
            "problems": [[r, reasons] for r, reasons in self.problems],
        }


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    person: dict[str, Any]
    cells: list[Any]


def import_participants(
    *,
    actor: Any,
    project: Project,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    lock_wait: float | None = None,
    since: dt.datetime | None = None,
) -> ImportReport:
    """Import a participant sheet into `project`; rows whose PESEL belongs to the centre update that person.

    `actor` is the acting membership (None from the command line); the counts and, per rejected row,
    every reason come back in the report. Nothing is written on a dry run or when the file is refused.

    An import that writes holds its centre's import lock (`IMPORT_LOCK`) from its first statement to its
    commit, so the people it matches are the people there are: an import that waited for another one and
    finds people that one created meanwhile is refused as a whole (`MSG_JUST_IMPORTED`), as is one that
    loses a unique key to a colleague's save. `lock_wait` bounds the wait for the lock (a request's import:
    `MSG_IMPORT_BUSY` after it); None waits as long as the other import takes (a job). `since` is when the
    import began, if before this call (a job that took the lock itself: when the job started).
    """
    report = ImportReport(dry_run=dry_run)
    started = since or timezone.now()
    try:
        table = open_table(data, filename)
        report.headers = [str(h) for h in table.headers]
        positions = _map_headers(table.headers, report)
        if report.error:
            return report
        with transaction.atomic():
            if not dry_run:
                dblock.hold(IMPORT_LOCK, project.institution_id, wait_seconds=lock_wait)
            writer = _Writer(actor=actor, project=project, report=report, filename=filename, started=started)
            with _keys_checked_as_written(not dry_run):
                _run(table, positions, writer, report, progress)
            if dry_run:
                transaction.set_rollback(True)
    except SheetFileError as exc:
        report.error = str(exc)
    except dblock.LockBusy:
        report.error = str(MSG_IMPORT_BUSY)
    except (_JustImported, IntegrityError):  # people this import matched, or a unique key, taken meanwhile
        report.error = str(MSG_JUST_IMPORTED)
    except DatabaseError:
        logger.exception("participant-sheet import into project %s failed", project.pk)
        report.error = str(MSG_DATABASE)
    if report.error:
        report.created = report.updated = report.unchanged = 0
    return report


@contextlib.contextmanager
def _keys_checked_as_written(writes: bool) -> Iterator[None]:
    """Check each chunk's foreign keys when its COPY ends, not all of them at commit (PostgreSQL).

    Django declares them deferred, so an import's ~400,000 key checks (six tables of 30,000-odd rows each) would
    all run at commit, while the command has nothing left to do: 1.3 s of the server's time at the end of a
    30,000-row import. Checked per statement, they run while the reading thread reads and checks the next
    chunk. The rows are written parents first, so no check sees a child before its parent; a key that fails is
    the same IntegrityError, raised at its chunk instead of at commit. Afterwards the keys are deferred again
    (every deferrable constraint of the schema is initially deferred) for whatever else the caller's
    transaction writes; a failed import's rollback restores the mode by itself.
    """
    if not writes or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class _JustImported(Exception):
    """People this import matched were created after it started: another writer saved them meanwhile."""


def _map_headers(headers: Iterable[Any], report: ImportReport) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = sheet.normalise_header(header)
        if not key:
            continue
        column = sheet.BY_HEADER.get(key)
        if column is None:
            report.warnings.append(str(MSG_UNKNOWN_COLUMN) % {"header": str(header).strip()[:100]})
        elif column.field in positions:
            report.error = str(MSG_DUPLICATE_COLUMN) % {"header": column.header}
        else:
            positions[column.field] = index
    missing = [c.header for c in sheet.REQUIRED_COLUMNS if c.field not in positions]
    if missing and not report.error:
        report.error = str(MSG_MISSING_COLUMNS) % {"columns": ", ".join(missing)}
    return positions


def _run(table, positions, writer: _Writer, report: ImportReport, progress) -> None:
    chunk: list[_Row] = []
    with _CheckedRows(table, positions, writer.project) as rows:
        for number, row, reasons, cells in rows:
            report.read += 1
            if row is None:
                _reject(report, number, reasons, cells)
            else:
                chunk.append(row)
            if len(chunk) >= CHUNK:
                writer.write(chunk)
                chunk = []
            if progress is not None and report.read % 100 == 0:
                progress(report.read, table.total)
    if chunk:
        writer.write(chunk)
    if progress is not None:
        progress(report.read, table.total)


def _check_rows(table, positions, project: Project) -> Iterator[tuple[int, _Row | None, list[str], list[Any]]]:
    """(row number, the row to write or None, reasons it is refused, its cells) of every non-empty row, in order:
    each cell parsed and every rule within the file checked. Nothing here reads or writes the database."""
    columns = [(c, positions[c.field]) for c in sheet.COLUMNS if c.field in positions and not c.export_only]
    seen_pesel: dict[str, int] = {}
    seen_person: dict[tuple, int] = {}
    for number, cells in table.rows:
        if not any(v is not None and str(v).strip() for v in cells):
            continue
        reasons: list[str] = []
        values: dict[str, Any] = {}
        for column, index in columns:
            raw = cells[index] if index < len(cells) else None
            try:
                values[column.field] = column.parse(column, raw)
            except sheet.CellError as exc:
                reasons.append(str(exc))
                values[column.field] = None
        person = _check_row(values, positions, project, reasons)
        _check_duplicates(values, person, number, seen_pesel, seen_person, reasons)
        yield number, None if reasons else _Row(number, values, person, cells), reasons, cells


class _CheckedRows:
    """`_check_rows` read on a thread of its own, a few batches ahead of the caller, which writes what was read
    before (one connection, one transaction: the writes stay where they were). The next rows are read and
    checked while the database server takes the previous chunk's COPY and its triggers: the two CPUs of a
    server work at once instead of in turn. The rows, their order and any error (a file that breaks half way)
    reach the caller as they would without the thread."""

    BATCH = 250
    AHEAD = 16  # batches: two chunks
    # How long a thread may hold the GIL while another waits for it (Python's default: 5 ms), while the import
    # runs. The writer waits for the database ~1,200 times per 30,000 rows; each time the server answers, it
    # waited up to 5 ms more for the reading thread to let go of the GIL, the server idle meanwhile
    # (bench/import_cli.py, load <= 1.2: CSV 6.4-6.8 s -> 6.2-6.5 s, XLSX 7.4-8.0 s -> 7.3-7.6 s, CPU alike).
    SWITCH_INTERVAL = 0.0005

    def __init__(self, table, positions, project: Project) -> None:
        self.queue: queue.Queue = queue.Queue(maxsize=self.AHEAD)
        self.stop = threading.Event()
        # The messages and dates of the rules are the caller's: its language and time zone (thread-local).
        language, zone = translation.get_language(), timezone.get_current_timezone()
        self.thread = threading.Thread(
            target=self._read, args=(table, positions, project, language, zone), name="sheet-rows", daemon=True
        )

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def _read(self, table, positions, project: Project, language: str | None, zone: Any) -> None:
        batch: list = []
        try:
            with translation.override(language), timezone.override(zone):
                for item in _check_rows(table, positions, project):
                    batch.append(item)
                    if len(batch) >= self.BATCH:
                        if not self._put(batch):
                            return
                        batch = []
        except BaseException as exc:  # the caller raises it where it would have been raised without the thread
            self._put(batch)
            self._put(exc)
            return
        self._put(batch)
        self._put(None)

    def __enter__(self) -> Iterator[tuple[int, _Row | None, list[str], list[Any]]]:
        _short_switches(True, self.SWITCH_INTERVAL)
        self.thread.start()
        return self._rows()

    def _rows(self) -> Iterator[tuple[int, _Row | None, list[str], list[Any]]]:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item

    def __exit__(self, *_exc: Any) -> None:
        self.stop.set()
        self.thread.join()
        _short_switches(False, self.SWITCH_INTERVAL)


# The switch interval is the process's, and imports of one process may overlap (threaded app servers): the first
# import to start keeps the process's own value, the last to end puts it back.
_switches = {"running": 0, "own": None}
_switches_lock = threading.Lock()


def _short_switches(start: bool, interval: float) -> None:
    with _switches_lock:
        if start:
            if _switches["running"] == 0:
                _switches["own"] = sys.getswitchinterval()
                sys.setswitchinterval(min(_switches["own"], interval))
            _switches["running"] += 1
        else:
            _switches["running"] -= 1
            if _switches["running"] == 0:
                sys.setswitchinterval(_switches["own"])


def _reject(report: ImportReport, number: int, reasons: list[str], cells: list[Any]) -> None:
    """Count a refused row; the first MAX_KEPT_PROBLEMS are kept with their reasons and cells (the report and
    the error file): a hostile sheet of 250,000 refused rows must not hold them all (issue 24)."""
    report.rejected += 1
    limit = MAX_KEPT_PROBLEMS
    if report.rejected > limit:
        if report.rejected == limit + 1:
            report.warnings.append(_problems_cut(limit))
        return
    report.problems.append((number, reasons))
    report.rejected_rows.append([sheet.cell_str(c)[:32_000] for c in cells])


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


_BY_FIELD = {c.field: c for c in sheet.COLUMNS}


def _check_row(
    values: dict[str, Any], positions: dict[str, int], project: Project, reasons: list[str]
) -> dict[str, Any]:
    """Rules across cells of one row; returns the person's fields to write."""
    by_field = _BY_FIELD
    for name in (
        "first_name",
        "last_name",
        "education",
        "voivodeship",
        "powiat",
        "gmina",
        "locality",
        "postal_code",
        "start_on",
        "labour_status",
    ):
        if values.get(name) in (None, "") and not _has_cell_error(reasons, by_field[name]):
            reasons.append(str(sheet.MSG_REQUIRED) % {"column": by_field[name].header})
    number = values.get("pesel") or ""
    no_pesel = values.get("no_pesel")
    person: dict[str, Any] = {}
    for name in sheet.PERSON_FIELDS:
        if name in positions:
            value = values.get(name)
            person[name] = (
                sheet.PERSON_DEFAULTS.get(name, value if value is not None else "") if value in (None, "") else value
            )
    if no_pesel:
        if number:
            reasons.append(str(MSG_PESEL_WITH_FLAG))
        person["pesel"] = None
        person["no_pesel"] = True
        for name in ("sex", "birth_date"):
            if values.get(name) in (None, "") and not _has_cell_error(reasons, by_field[name]):
                reasons.append(str(sheet.MSG_REQUIRED) % {"column": by_field[name].header})
    elif not number:
        reasons.append(str(MSG_PESEL_REQUIRED))
    else:
        person["no_pesel"] = False
        try:
            info = pesel_mod.parse(number)
        except pesel_mod.InvalidPesel as exc:
            message = {"format": MSG_PESEL_FORMAT, "checksum": MSG_PESEL_CHECKSUM}.get(exc.reason, MSG_PESEL_DATE)
            reasons.append(str(message) % {"value": number[:20]})
        else:
            if values.get("sex") and values["sex"] != info.sex:
                label = next(k for k, v in sheet.SEXES.items() if v == values["sex"])
                reasons.append(str(MSG_SEX_MISMATCH) % {"value": label})
            if values.get("birth_date") and values["birth_date"] != info.birth_date:
                reasons.append(
                    str(MSG_BIRTH_MISMATCH) % {"value": _fmt(values["birth_date"]), "expected": _fmt(info.birth_date)}
                )
            person.update(pesel=info.number, sex=info.sex, birth_date=info.birth_date)
    start, end = values.get("start_on"), values.get("end_on")
    for name, day in (("start_on", start), ("end_on", end)):
        if day and not project.start_on <= day <= project.end_on:
            reasons.append(
                str(MSG_OUTSIDE_PERIOD)
                % {
                    "column": by_field[name].header,
                    "value": _fmt(day),
                    "start": _fmt(project.start_on),
                    "end": _fmt(project.end_on),
                }
            )
    if start and end and end < start:
        reasons.append(str(MSG_END_BEFORE_START) % {"end": _fmt(end), "start": _fmt(start)})
    try:  # the exit rule of record_exit: an end of participation cannot lie after today in the centre
        refuse_future(end, message=MSG_EXIT_IN_FUTURE)
    except ValidationError as exc:
        reasons.append(f"{by_field['end_on'].header}: {exc.messages[0]}")
    birth = person.get("birth_date")
    if birth and start and birth > start:
        reasons.append(str(MSG_BIRTH_AFTER_START) % {"value": _fmt(birth)})
    if (
        values.get("long_term_unemployed")
        and values.get("labour_status")
        and values["labour_status"] not in UNEMPLOYED_STATUSES
    ):
        reasons.append(str(MSG_LONG_TERM_STATUS))
    status = values.get("labour_status")
    if values.get("self_employed") and status and status != LabourStatus.EMPLOYED:
        reasons.append(str(MSG_SELF_EMPLOYED_STATUS))
    elif "self_employed" not in positions and status and status != LabourStatus.EMPLOYED:
        # A file of the 33-column layout that no longer says "working" cannot leave the person self-employed.
        person["self_employed"] = False
    for name in ("situation", "completed"):
        if values.get(name) is not None and not end:
            reasons.append(str(MSG_NEEDS_END) % {"column": by_field[name].header})
    return person


def _has_cell_error(reasons: list[str], column: sheet.SheetColumn) -> bool:
    return any(r.startswith(column.header + ":") for r in reasons)


def _check_duplicates(values, person, number, seen_pesel, seen_person, reasons) -> None:
    pesel = person.get("pesel")
    if pesel:
        if pesel in seen_pesel:
            reasons.append(str(MSG_DUPLICATE_PESEL) % {"value": pesel, "row": seen_pesel[pesel]})
        else:
            seen_pesel[pesel] = number
    elif person.get("no_pesel") and values.get("birth_date"):
        key = _identity(values.get("first_name"), values.get("last_name"), values.get("birth_date"))
        if key in seen_person:
            reasons.append(str(MSG_DUPLICATE_PERSON) % {"row": seen_person[key]})
        else:
            seen_person[key] = number


def _identity(first_name: Any, last_name: Any, birth_date: Any) -> tuple:
    return (str(first_name or "").casefold(), str(last_name or "").casefold(), birth_date)


def situation_upon_leaving(end_on: dt.date | None, results: Iterable[Result]) -> str:
    """Column 32: the last result of a situation kind within 28 days after exit (domain.md §6)."""
    if end_on is None:
        return ""
    last_day = end_on + dt.timedelta(days=sheet.SITUATION_WINDOW_DAYS)
    chosen = None
    for result in results:
        if result.kind not in sheet.SITUATION_OF_KIND or not end_on <= result.achieved_on <= last_day:
            continue
        if chosen is None or (result.achieved_on, result.pk or 0) >= (chosen.achieved_on, chosen.pk or 0):
            chosen = result
    return sheet.SITUATION_OF_KIND[chosen.kind] if chosen is not None else ""


class _Writer:
    """Turns validated rows into bulk writes (or, on a dry run, only into counts)."""

    def __init__(self, *, actor: Any, project: Project, report: ImportReport, filename: str, started: Any = None):
        self.actor = actor
        self.started = started or timezone.now()
        self.created_ids: set[int] = set()
        self.project = project
        self.report = report
        self.institution_id = project.institution_id
        self.user = getattr(actor, "user", None)
        self.comment = HISTORY_COMMENT % (filename or "")[:200]
        self.now = timezone.now()
        self.history: list[HistoryEntry] = []
        self.types = {model: ContentType.objects.get_for_model(model) for model in (Participant, Participation, Exit)}
        # A person tuple: every sheet field (the model's default where the file has no such column).
        names = list(dict.fromkeys([*sheet.PERSON_FIELDS, *sheet.PERSON_DEFAULTS]))
        self.person_defaults = [
            (name, sheet.PERSON_DEFAULTS.get(name, Participant._meta.get_field(name).get_default())) for name in names
        ]
        self.person_columns = ["institution_id", *names, "last_name_key"]

    # -- lookups --------------------------------------------------------------------------------
    def _existing_people(self, rows: list[_Row]) -> tuple[dict[str, Participant], dict[tuple, Participant]]:
        scoped = Participant.objects.for_institution(self.institution_id).filter(anonymised_at__isnull=True)
        numbers = [r.person["pesel"] for r in rows if r.person.get("pesel")]
        by_pesel = {p.pesel: p for p in scoped.filter(pesel__in=numbers)} if numbers else {}
        births = {r.person["birth_date"] for r in rows if r.person.get("no_pesel")}
        by_identity: dict[tuple, Participant] = {}
        if births:
            for p in scoped.filter(no_pesel=True, pesel__isnull=True, birth_date__in=births).order_by("id"):
                by_identity.setdefault(_identity(p.first_name, p.last_name, p.birth_date), p)
        return by_pesel, by_identity

    def write(self, rows: list[_Row]) -> None:
        report = self.report
        by_pesel, by_identity = self._existing_people(rows)
        matched = {}
        for row in rows:
            person = row.person
            if person.get("pesel"):
                found = by_pesel.get(person["pesel"])
            else:
                found = by_identity.get(
                    _identity(person.get("first_name"), person.get("last_name"), person.get("birth_date"))
                )
            matched[row.number] = found
        if not report.dry_run and any(
            p is not None and p.created_at >= self.started and p.pk not in self.created_ids for p in matched.values()
        ):
            raise _JustImported
        known_ids = [p.pk for p in matched.values() if p is not None]
        participations = (
            {
                p.participant_id: p
                for p in Participation.objects.filter(
                    project=self.project, participant_id__in=known_ids
                ).select_related("exit")
            }
            if known_ids
            else {}
        )
        results: dict[int, list[Result]] = {}
        if participations:
            for result in Result.objects.filter(participation_id__in=[p.pk for p in participations.values()]):
                results.setdefault(result.participation_id, []).append(result)

        changed_people = []
        new_parts, changed_parts, parts_rows = [], [], []
        new_exits, changed_exits, new_results = [], [], []
        fresh: list[_Row] = []  # people new to the centre: written as tuples, no model instance each
        for row in rows:
            existing = matched[row.number]
            if existing is None:
                fresh.append(row)
                report.created += 1
                continue
            part = participations.get(existing.pk) if existing is not None else None
            reasons = self._situation_conflicts(row, part, results)
            if part is not None and part.end_on and "end_on" in row.values and row.values["end_on"] is None:
                reasons.append(str(MSG_END_REMOVED) % {"end": _fmt(part.end_on)})
            if reasons:
                _reject(report, row.number, reasons, row.cells)
                continue
            changed = False
            person = existing
            before = snapshot(person, row.person.keys())
            for name, value in row.person.items():
                setattr(person, name, value)
            changes = diff(before, snapshot(person, row.person.keys()))
            if changes:
                person.last_name_key = surname_key(person.last_name)
                person.version += 1
                person.updated_at = self.now
                changed_people.append(person)
                self._history(person, HistoryEntry.Action.UPDATE, changes)
                changed = True
            part_changed, part = self._participation(row, person, part, new_parts, changed_parts)
            parts_rows.append((row, part))
            changed |= part_changed
            changed |= self._exit(row, part, new_exits, changed_exits)
            changed |= self._result(row, part, results.get(part.pk, []) if part.pk else [], new_results)
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
        if report.dry_run:
            return
        self._insert_fresh(fresh)
        self._flush(changed_people, new_parts, changed_parts, new_exits, changed_exits, new_results)

    def _insert_fresh(self, rows: list[_Row]) -> None:
        """People new to the centre, their participation, exit, follow-ups, result and history, as tuples.

        The same rows the model path writes (the sheet round trip and every report read them alike),
        without building ~6 model instances per sheet row: the import's cost is its validation and COPY.
        """
        if not rows:
            return
        institution = self.institution_id
        defaults = self.person_defaults
        people = []
        for row in rows:
            person = row.person
            values = [person.get(name, default) for name, default in defaults]
            values.append(surname_key(person.get("last_name") or ""))
            people.append((institution, *values))
        person_ids = insert_rows(Participant, self.person_columns, people, batch_size=BATCH)
        self.created_ids.update(person_ids)
        project_id = self.project.pk
        parts, ends = [], []
        for row, person_id in zip(rows, person_ids, strict=True):
            values = row.values
            end = values.get("end_on")
            parts.append(
                (
                    institution,
                    project_id,
                    person_id,
                    values["start_on"],
                    end,
                    _status(end, values.get("completed"), None, None),
                )
            )
            ends.append(end)
        part_ids = insert_rows(Participation, PARTICIPATION_COLUMNS, parts, batch_size=BATCH)
        exits, follow_ups, results = [], [], []
        recorded_by = self.actor.pk if getattr(self.actor, "pk", None) else None
        for row, part_id, end in zip(rows, part_ids, ends, strict=True):
            if end is None:
                continue
            completed = row.values.get("completed")
            if completed is not None:
                exits.append((institution, part_id, end, ExitReason.COMPLETED if completed else ExitReason.OTHER, ""))
                follow_ups.extend(
                    (institution, part_id, kind, add_months(end, months), "")
                    for kind, months in FOLLOW_UP_MONTHS.items()
                )
            kind = row.values.get("situation")
            if kind is not None:  # no earlier result: the sheet's situation is always new
                results.append((institution, part_id, kind, end, "Arkusz uczestników", "", recorded_by))
        insert_rows(Exit, EXIT_COLUMNS, exits, batch_size=BATCH)
        insert_rows(FollowUp, FOLLOW_UP_COLUMNS, follow_ups, batch_size=BATCH)
        insert_rows(Result, RESULT_COLUMNS, results, batch_size=BATCH)
        # One entry per person, as for every created row (docs/DEVELOPING.md, "history"): it says who
        # imported the person from which file and when; the values are the sheet's (no snapshot copy).
        content_type, actor = self.types[Participant].pk, self.user.pk if getattr(self.user, "pk", None) else None
        create = HistoryEntry.Action.CREATE
        insert_rows(
            HistoryEntry,
            HISTORY_COLUMNS,
            [(institution, content_type, person_id, actor, create, "{}", self.comment) for person_id in person_ids],
            batch_size=BATCH,
        )

    def _participation(self, row, person, part, new_parts, changed_parts) -> tuple[bool, Participation]:
        values = row.values
        end = values.get("end_on", part.end_on if part else None)
        exit_obj = getattr(part, "exit", None) if part is not None and part.pk else None
        status = _status(end, values.get("completed"), exit_obj, part)
        if part is None:
            part = Participation(
                institution_id=self.institution_id,
                project=self.project,
                participant=person,
                start_on=values["start_on"],
                end_on=end,
                status=status,
            )
            new_parts.append(part)
            return True, part
        before = (part.start_on, part.end_on, part.status)
        part.start_on, part.end_on, part.status = values["start_on"], end, status
        if before == (part.start_on, part.end_on, part.status):
            return False, part
        part.updated_at = self.now
        changed_parts.append(part)
        self._history(
            part,
            HistoryEntry.Action.UPDATE,
            {
                name: [_iso(old), _iso(new)]
                for name, old, new in zip(
                    ("start_on", "end_on", "status"), before, (part.start_on, part.end_on, part.status), strict=True
                )
                if old != new
            },
        )
        return True, part

    def _exit(self, row, part, new_exits, changed_exits) -> bool:
        completed = row.values.get("completed")
        existing = getattr(part, "exit", None) if part.pk else None
        if part.end_on is None:
            return False
        if existing is None:
            if completed is None:
                return False
            reason = ExitReason.COMPLETED if completed else ExitReason.OTHER
            new_exits.append(
                Exit(institution_id=self.institution_id, participation=part, exit_on=part.end_on, reason=reason)
            )
            return True
        reason = existing.reason
        if completed is True:
            reason = ExitReason.COMPLETED
        elif completed is False and reason == ExitReason.COMPLETED:
            reason = ExitReason.OTHER
        if (existing.exit_on, existing.reason) == (part.end_on, reason):
            return False
        before = {"exit_on": _iso(existing.exit_on), "reason": existing.reason}
        existing.exit_on, existing.reason, existing.updated_at = part.end_on, reason, self.now
        changed_exits.append(existing)
        self._history(
            existing, HistoryEntry.Action.UPDATE, diff(before, {"exit_on": _iso(part.end_on), "reason": reason})
        )
        return True

    def _situation_conflicts(self, row, part, results) -> list[str]:
        kind = row.values.get("situation")
        if kind is None or part is None:
            return []
        end = row.values.get("end_on")
        for result in results.get(part.pk, []):
            if result.achieved_on == end and result.kind in CONFLICTING.get(kind, ()):
                return [str(MSG_SITUATION_CONFLICT) % {"date": _fmt(end)}]
        return []

    def _result(self, row, part, existing: list[Result], new_results) -> bool:
        kind = row.values.get("situation")
        if kind is None:
            return False
        if situation_upon_leaving(part.end_on, existing) == sheet.SITUATION_OF_KIND[kind]:
            return False
        new_results.append(
            Result(
                institution_id=self.institution_id,
                participation=part,
                kind=kind,
                achieved_on=part.end_on,
                evidence="Arkusz uczestników",
                recorded_by=self.actor if getattr(self.actor, "pk", None) else None,
            )
        )
        return True

    def _history(self, obj, action: str, changes: dict) -> None:
        if obj.pk is None:
            return
        self.history.append(
            HistoryEntry(
                institution_id=self.institution_id,
                content_type=self.types[type(obj)],
                object_id=obj.pk,
                actor=self.user if getattr(self.user, "pk", None) else None,
                action=action,
                changes=changes,
                comment=self.comment,
            )
        )

    def _flush(self, changed_people, new_parts, changed_parts, new_exits, changed_exits, new_results) -> None:
        person_fields = [*sheet.PERSON_FIELDS, "last_name_key", "version", "updated_at"]
        if changed_people:
            Participant.objects.bulk_update(changed_people, person_fields, batch_size=BATCH)
        for part in new_parts:
            part.participant = part.participant  # picks up the id of a person created just above
        bulk_insert(new_parts, batch_size=BATCH)
        if changed_parts:
            Participation.objects.bulk_update(
                changed_parts, ["start_on", "end_on", "status", "updated_at"], batch_size=BATCH
            )
        for item in new_exits:
            item.participation = item.participation
        bulk_insert(new_exits, batch_size=BATCH)
        if changed_exits:
            Exit.objects.bulk_update(changed_exits, ["exit_on", "reason", "updated_at"], batch_size=BATCH)
        # New participations and exits need no history row each: the person's entry and the kept
        # SheetImport (who, when, which file) tell where they came from.
        self._follow_ups(new_exits, changed_exits)
        for item in new_results:
            item.participation = item.participation
        bulk_insert(new_results, batch_size=BATCH)
        bulk_insert(self.history, batch_size=BATCH)
        self.history = []

    def _follow_ups(self, new_exits: list[Exit], changed_exits: list[Exit]) -> None:
        """Follow-ups due 3 and 6 months after each exit; open ones move with a changed exit date."""
        part_ids = [e.participation_id for e in changed_exits]
        existing = (
            {(f.participation_id, f.kind): f for f in FollowUp.objects.filter(participation_id__in=part_ids)}
            if part_ids
            else {}
        )
        create, update = [], []
        for item in [*new_exits, *changed_exits]:
            for kind, months in FOLLOW_UP_MONTHS.items():
                due = add_months(item.exit_on, months)
                found = existing.get((item.participation_id, kind))
                if found is None:
                    create.append(
                        FollowUp(
                            institution_id=self.institution_id,
                            participation_id=item.participation_id,
                            kind=kind,
                            due_on=due,
                        )
                    )
                elif found.done_on is None and found.due_on != due:
                    found.due_on, found.updated_at = due, self.now
                    update.append(found)
        bulk_insert(create, batch_size=BATCH)
        if update:
            FollowUp.objects.bulk_update(update, ["due_on", "updated_at"], batch_size=BATCH)


def _status(end: dt.date | None, completed: bool | None, exit_obj: Exit | None, part: Participation | None) -> str:
    if end is None:
        if part is not None and part.status == Participation.Status.SUSPENDED:
            return part.status
        return Participation.Status.ACTIVE
    if completed is None and exit_obj is not None:
        completed = exit_obj.reason == ExitReason.COMPLETED
    return Participation.Status.LEFT if completed is False else Participation.Status.COMPLETED


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


MSG_ALREADY_APPLIED = _("This file has already been imported.")
MSG_NOT_A_DRY_RUN = _("Only a dry run can be applied.")


def run_import(
    *,
    actor: Any,
    project: Project,
    data: bytes,
    filename: str,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
    lock_wait: float | None = None,
    since: dt.datetime | None = None,
) -> SheetImport:
    """Import a sheet and keep its report (and, for a dry run, the file, so that it can be applied later).

    `progress(rows_done, rows_total)` is called as rows are read (a job's progress bar)."""
    if project.institution_id != actor.institution_id:
        raise ValidationError(MSG_OTHER_CENTRE)
    report = import_participants(
        actor=actor,
        project=project,
        data=data,
        filename=filename,
        dry_run=dry_run,
        progress=progress,
        lock_wait=lock_wait,
        since=since,
    )
    return SheetImport.objects.create(
        institution_id=project.institution_id,
        project=project,
        user=getattr(actor, "user", None),
        filename=filename[:255],
        dry_run=dry_run,
        read=report.read,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        report=report.as_json(),
        error_file=report.error_xlsx(),
        source=data if dry_run and not report.error else None,
    )


def apply_import(
    *,
    actor: Any,
    dry_run: SheetImport,
    progress: Callable[[int, int], None] | None = None,
    lock_wait: float | None = None,
    since: dt.datetime | None = None,
) -> SheetImport:
    """Run, for real, the file of an earlier dry run (`progress`, `lock_wait`, `since` as for `run_import`)."""
    if dry_run.institution_id != actor.institution_id:
        raise ValidationError(MSG_OTHER_CENTRE)
    with transaction.atomic():
        locked = SheetImport.objects.select_for_update().get(pk=dry_run.pk)
        if not locked.dry_run:
            raise ValidationError(MSG_NOT_A_DRY_RUN)
        if locked.applied or locked.source is None:
            raise ValidationError(MSG_ALREADY_APPLIED)
        data = bytes(locked.source)
        locked.applied, locked.source = True, None
        locked.save(update_fields=["applied", "source", "updated_at"])
        return run_import(
            actor=actor,
            project=locked.project,
            data=data,
            filename=locked.filename,
            dry_run=False,
            progress=progress,
            lock_wait=lock_wait,
            since=since,
        )
