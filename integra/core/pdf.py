"""PDF documents with correct Polish characters (reportlab + DejaVu fonts shipped by matplotlib).

Build a document from flowables: `Document(title=...)`, then `.heading()`, `.paragraph()`,
`.table()`, `.image()`, `.page_break()`, and `.render()` for the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT = "IntegraSans"
FONT_BOLD = "IntegraSans-Bold"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_registered = False

EU_FUNDING_NOTICE = (
    "Projekt współfinansowany ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego."
)


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("ITitle", parent=base["Title"], fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle("IH2", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=12, leading=15),
        "body": ParagraphStyle("IBody", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=13),
        "small": ParagraphStyle("ISmall", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10),
        "cell": ParagraphStyle("ICell", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=11),
        "cellb": ParagraphStyle("ICellB", parent=base["BodyText"], fontName=FONT_BOLD, fontSize=9, leading=11),
        "center": ParagraphStyle("ICenter", parent=base["BodyText"], fontName=FONT, fontSize=10, alignment=TA_CENTER),
    }


class Document:
    """A simple A4 document; text is escaped, so user input never becomes markup."""

    def __init__(self, *, title: str, landscape_mode: bool = False, footer: str = ""):
        register_fonts()
        self.title = title
        self.footer = footer
        self.pagesize = landscape(A4) if landscape_mode else A4
        self.styles = _styles()
        self.story: list[Any] = []

    def heading(self, text: str, level: int = 1) -> Document:
        self.story.append(Paragraph(escape(str(text)), self.styles["title" if level == 1 else "h2"]))
        return self

    def paragraph(self, text: str, style: str = "body") -> Document:
        lines = escape(str(text)).split("\n")
        self.story.append(Paragraph("<br/>".join(lines), self.styles[style]))
        return self

    def spacer(self, height_mm: float = 4) -> Document:
        self.story.append(Spacer(1, height_mm * mm))
        return self

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        col_widths_mm: Sequence[float] | None = None,
        row_height_mm: float | None = None,
    ) -> Document:
        data = [[Paragraph(escape(str(h)), self.styles["cellb"]) for h in header]]
        data += [[Paragraph(escape("" if c is None else str(c)), self.styles["cell"]) for c in row] for row in rows]
        widths = [w * mm for w in col_widths_mm] if col_widths_mm else None
        heights = [None] + [row_height_mm * mm] * len(rows) if row_height_mm else None
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        self.story.append(table)
        return self

    def image(self, png: bytes, width_mm: float = 160, height_mm: float = 80) -> Document:
        self.story.append(Image(io.BytesIO(png), width=width_mm * mm, height=height_mm * mm))
        return self

    def page_break(self) -> Document:
        self.story.append(PageBreak())
        return self

    def _on_page(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        text = f"{self.footer}  ·  {doc.page}" if self.footer else str(doc.page)
        canvas.drawRightString(self.pagesize[0] - 15 * mm, 10 * mm, text)
        canvas.restoreState()

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=self.pagesize, title=self.title, author="Integra",
            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
        )
        doc.build(self.story or [Spacer(1, 1)], onFirstPage=self._on_page, onLaterPages=self._on_page)
        return buffer.getvalue()
