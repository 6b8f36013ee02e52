"""Read a report's XLSX as a person reads it: what it is (the preamble), its table, and the tables below.

The layout is `integra.core.exports.write_xlsx`'s: preamble lines (the title, then label/value lines), an empty
row, the header row and the rows; each further table after an empty row, under its title. A file without a
preamble starts with its header row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import load_workbook


@dataclass
class ReportTable:
    header: tuple
    rows: list[tuple] = field(default_factory=list)

    def column(self, name: str) -> list:
        index = self.header.index(name)
        return [row[index] for row in self.rows]


@dataclass
class ReportSheet:
    title: str
    about: dict[str, str]
    notes: list[str]
    table: ReportTable
    tables: dict[str, ReportTable]


def _trim(row: tuple) -> tuple:
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def read_report(content: bytes) -> ReportSheet:
    rows = [_trim(r) for r in load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)]
    blocks: list[list[tuple]] = [[]]
    for row in rows:
        if row:
            blocks[-1].append(row)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    title, about, notes = "", {}, []
    if len(blocks) > 1 and len(blocks[0][0]) == 1 and all(len(r) <= 2 for r in blocks[0]):
        preamble, *blocks = blocks
        title = preamble[0][0]
        for line in preamble[1:]:
            if len(line) == 2:
                about[str(line[0])] = line[1]
            else:
                notes.append(str(line[0]))
    main, *rest = blocks
    tables = {str(block[0][0]): ReportTable(block[1], block[2:]) for block in rest}
    return ReportSheet(title, about, notes, ReportTable(main[0], main[1:]), tables)
