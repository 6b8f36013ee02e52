"""Reading the first sheet of an XLSX workbook as a stream of rows, within limits checked as it goes.

A workbook is a zip of XML parts. The sheet's XML is decompressed and parsed (expat, a push parser) a chunk
at a time, and every limit — rows, columns, characters in a cell, the shared-string table's size — is checked
on the element or the text that would break it, before it is kept: a file of five million rows is refused at
row 250,002 having held a chunk of it, a cell of 600 MB at its 32,768th character. Nothing of a sheet is held
but the row being read and the shared strings (packed as UTF-8 in one buffer, bounded). A DOCTYPE or an entity
declaration (no spreadsheet program writes one; „billion laughs” needs one) refuses the file.

`read_rows(data, limits)` -> (header row number, header cells, iterator of (row number, cells), rows expected)
Cells are what python-calamine gave before: str, float, bool, datetime.date / datetime.datetime for numbers
in a date format, "" for an empty cell. Errors are `XlsxError(kind, **params)` for sheetfile to word.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from array import array
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

CHUNK = 64 * 1024
SMALL_PART = 8 * 1024 * 1024  # workbook.xml, its relationships, styles.xml
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Number formats 14–22 and 45–47 are dates and times; 27–36 and 50–58 are the East-Asian locales' dates.
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cell_chars: int
    shared_bytes: int
    shared_strings: int


class XlsxError(Exception):
    """`kind`: "not_xlsx", "bomb", "rows", "columns", "cell" (with `row`)."""

    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _parser() -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: Any) -> None:
        raise XlsxError("not_xlsx")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _feed(archive: zipfile.ZipFile, name: str, parser: Any, after_chunk: Any = None) -> Iterator[None]:
    """Parse a part a chunk at a time; yields after each chunk (for the caller to take what was parsed)."""
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > SMALL_PART:
        raise XlsxError("bomb")
    return archive.read(name)


def _elements(data: bytes | None) -> list[tuple[str, dict[str, str]]]:
    """The start tags of a small part, in order (local names)."""
    found: list[tuple[str, dict[str, str]]] = []
    if not data:
        return found
    parser = _parser()
    parser.StartElementHandler = lambda name, attrs: found.append((_local(name), attrs))
    parser.Parse(data, True)
    return found


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, part name) of a part's relationships."""
    folder, base = posixpath.split(part)
    rels = {}
    for name, attrs in _elements(_small_part(archive, posixpath.join(folder, "_rels", base + ".rels"))):
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            rels[attrs.get("Id", "")] = (attrs.get("Type", ""), path)
    return rels


def _is_date_code(code: str) -> bool:
    text = _QUOTED.sub("", code.split(";", 1)[0]).lower()
    return any(letter in text for letter in "dmyhs") and "general" not in text


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> set[int]:
    """Indexes of the cell formats (the `s` of a cell) that show a number as a date or time."""
    if path is None:
        return set()
    custom: dict[int, str] = {}
    styles: set[int] = set()
    in_cell_xfs, index = False, 0
    for name, attrs in _elements(_small_part(archive, path)):
        if name == "numFmt":
            custom[int(attrs.get("numFmtId", "0") or 0)] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            in_cell_xfs, index = True, 0
        elif name in ("cellStyleXfs", "dxfs", "cellStyles"):
            in_cell_xfs = False
        elif name == "xf" and in_cell_xfs:
            number = int(attrs.get("numFmtId", "0") or 0)
            if number in DATE_FORMAT_IDS or (number in custom and _is_date_code(custom[number])):
                styles.add(index)
            index += 1
    return styles


class SharedStrings:
    """The shared-string table packed as UTF-8 in one buffer; strings longer than a cell may be are kept as
    marks only (the row that uses one is refused, with its number)."""

    TOO_LONG = object()

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.ends = array("Q")
        self.too_long: set[int] = set()

    def __len__(self) -> int:
        return len(self.ends)

    def get(self, index: int) -> Any:
        if index < 0 or index >= len(self.ends):
            raise XlsxError("not_xlsx")
        if index in self.too_long:
            return self.TOO_LONG
        start = self.ends[index - 1] if index else 0
        return self.buffer[start : self.ends[index]].decode()


def _shared_strings(archive: zipfile.ZipFile, path: str | None, limits: Limits) -> SharedStrings:
    table = SharedStrings()
    if path is None:
        return table
    parser = _parser()
    state = {"si": False, "t": False, "phonetic": 0, "parts": [], "length": 0, "over": False}

    def start(name: str, _attrs: Any) -> None:
        name = _local(name)
        if name == "si":
            state.update(si=True, parts=[], length=0, over=False)
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "t" and state["si"] and not state["phonetic"]:
            state["t"] = True

    def end(name: str) -> None:
        name = _local(name)
        if name == "t":
            state["t"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            state["si"] = False
            if len(table.ends) >= limits.shared_strings:
                raise XlsxError("bomb")
            if state["over"]:
                table.too_long.add(len(table.ends))
            else:
                table.buffer += "".join(state["parts"]).encode()
                if len(table.buffer) > limits.shared_bytes:
                    raise XlsxError("bomb")
            table.ends.append(len(table.buffer))

    def text(data: str) -> None:
        if state["t"] and not state["over"]:
            state["length"] += len(data)
            if state["length"] > limits.cell_chars:
                state.update(over=True, parts=[])
            else:
                state["parts"].append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    for _ in _feed(archive, path, parser):
        pass
    return table


def _column(reference: str) -> int:
    """0-based column of a cell reference such as "AB12"; -1 when it has no letters."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number - 1


_COLUMN_OF: dict[str, int] = {}


def _cell_column(reference: str) -> int:
    """`_column` of a cell reference, remembered by its letters (a sheet has few columns; 3 letters at most)."""
    letters = reference.rstrip("0123456789")
    column = _COLUMN_OF.get(letters)
    if column is None:
        column = _column(letters)
        if len(letters) <= 3:
            _COLUMN_OF[letters] = column
    return column


def _excel_date(serial: float, date1904: bool) -> dt.date | dt.datetime:
    """A date (or a date and time, naive: a sheet's clock) from Excel's day number."""
    base = dt.date(1899, 12, 30) if serial >= 61 else dt.date(1899, 12, 31)  # Excel's 29.02.1900 before day 61
    if date1904:
        base = dt.date(1904, 1, 1)
    days = int(serial)
    seconds = round((serial - days) * 86400)
    if seconds >= 86400:
        days, seconds = days + 1, 0
    day = base + dt.timedelta(days=days)
    if not seconds:
        return day
    return dt.datetime.combine(day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60))


class _SheetReader:
    """Handlers of the sheet's parser: they turn `<row>`/`<c>` elements into finished rows in `self.ready`."""

    def __init__(self, strings: SharedStrings, date_styles: set[int], date1904: bool, limits: Limits):
        self.strings, self.date_styles, self.date1904, self.limits = strings, date_styles, date1904, limits
        self.ready: deque[tuple[int, list[Any]]] = deque()
        self.expected: int | None = None
        self.rows_seen = 0
        self.row_number = 0
        self.cells: dict[int, Any] = {}
        self.column = -1
        self.kind = self.style = ""
        self.collect = False
        self.in_inline = False
        self.parts: list[str] = []
        self.length = 0
        self.over = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = _local(name)
        if name == "c":
            reference = attrs.get("r", "")
            self.column = _cell_column(reference) if reference else self.column + 1
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s", "")
            self.parts, self.length, self.over = [], 0, False
        elif name == "v" or (name == "t" and self.in_inline):
            self.collect = True
        elif name == "is":
            self.in_inline = True
        elif name == "row":
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            self.cells, self.column = {}, -1
        elif name == "dimension":
            self._dimension(attrs.get("ref", ""))

    def _dimension(self, ref: str) -> None:
        """The sheet's own statement of its size (a hint for the progress bar; never trusted as a limit)."""
        last = ref.rpartition(":")[2]
        digits = "".join(ch for ch in last if ch.isdigit())
        if digits:
            self.expected = min(int(digits[:9]), self.limits.rows + 1)

    def text(self, data: str) -> None:
        if self.collect and not self.over:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                self.over, self.parts = True, []
            else:
                self.parts.append(data)

    def end(self, name: str) -> None:
        if ":" in name:
            name = _local(name)
        if name in ("v", "t"):
            self.collect = False
        elif name == "is":
            self.in_inline = False
        elif name == "c":
            if self.over:
                raise XlsxError("cell", row=self.row_number)
            if self.parts:
                value = self._value("".join(self.parts))
                if value != "":  # only cells with a value count (Excel writes styled empty ones far out)
                    if self.column >= self.limits.columns or len(self.cells) >= self.limits.columns:
                        raise XlsxError("columns")
                    self.cells[self.column] = value
        elif name == "row":
            if self.cells:
                self.rows_seen += 1
                if self.rows_seen > self.limits.rows + 1 or self.row_number > self.limits.rows + 1:
                    raise XlsxError("rows")
                width = max(self.cells) + 1
                self.ready.append((self.row_number, [self.cells.get(i, "") for i in range(width)]))
            self.cells = {}

    def _value(self, text: str) -> Any:
        kind = self.kind
        if kind == "s":
            try:
                value = self.strings.get(int(text))
            except ValueError as exc:
                raise XlsxError("not_xlsx") from exc
            if value is SharedStrings.TOO_LONG:
                raise XlsxError("cell", row=self.row_number)
            return value
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                moment = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                return text
            return moment.date() if moment.time() == dt.time() else moment
        try:
            number = float(text)
        except ValueError as exc:
            raise XlsxError("not_xlsx") from exc
        if self.style and self.style.isdigit() and int(self.style) in self.date_styles and 0 <= number < 2_958_466:
            return _excel_date(number, self.date1904)
        return number


def read_rows(data: Any, limits: Limits) -> tuple[int, list[Any], Iterator[tuple[int, list[Any]]], int | None]:
    """Open the workbook in `data` (a file-like object or bytes) and read up to its header row."""
    import io

    archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
    workbook_rels = _relationships(archive, "xl/workbook.xml")
    sheet_path, date1904 = None, False
    for name, attrs in _elements(_small_part(archive, "xl/workbook.xml")):
        if name == "workbookPr":
            date1904 = attrs.get("date1904", "").lower() in ("1", "true")
        elif name == "sheet" and sheet_path is None:
            rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheet_path = workbook_rels.get(rel, ("", None))[1]
    by_type = {kind.rpartition("/")[2]: path for kind, path in workbook_rels.values()}
    if sheet_path is None or sheet_path not in archive.NameToInfo:
        raise XlsxError("not_xlsx")
    strings = _shared_strings(archive, by_type.get("sharedStrings"), limits)
    reader = _SheetReader(strings, _date_styles(archive, by_type.get("styles")), date1904, limits)
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = reader.start, reader.end
    parser.CharacterDataHandler = reader.text
    chunks = _feed(archive, sheet_path, parser)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        while True:
            while reader.ready:
                yield reader.ready.popleft()
            if next(chunks, StopIteration) is StopIteration:
                archive.close()
                return

    stream = rows()
    header = next(stream, None)
    if header is None:
        return 0, [], iter(()), 0
    expected = None if reader.expected is None else max(reader.expected - header[0], 0)
    return header[0], header[1], stream, expected
