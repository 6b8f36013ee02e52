"""Reading charts back in tests: the SVG a screen shows (integra.core.svgcharts) and the drawing in a PDF."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

SVG = "{http://www.w3.org/2000/svg}"


def svg_in(html: str, figure_id: str) -> ElementTree.Element:
    """The SVG inside `<figure id="figure_id">` of a page, parsed (it must be well-formed XML)."""
    match = re.search(rf'<figure[^>]* id="{re.escape(figure_id)}"[^>]*>(.*?)</figure>', html, re.S)
    assert match, f"no figure {figure_id!r} on the page"
    return ElementTree.fromstring(match[1])  # noqa: S314 — our own page, in a test


def texts(svg: ElementTree.Element) -> list[tuple[str, str]]:
    """(text, anchor) of every text of the chart, in drawing order."""
    return [(t.text or "", t.get("text-anchor", "start")) for t in svg.iter(f"{SVG}text")]


def bar_rows(svg: ElementTree.Element) -> list[tuple[str, tuple[str, ...]]]:
    """A bar chart's rows as printed: (label, the value printed beside each bar); the legend left out.
    A label too long for the chart ends in „…”."""
    rows: list[tuple[str, list[str]]] = []
    for text, anchor in texts(svg):
        if anchor == "end":  # a row's label, right-aligned against the axis
            rows.append((text, []))
        elif rows:
            rows[-1][1].append(text)
    return [(label, tuple(values)) for label, values in rows]


def name_and_description(svg: ElementTree.Element) -> tuple[str, str]:
    """The accessible name (the <title> aria-labelledby points at) and description (aria-describedby)."""
    by_id = {element.get("id"): element.text or "" for element in svg.iter() if element.get("id")}
    assert svg.get("role") == "img"
    return by_id[svg.get("aria-labelledby")], by_id.get(svg.get("aria-describedby"), "")


def pdf_drawing_pages(content: bytes) -> list[dict]:
    """Per page of a PDF: its text, how many raster images it embeds, and whether it draws vector shapes
    (filled rectangles `re f*` and stroked paths `m … l S`, as reportlab's graphics write them)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        contents = page.get_contents()
        stream = contents.get_data() if contents is not None else b""
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        images = [name for name, ref in dict(xobjects).items() if ref.get_object().get("/Subtype") == "/Image"]
        pages.append(
            {
                "text": page.extract_text(),
                "images": len(images) + len(page.images),
                "rectangles": len(re.findall(rb" re f\*?\s", stream)),
                "strokes": len(re.findall(rb" l\s+S\s", stream)),
            }
        )
    return pages
