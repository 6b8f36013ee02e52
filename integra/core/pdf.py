"""PDF documents with correct Polish characters (reportlab + the DejaVu fonts in `integra/core/fonts`).

Build a document from flowables: `Document(title=...)`, then `.heading()`, `.paragraph()`,
`.table()`, `.chart()`, `.page_break()`, and `.render()` for the bytes. Charts are the screens'
`integra.core.svgcharts` figures drawn with reportlab's graphics: vector shapes and text in the PDF.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape

from integra.core import svgcharts
from integra.core.templatetags.integra import format_cell as cell_text

FONT = "IntegraSans"
FONT_BOLD = "IntegraSans-Bold"
# DejaVu Sans, vendored with its licence (integra/core/fonts/LICENSE).
_FONT_DIR = Path(__file__).resolve().parent / "fonts"
_registered = False

EU_FUNDING_NOTICE = "Projekt współfinansowany ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego."


@functools.cache
def _reportlab() -> SimpleNamespace:
    """reportlab, imported on the first document rather than at start-up (docs/DEVELOPING.md, "Heavy libraries")."""
    from reportlab.graphics.shapes import Drawing, Group, PolyLine, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    return SimpleNamespace(
        colors=colors,
        TA_CENTER=TA_CENTER,
        A4=A4,
        landscape=landscape,
        ParagraphStyle=ParagraphStyle,
        getSampleStyleSheet=getSampleStyleSheet,
        mm=mm,
        pdfmetrics=pdfmetrics,
        TTFont=TTFont,
        Drawing=Drawing,
        Group=Group,
        PolyLine=PolyLine,
        Rect=Rect,
        String=String,
        PageBreak=PageBreak,
        Paragraph=Paragraph,
        SimpleDocTemplate=SimpleDocTemplate,
        Spacer=Spacer,
        Table=Table,
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
        "title": rl.ParagraphStyle(
            "ITitle", parent=base["Title"], fontName=FONT_BOLD, fontSize=16, leading=20, keepWithNext=1
        ),
        "h2": rl.ParagraphStyle(
            "IH2", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=12, leading=15, keepWithNext=1
        ),
        "body": rl.ParagraphStyle("IBody", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=13),
        "small": rl.ParagraphStyle("ISmall", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10),
        "cell": rl.ParagraphStyle(
            "ICell", parent=base["BodyText"], fontName=FONT, fontSize=CELL_SIZE, leading=CELL_LEADING
        ),
        "cellb": rl.ParagraphStyle("ICellB", parent=base["BodyText"], fontName=FONT_BOLD, fontSize=9, leading=11),
        "center": rl.ParagraphStyle(
            "ICenter", parent=base["BodyText"], fontName=FONT, fontSize=10, alignment=rl.TA_CENTER
        ),
    }


# Body cells of a table: DejaVu Sans 9/11 pt, reportlab's default 6 pt padding left and right.
CELL_SIZE, CELL_LEADING, CELL_PADDING = 9, 11, 6

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
        widths = [w * rl.mm for w in col_widths_mm] if col_widths_mm else None
        data = [[rl.Paragraph(escape(str(h)), self.styles["cellb"]) for h in header]]
        data += [[self._cell(c, widths[i] if widths else None) for i, c in enumerate(row)] for row in rows]
        heights = [None] + [row_height_mm * rl.mm] * len(rows) if row_height_mm else None
        table = rl.Table(
            data,
            colWidths=widths,
            rowHeights=heights,
            repeatRows=1,
            rowSplitRange=(1 + MIN_ROWS_ON_A_PAGE, -MIN_ROWS_ON_A_PAGE),
        )
        table.setStyle(
            rl.TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, rl.colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), rl.colors.HexColor("#e8eef4")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    # Cells that fit on one line are plain text in the body's font (see _cell).
                    ("FONT", (0, 1), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
                ]
            )
        )
        self.story.append(table)
        return self

    def _cell(self, value: Any, width: float | None) -> Any:
        """A body cell: plain text when it fits its column on one line, else a Paragraph that wraps.

        A Paragraph parses markup and breaks lines for every cell, which was most of a report's drawing time
        (bench/summary_pdf.py --profile); a figure, a date or a short name needs neither."""
        rl = _reportlab()
        text = cell_text(value)
        fits = width is not None and rl.pdfmetrics.stringWidth(text, FONT, CELL_SIZE) <= width - 2 * CELL_PADDING
        if fits and "\n" not in text:
            return text
        return rl.Paragraph(escape(text), self.styles["cell"])

    def chart(self, figure: svgcharts.Figure, width_mm: float = 170) -> Document:
        """The figure a screen shows as SVG, drawn as vector shapes and text (selectable, in DejaVu Sans)."""
        self.story.append(drawing(figure, width_mm))
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
            buffer,
            pagesize=self.pagesize,
            title=self.title,
            author="Integra",
            leftMargin=15 * rl.mm,
            rightMargin=15 * rl.mm,
            topMargin=15 * rl.mm,
            bottomMargin=18 * rl.mm,
        )
        doc.build(self.story or [rl.Spacer(1, 1)], onFirstPage=self._on_page, onLaterPages=self._on_page)
        return buffer.getvalue()


def drawing(figure: svgcharts.Figure, width_mm: float = 170) -> Any:
    """A reportlab Drawing of the figure, `width_mm` wide: the figure's box scaled, its y axis turned upwards."""
    rl = _reportlab()
    register_fonts()
    colour = functools.cache(rl.colors.HexColor)
    height = figure.height

    def shape(item: svgcharts.Rect | svgcharts.Line | svgcharts.Text) -> Any:
        if isinstance(item, svgcharts.Rect):
            return rl.Rect(
                item.x,
                height - item.y - item.height,
                item.width,
                item.height,
                fillColor=colour(item.fill),
                strokeColor=None,
            )
        if isinstance(item, svgcharts.Text):
            return rl.String(
                item.x, height - item.y, item.text, fontName=FONT, fontSize=svgcharts.FONT_SIZE, textAnchor=item.anchor
            )
        return rl.PolyLine(
            [coordinate for x, y in item.points for coordinate in (x, height - y)],
            strokeColor=colour(item.stroke),
            strokeWidth=item.width,
            strokeDashArray=[6, 4] if item.dashed else None,
        )

    scale = width_mm * rl.mm / svgcharts.WIDTH
    group = rl.Group(*(shape(item) for item in figure.shapes if not isinstance(item, svgcharts.Line) or item.points))
    group.transform = (scale, 0, 0, scale, 0, 0)
    result = rl.Drawing(svgcharts.WIDTH * scale, height * scale)
    result.add(group)
    return result
