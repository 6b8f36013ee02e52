"""Every screen each role can reach speaks Polish, and every link it shows that role opens.

The walk starts from the authorisation matrix (every GET row the role is allowed, with real objects
of the centre) and follows each link a page offers once per role. On every page, PDF and export it
looks for what a social worker must never see: program identifiers (`letters_of_thanks`), English
words, and numbers or dates in a non-Polish form (89.0, 1,234.56, 2011-12-31). A link that answers
the role with 403 is a link the screen should not have offered (STYLE.md: links ask the predicates).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import openpyxl
import pytest
from pypdf import PdfReader

from integra.core.testing.authz import all_rules, build_world, role_clients, rule_url

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::ResourceWarning")]

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A decimal point where Polish has a comma: „89.0”, „89.50”, „1200.00”, „1234.5”. Budget line and measure
# numbers („1.1”, „7.1”, „7.1.1”) are codes and pass; so do dates (31.12.2011) and months (01.2011).
DOT_DECIMAL = re.compile(r"(?<![\d.,/])(?:\d+\.0|\d+\.\d{2}|\d{3,}\.\d+)(?![\d.,])")
MONTH_YEAR = re.compile(r"^(0[1-9]|1[0-2])\.\d{4}$")
COMMA_THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\.\d+\b|\b\d{1,3}(?:,\d{3}){2,}\b")
UNGROUPED_AMOUNT = re.compile(r"(?<![\d ])\d{4,},\d{2}\b")
# English words that are not also Polish words (so „list”, „data”, „status”, „plan” are absent).
ENGLISH = frozenset("""
the and with from your you will session expire expires expired save edit delete cancel search export download
none true false yes total name participant participants project projects report reports minutes sign submit
page next previous back add new show open close error warning required optional budget expense expenses
attendance activity activities sessions staff contract contracts letter letters thanks people person women
men unknown other not for this that are has have been please choose field number amount month year week
january february march april june july august september october november december monday tuesday wednesday
thursday friday saturday sunday
""".split())  # noqa: SIM905 (a word list reads better as text)
# `LEZ-CNA-2011_podsumowanie_2026-11-25.pdf`: code, the document's Polish name, the day (core.exports.download_name).
DOWNLOAD_NAME = re.compile(r'filename="(?:[A-Za-z0-9-]+_)?[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.(pdf|xlsx|csv|zip)"')
# The HTTP API and its schema are machine interfaces (English there is fine, docs/DEVELOPING.md).
SKIP_PREFIXES = ("/admin/", "/static/", "/i18n/", "/accounts/logout", "/api/")


class Visible(HTMLParser):
    """The text a user sees or hears: element text and the labels in title/aria-label/placeholder/alt."""

    LABELS = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "template", "code"}:  # <code>: placeholders and codes typed as they are
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in self.LABELS:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template", "code"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def problems(text: str, *, numbers: bool = True) -> Iterator[str]:
    for match in SNAKE_CASE.findall(text):
        yield f"identifier {match!r}"
    for word in re.findall(r"[^\W\d_]+", text):  # whole words, Polish letters included („hasło” is not „has”)
        if word.lower() in ENGLISH:
            yield f"English {word!r}"
    if not numbers:
        return
    for match in ISO_DATE.findall(text):
        yield f"ISO date {match!r}"
    for match in DOT_DECIMAL.findall(text):
        if not MONTH_YEAR.match(match):
            yield f"number {match!r}"
    for match in COMMA_THOUSANDS.findall(text):
        yield f"number {match!r}"
    for match in UNGROUPED_AMOUNT.findall(text):
        yield f"amount without grouping {match!r}"


def read(response) -> tuple[list[str], list[str], bool]:
    """(texts, links, numbers checked) of a response, by its content type."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("text/html"):
        parser = Visible()
        parser.feed(body.decode())
        return [" ".join(parser.parts)], parser.links, True
    if kind.startswith("application/pdf"):
        return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages], [], True
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = []
        for ws in book.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            # The summaries' „Klucz JSON” column names each figure's JSON key on purpose (docs/reports.md).
            keys = {i for i, v in enumerate(rows[0] if rows else ()) if v == "Klucz JSON"}
            cells += [v for row in rows for i, v in enumerate(row) if isinstance(v, str) and i not in keys]
        return cells, [], False
    if kind.startswith("text/csv"):
        text = body.decode("utf-8-sig")
        return [" ".join(cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row)], [], False
    return [], [], False


def _followable(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_reachable_screen_speaks_polish_and_offers_only_links_it_may_open():
    world = build_world()
    clients = role_clients(world)
    findings: dict[str, set[str]] = {}
    for role, client in clients.items():
        start = [url for rule in all_rules()
                 if rule.method == "GET" and role in rule.allowed and not rule.name.endswith("*") and 200 in rule.ok
                 and not (url := rule_url(rule, world, 0)).startswith(SKIP_PREFIXES)]
        seen: set[str] = set()
        queue = [(url, None) for url in start]
        while queue:
            url, linked_from = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code == 403 and linked_from:
                findings.setdefault(f"link answers 403 for {role}: {url}", set()).add(linked_from)
            if response.status_code != 200:
                continue
            disposition = response.get("Content-Disposition", "")
            if disposition and not DOWNLOAD_NAME.search(disposition):
                findings.setdefault(f"download not named by what it is: {disposition}", set()).add(url)
            try:
                texts, links, numbers = read(response)
            except Exception as exc:  # a download that does not open is a finding too
                findings.setdefault(f"unreadable {response.get('Content-Type')}: {exc}", set()).add(url)
                continue
            for text in texts:
                for problem in problems(text, numbers=numbers):
                    findings.setdefault(problem, set()).add(urlsplit(url).path)
            if linked_from is None:  # links of the matrix's screens; a linked page's own links are not followed
                queue.extend((target, url) for href in links if (target := _followable(href)))
    report = "\n".join(f"{what}  ← {', '.join(sorted(where)[:4])}" for what, where in sorted(findings.items()))
    assert not findings, f"{len(findings)} problems:\n{report}"


def test_the_403_page_keeps_the_signed_in_users_menu(accountant):
    response = accountant.client.get("/people/households/new/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Brak dostępu" in html
    assert 'id="nav-projects"' in html and "/finance/" in html  # the accountant's own menu
    assert 'id="logout"' in html
