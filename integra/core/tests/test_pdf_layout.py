"""PDFs keep a heading with what follows it, never leave one table row alone on a page, print Polish numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from integra.core.exports import download_name
from integra.core.pdf import Document, cell_text


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def rows_on(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"wiersz-(\d+)", text)]


@pytest.mark.parametrize("filler", range(30, 52, 3))
def test_a_heading_is_never_last_on_a_page_and_no_row_is_alone(filler):
    """The filler pushes the heading and the table through every position near the page's end."""
    doc = Document(title="Test")
    for i in range(filler):
        doc.paragraph(f"Akapit wypełniający numer {i}.")
    doc.heading("Zestawienie zadań", level=2)
    doc.table(["Nr", "Zadanie"], [(n, f"wiersz-{n}") for n in range(1, 61)], col_widths_mm=[20, 100])
    texts = pages(doc.render())
    heading_page = next(i for i, text in enumerate(texts) if "Zestawienie zadań" in text)
    assert rows_on(texts[heading_page])[:2] == [1, 2], "the heading keeps at least two rows with it"
    per_page = [rows_on(text) for text in texts if rows_on(text)]
    assert all(len(rows) >= 2 for rows in per_page), per_page
    assert sorted(n for rows in per_page for n in rows) == list(range(1, 61))


def test_a_short_table_moves_whole_rather_than_split(filler=47):
    doc = Document(title="Test")
    for i in range(filler):
        doc.paragraph(f"Akapit wypełniający numer {i}.")
    doc.table(["Nr", "Zadanie"], [(n, f"wiersz-{n}") for n in range(1, 4)])
    per_page = [rows_on(text) for text in pages(doc.render()) if rows_on(text)]
    assert per_page == [[1, 2, 3]]


def test_table_cells_print_numbers_and_dates_the_polish_way():
    doc = Document(title="Test")
    doc.table(["a", "b", "c", "d", "e"], [(89.0, Decimal("89.50"), 1234567, dt.date(2011, 12, 31), 0.5)])
    text = pages(doc.render())[0]
    assert "89.0" not in text and "89.5" not in text and "2011-12-31" not in text
    assert [cell_text(v) for v in (89.0, Decimal("89.50"), 1234567, 1234, dt.date(2011, 12, 31), 0.5, None)] == [
        "89",
        "89,50",
        "1 234 567",
        "1234",
        "31.12.2011",
        "0,50",
        "",
    ]


def test_download_names_say_what_the_file_is():
    day = dt.date(2026, 11, 25)
    assert (
        download_name("podsumowanie", "pdf", code="LEZ-CNA-2011", day=day) == "LEZ-CNA-2011_podsumowanie_2026-11-25.pdf"
    )
    assert download_name("Lista obecności — Warsztat ŁÓDŹ", "pdf", code="A/1", day=day) == (
        "A-1_lista-obecnosci-warsztat-lodz_2026-11-25.pdf"
    )
