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

from integra.core.xlsxstream import STYLE_DATE, STYLE_DECIMAL, STYLE_MONEY, SheetWriter, excel_date, text_xml

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
    """The CSV form of a value: dates dd.mm.rrrr, amounts with a comma, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if kind in {"money", "decimal", "percent"} and isinstance(value, Decimal | int | float):
        return f"{Decimal(value):.2f}".replace(".", ",")
    return neutralise(str(value))


def write_xlsx(target: Any, columns: Sequence[Column], rows: Iterable[Any], *, sheet: str = "Arkusz1") -> None:
    """Write rows to an XLSX file (path or binary file object) in constant memory (integra.core.xlsxstream)."""
    writer = SheetWriter(target, sheet, [c.header for c in columns], [c.width for c in columns])
    styles = {"money": STYLE_MONEY, "decimal": STYLE_DECIMAL, "percent": STYLE_DECIMAL}
    plan = [(letter, column.get, column.kind, styles.get(column.kind)) for letter, column in zip(writer.letters, columns, strict=True)]
    try:
        for row in rows:
            number = writer.rows + 1
            cells = []
            for letter, get, kind, style in plan:
                value = get(row)
                if value is None or value == "":
                    continue
                if kind == "date" and isinstance(value, dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    cells.append(f'<c r="{letter}{number}" s="{STYLE_DATE}"><v>{excel_date(day)}</v></c>')
                elif style and isinstance(value, Decimal | int | float) and math.isfinite(value):
                    cells.append(f'<c r="{letter}{number}" s="{style}"><v>{float(value)!r}</v></c>')
                elif kind == "int" and isinstance(value, int):
                    cells.append(f'<c r="{letter}{number}"><v>{int(value)}</v></c>')
                else:
                    cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                                 f"{text_xml(neutralise(str(value)))}</t></is></c>")
            writer.row(cells)
    except BaseException:
        writer.abort()
        raise
    writer.close()


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Any], *, sheet: str = "Arkusz1") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, rows, sheet=sheet)
    return buffer.getvalue()


def xlsx_response(filename: str, columns: Sequence[Column], rows: Iterable[Any], *, sheet: str = "Arkusz1") -> FileResponse:
    """Rows are streamed into the workbook in constant memory; the finished file (compressed, a few MB
    even for 100k rows) is served from memory so no temporary file outlives the response."""
    content = xlsx_bytes(columns, rows, sheet=sheet)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[Column], rows: Iterable[Any], *, delimiter: str = ";", bom: bool = True) -> Iterator[str]:
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
    return FileResponse(io.BytesIO(content), as_attachment=not inline, filename=filename, content_type="application/pdf")
