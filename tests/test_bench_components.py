"""bench/components.py times the same table each way: every variant draws the participant list's rows alike."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.utils import translation

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import components  # noqa: E402


def _rows(html: str) -> str:
    """The table's body without the whitespace between tags and around cells."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", body).strip()


def test_every_variant_draws_the_same_rows_and_pager(tmp_path):
    names = components.write_templates(tmp_path, cotton=False)
    page = Paginator(components.participants(9), 3).page(2)
    context = {"page": page, "record": True, "sensitive": False, "subject_pages": False}
    with override_settings(TEMPLATES=components.templates_setting(tmp_path, cotton=False)), translation.override("pl"):
        drawn = {label: get_template(name).render(context, RequestFactory().get("/")) for label, name in names.items()}
    assert len(drawn) == 4
    rows = {label: _rows(html) for label, html in drawn.items()}
    assert len(set(rows.values())) == 1, rows
    assert rows["inlined (floor)"].count("<tr>") == 3 and "Wójcik-Źrałek 3" in rows["inlined (floor)"]
    assert all("strona 2 z 3" in html for html in drawn.values())
