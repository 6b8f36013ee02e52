"""Declared exports: columns are declared once and every file streams through one writer.

    columns = [Column("Imię", lambda p: p.first_name), Column("Kwota", lambda r: r.amount, kind="money")]
    response = xlsx_response("raport.xlsx", columns, rows)      # or csv_response(...)

Every text cell is neutralised against spreadsheet formula injection (=, +, -, @, tab, CR).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.templatetags.integra import format_date, local
from integra.core.xlsxstream import STYLE_DATE, STYLE_DECIMAL, STYLE_MONEY, SheetWriter, excel_date, text_xml

_GENERATED = _("Generated")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def _name_part(text: str) -> str:
    """Letters, digits and hyphens only (Polish letters without their marks): safe in every file system."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", str(text).translate(_ASCII)).strip("-")


def download_name(document: str, ext: str, *, code: str = "", day: dt.date | None = None) -> str:
    """What a download is called: `LEZ-CNA-2011_podsumowanie_2026-11-25.pdf`.

    `code` is the project's (or club's, centre's) code, `document` the document's Polish name
    (lower case), `day` the day it was made (today by default).
    """
    parts = [_name_part(code)] if code else []
    parts += [_name_part(document).lower(), (day or timezone.localdate()).isoformat()]
    return "_".join(part for part in parts if part) + f".{ext}"


def download(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A finished file in memory sent under its name (the type follows the extension)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def neutralise(value: str) -> str:
    """Prefix a quote so spreadsheet programs show the text instead of evaluating it."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[Any], Any]
    kind: str = "text"  # text | int | money | decimal | date | percent
    width: int = 18


def cell_text(value: Any, kind: str = "text") -> str:
    """The CSV form of a value: dates dd.mm.rrrr, moments dd.mm.rrrr gg:mm on the centre's clock (a `date`
    column gives a moment's local day), amounts with a comma, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return local(value).strftime("%d.%m.%Y") if kind == "date" else format_date(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if kind in {"money", "decimal", "percent"} and isinstance(value, Decimal | int | float):
        return f"{Decimal(value):.2f}".replace(".", ",")
    return neutralise(str(value))


@dataclass(frozen=True)
class Table:
    """A further table of a report's sheet, below the first: its title, its columns and its rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]


def about(title: str, *lines: tuple[str, Any]) -> list[tuple[str, ...]]:
    """A report's preamble: its title, then (label, value) lines — project, period, date — and when it was made
    (`Wygenerowano: 29.03.2026 14:05`, the centre's clock)."""
    from integra.core.replica import lag_note

    note = lag_note()  # read from a replica that lags: the file says as of when
    return [
        (str(title),),
        *((str(label), "" if value is None else str(value)) for label, value in lines),
        (str(_GENERATED), format_date(timezone.now())),
        *([(note,)] if note else []),
    ]


def write_xlsx(
    target: Any,
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    sheet: str = "Arkusz1",
    preamble: Sequence[Sequence[str]] = (),
    tables: Sequence[Table] = (),
) -> None:
    """Write rows to an XLSX file (path or binary file object) in constant memory (integra.core.xlsxstream).

    A report's file says what it is: `preamble` lines (see `about()`) above the header row, and `tables` — the
    screen's other tables — below the rows, each after an empty row and its title. A data file (the participant
    sheet) has neither: its header is row 1.
    """
    every = [columns, *(t.columns for t in tables)]
    widths = [max(cols[i].width for cols in every if i < len(cols)) for i in range(max(map(len, every)))]
    writer = SheetWriter(target, sheet, [c.header for c in columns], widths, preamble=preamble)
    try:
        _write_rows(writer, columns, rows)
        for table in tables:
            writer.row([])
            writer.text_row([table.title], bold_first=True)
            writer.header([c.header for c in table.columns])
            _write_rows(writer, table.columns, table.rows)
    except BaseException:
        writer.abort()
        raise
    writer.close()


def _write_rows(writer: SheetWriter, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    styles = {"money": STYLE_MONEY, "decimal": STYLE_DECIMAL, "percent": STYLE_DECIMAL}
    plan = [(writer.letter(i), column.get, column.kind, styles.get(column.kind)) for i, column in enumerate(columns)]
    for row in rows:
        number = writer.rows + 1
        cells = []
        for letter, get, kind, style in plan:
            value = get(row)
            if value is None or value == "":
                continue
            if kind == "date" and isinstance(value, dt.date):
                day = local(value).date() if isinstance(value, dt.datetime) else value
                cells.append(f'<c r="{letter}{number}" s="{STYLE_DATE}"><v>{excel_date(day)}</v></c>')
            elif style and isinstance(value, Decimal | int | float) and math.isfinite(value):
                cells.append(f'<c r="{letter}{number}" s="{style}"><v>{float(value)!r}</v></c>')
            elif kind == "int" and isinstance(value, int):
                cells.append(f'<c r="{letter}{number}"><v>{int(value)}</v></c>')
            else:
                text = format_date(value) if isinstance(value, dt.datetime) else str(value)
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{text_xml(neutralise(text))}</t></is></c>"
                )
        writer.row(cells)


def xlsx_bytes(
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    sheet: str = "Arkusz1",
    preamble: Sequence[Sequence[str]] = (),
    tables: Sequence[Table] = (),
) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, rows, sheet=sheet, preamble=preamble, tables=tables)
    return buffer.getvalue()


def xlsx_response(
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    sheet: str = "Arkusz1",
    preamble: Sequence[Sequence[str]] = (),
) -> FileResponse:
    """Rows are streamed into the workbook in constant memory; the finished file (compressed, a few MB
    even for 100k rows) is served from memory so no temporary file outlives the response."""
    content = xlsx_bytes(columns, rows, sheet=sheet, preamble=preamble)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    columns: Sequence[Column], rows: Iterable[Any], *, delimiter: str = ";", bom: bool = True
) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    first = writer.writerow([c.header for c in columns])
    yield ("\ufeff" + first) if bom else first
    for row in rows:
        yield writer.writerow([cell_text(c.get(row), c.kind) for c in columns])


def write_csv(path: Any, columns: Sequence[Column], rows: Iterable[Any], *, delimiter: str = ";") -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in csv_lines(columns, rows, delimiter=delimiter):
            handle.write(line)


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(filename: str, content: bytes, *, inline: bool = False) -> FileResponse:
    return FileResponse(
        io.BytesIO(content), as_attachment=not inline, filename=filename, content_type="application/pdf"
    )
