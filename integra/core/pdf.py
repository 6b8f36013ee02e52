"""PDF documents with correct Polish characters (reportlab + DejaVu fonts shipped by matplotlib).

Build a document from flowables: `Document(title=...)`, then `.heading()`, `.paragraph()`,
`.table()`, `.image()`, `.page_break()`, and `.render()` for the bytes.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape

from integra.core.templatetags.integra import format_cell as cell_text

FONT = "IntegraSans"
FONT_BOLD = "IntegraSans-Bold"
# DejaVu ships with matplotlib; found without importing it (a heavy library, see _reportlab()).
_FONT_DIR = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
_registered = False

EU_FUNDING_NOTICE = (
    "Projekt współfinansowany ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego."
)


@functools.cache
def _reportlab() -> SimpleNamespace:
    """reportlab, imported on the first document rather than at start-up (docs/DEVELOPING.md, "Heavy libraries")."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    return SimpleNamespace(
        colors=colors, TA_CENTER=TA_CENTER, A4=A4, landscape=landscape, ParagraphStyle=ParagraphStyle,
        getSampleStyleSheet=getSampleStyleSheet, mm=mm, pdfmetrics=pdfmetrics, TTFont=TTFont, Image=Image,
        PageBreak=PageBreak, Paragraph=Paragraph, SimpleDocTemplate=SimpleDocTemplate, Spacer=Spacer, Table=Table,
        TableStyle=TableStyle,
    )


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    rl = _reportlab()
    rl.pdfmetrics.registerFont(rl.TTFont(FONT, str(_FONT_DIR / "DejaVuSans.ttf")))
    rl.pdfmetrics.registerFont(rl.TTFont(FONT_BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
    rl.pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


def _styles() -> dict[str, Any]:
    rl = _reportlab()
    base = rl.getSampleStyleSheet()
    return {
        # A heading never ends a page: it keeps with what follows it.
        "title": rl.ParagraphStyle("ITitle", parent=base["Title"], fontName=FONT_BOLD, fontSize=16, leading=20,
                                   keepWithNext=1),
        "h2": rl.ParagraphStyle("IH2", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=12, leading=15,
                                keepWithNext=1),
        "body": rl.ParagraphStyle("IBody", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=13),
        "small": rl.ParagraphStyle("ISmall", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10),
        "cell": rl.ParagraphStyle("ICell", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=11),
        "cellb": rl.ParagraphStyle("ICellB", parent=base["BodyText"], fontName=FONT_BOLD, fontSize=9, leading=11),
        "center": rl.ParagraphStyle("ICenter", parent=base["BodyText"], fontName=FONT, fontSize=10, alignment=rl.TA_CENTER),
    }


# A table split across pages leaves at least this many rows on each side (never one row alone).
MIN_ROWS_ON_A_PAGE = 2


class Document:
    """A simple A4 document; text is escaped, so user input never becomes markup."""

    def __init__(self, *, title: str, landscape_mode: bool = False, footer: str = ""):
        rl = _reportlab()
        register_fonts()
        self.title = title
        self.footer = footer
        self.pagesize = rl.landscape(rl.A4) if landscape_mode else rl.A4
        self.styles = _styles()
        self.story: list[Any] = []

    def heading(self, text: str, level: int = 1) -> Document:
        rl = _reportlab()
        self.story.append(rl.Paragraph(escape(str(text)), self.styles["title" if level == 1 else "h2"]))
        return self

    def paragraph(self, text: str, style: str = "body") -> Document:
        rl = _reportlab()
        lines = escape(str(text)).split("\n")
        self.story.append(rl.Paragraph("<br/>".join(lines), self.styles[style]))
        return self

    def spacer(self, height_mm: float = 4) -> Document:
        rl = _reportlab()
        self.story.append(rl.Spacer(1, height_mm * rl.mm))
        return self

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        col_widths_mm: Sequence[float] | None = None,
        row_height_mm: float | None = None,
    ) -> Document:
        rl = _reportlab()
        data = [[rl.Paragraph(escape(str(h)), self.styles["cellb"]) for h in header]]
        data += [[rl.Paragraph(escape(cell_text(c)), self.styles["cell"]) for c in row] for row in rows]
        widths = [w * rl.mm for w in col_widths_mm] if col_widths_mm else None
        heights = [None] + [row_height_mm * rl.mm] * len(rows) if row_height_mm else None
        table = rl.Table(data, colWidths=widths, rowHeights=heights, repeatRows=1,
                         rowSplitRange=(1 + MIN_ROWS_ON_A_PAGE, -MIN_ROWS_ON_A_PAGE))
        table.setStyle(
            rl.TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, rl.colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), rl.colors.HexColor("#e8eef4")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        self.story.append(table)
        return self

    def image(self, png: bytes, width_mm: float = 160, height_mm: float = 80) -> Document:
        rl = _reportlab()
        self.story.append(rl.Image(io.BytesIO(png), width=width_mm * rl.mm, height=height_mm * rl.mm))
        return self

    def page_break(self) -> Document:
        rl = _reportlab()
        self.story.append(rl.PageBreak())
        return self

    def _on_page(self, canvas: Any, doc: Any) -> None:
        rl = _reportlab()
        canvas.saveState()
        canvas.setFont(FONT, 7)
        text = f"{self.footer}  ·  {doc.page}" if self.footer else str(doc.page)
        canvas.drawRightString(self.pagesize[0] - 15 * rl.mm, 10 * rl.mm, text)
        canvas.restoreState()

    def render(self) -> bytes:
        rl = _reportlab()
        buffer = io.BytesIO()
        doc = rl.SimpleDocTemplate(
            buffer, pagesize=self.pagesize, title=self.title, author="Integra",
            leftMargin=15 * rl.mm, rightMargin=15 * rl.mm, topMargin=15 * rl.mm, bottomMargin=18 * rl.mm,
        )
        doc.build(self.story or [rl.Spacer(1, 1)], onFirstPage=self._on_page, onLaterPages=self._on_page)
        return buffer.getvalue()
