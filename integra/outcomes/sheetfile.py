"""Reading an uploaded participant sheet (XLSX or CSV) into rows of cells, defensively.

Hostile files (not a zip, a corrupt or compressed-bomb XLSX, a wrong encoding, huge cells, too
many rows) raise `SheetFileError` with a message users can read — never a server error. An XLSX sheet is
read as a stream (`xlsxstream`): the row, column and cell limits stop it before it is held in memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from integra.outcomes import xlsxstream

MAX_ROWS = 250_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # the XLSX limit; CSV cells longer than that are refused
MAX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024  # a 250,000-row sheet is far below; a zip bomb is far above
MAX_ZIP_RATIO = 200
# The shared-string table is the one part of a workbook held whole (cells refer to it by number): bounded.
MAX_SHARED_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS = 4_000_000
XLSX_LIMITS = xlsxstream.Limits(
    rows=MAX_ROWS,
    columns=MAX_COLUMNS,
    cell_chars=MAX_CELL_CHARS,
    shared_bytes=MAX_SHARED_BYTES,
    shared_strings=MAX_SHARED_STRINGS,
)

MSG_EMPTY = _("The file is empty.")
MSG_NOT_XLSX = _("The file is not a valid XLSX workbook (it may be damaged, or saved in another format).")
MSG_OLD_XLS = _("Old Excel files (.xls) are not supported: save the sheet as XLSX or CSV and try again.")
MSG_BOMB = _("The XLSX workbook expands to too much data to be read safely.")
MSG_ENCODING = _("The CSV file is not UTF-8 text: save it as “CSV UTF-8” and try again.")
MSG_CSV = _("The CSV file could not be read: %(error)s")
MSG_TOO_MANY_ROWS = ngettext_lazy(
    "The file has more than %(limit)s row: split it into smaller files.",
    "The file has more than %(limit)s rows: split it into smaller files.",
    "limit",
)
MSG_TOO_MANY_COLUMNS = ngettext_lazy(
    "The file has more than %(limit)s column.", "The file has more than %(limit)s columns.", "limit"
)
MSG_HUGE_CELL = ngettext_lazy(
    "Row %(row)s holds a cell longer than %(limit)s character.",
    "Row %(row)s holds a cell longer than %(limit)s characters.",
    "limit",
)
MSG_NO_HEADER = _("The first row must hold the column headers.")


class SheetFileError(ValueError):
    """The file cannot be read; the message is ready for the user."""

    def __init__(self, message: Any, **params: Any):
        super().__init__(str(message % params) if params else str(message))  # a plural message picks its form


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number in the file, header = 1; cells)
    kind: str  # "xlsx" or "csv"
    total: int | None = None  # rows below the header, when known up front (for a progress bar)


def open_table(data: bytes, filename: str = "") -> Table:
    """Open XLSX (zip signature or .xlsx name) or CSV (anything else); rows are read lazily."""
    if not data:
        raise SheetFileError(MSG_EMPTY)
    name = filename.lower()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetFileError(MSG_OLD_XLS)
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return _open_xlsx(data)
    return _open_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise SheetFileError(MSG_NOT_XLSX) from exc
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos) or 1
    if (
        len(infos) > 10_000
        or total > MAX_UNCOMPRESSED_BYTES
        or (total > 50 * 1024 * 1024 and total / compressed > MAX_ZIP_RATIO)
    ):
        raise SheetFileError(MSG_BOMB)


def _open_xlsx(data: bytes) -> Table:
    """The first sheet as a stream (`xlsxstream`): every limit is checked before what breaks it is held."""
    _check_zip(data)
    try:
        _first_row, header, rows, total = xlsxstream.read_rows(data, XLSX_LIMITS)
    except Exception as exc:  # a hostile or broken workbook fails in many ways; each is the user's file
        raise _xlsx_error(exc) from exc
    if not header:
        raise SheetFileError(MSG_EMPTY)
    headers = [_header_text(v) for v in header]

    def iterate() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from rows
        except Exception as exc:  # a stream that breaks half way is still the user's file, not our bug
            raise _xlsx_error(exc) from exc

    return Table(headers=headers, rows=iterate(), kind="xlsx", total=total)


def _xlsx_error(exc: Exception) -> SheetFileError:
    if isinstance(exc, SheetFileError):
        return exc
    if not isinstance(exc, xlsxstream.XlsxError):
        return SheetFileError(MSG_NOT_XLSX)
    if exc.kind == "rows":
        return SheetFileError(MSG_TOO_MANY_ROWS, limit=MAX_ROWS)
    if exc.kind == "columns":
        return SheetFileError(MSG_TOO_MANY_COLUMNS, limit=MAX_COLUMNS)
    if exc.kind == "cell":
        return SheetFileError(MSG_HUGE_CELL, row=exc.params["row"], limit=MAX_CELL_CHARS)
    if exc.kind == "bomb":
        return SheetFileError(MSG_BOMB)
    return SheetFileError(MSG_NOT_XLSX)


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _open_csv(data: bytes) -> Table:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SheetFileError(MSG_ENCODING) from exc
    if "\x00" in text:
        raise SheetFileError(MSG_ENCODING)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SheetFileError(MSG_CSV, error=str(exc)) from exc
    if not header or not any(h.strip() for h in header):
        raise SheetFileError(MSG_NO_HEADER if text.strip() else MSG_EMPTY)
    if len(header) > MAX_COLUMNS:
        raise SheetFileError(MSG_TOO_MANY_COLUMNS, limit=MAX_COLUMNS)

    def iterate() -> Iterator[tuple[int, list[Any]]]:
        count = 1
        try:
            for cells in reader:
                count += 1
                if count > MAX_ROWS + 1:
                    raise SheetFileError(MSG_TOO_MANY_ROWS, limit=MAX_ROWS)
                if cells and max(map(len, cells)) > MAX_CELL_CHARS:
                    raise SheetFileError(MSG_HUGE_CELL, row=count, limit=MAX_CELL_CHARS)
                yield count, cells
        except csv.Error as exc:
            raise SheetFileError(MSG_CSV, error=str(exc)) from exc

    return Table(headers=header, rows=iterate(), kind="csv", total=max(text.count("\n") - 1, 0))
