"""Whether what a screen or a file shows speaks Polish: no program identifiers (`letters_of_thanks`), no English
words, no numbers or dates in a non-Polish form (89.0, 1,234.56, 2011-12-31), and downloads named by what they are.

`walk(crawl, who, urls)` reads each screen of a crawl (integra.core.testing.crawl) and every link it offers; a link
that answers its reader 403 is a finding too (STYLE.md: the links a screen shows ask the same predicates).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import openpyxl
from pypdf import PdfReader

from integra.core.testing import markup

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# A catalogue code shown as it is kept („career-counselling”, „social-skills-training”): lower-case words joined by
# hyphens, one of them English (Polish compounds such as „korekcyjno-edukacyjny” and „e-mail” pass).
KEBAB_CODE = re.compile(r"(?<![\w/.-])[a-z]+(?:-[a-z]+)+(?![\w/.-])")
CODE_WORDS = frozenset(
    [
        "counselling",
        "training",
        "course",
        "skills",
        "therapy",
        "workshop",
        "workshops",
        "advice",
        "internship",
        "coaching",
    ]
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A decimal point where Polish has a comma: „89.0”, „89.50”, „1200.00”, „1234.5”. Budget line and measure
# numbers („1.1”, „7.1”, „7.1.1”) are codes and pass; so do dates (31.12.2011) and months (01.2011).
DOT_DECIMAL = re.compile(r"(?<![\d.,/])(?:\d+\.0|\d+\.\d{2}|\d{3,}\.\d+)(?![\d.,])")
MONTH_YEAR = re.compile(r"^(0[1-9]|1[0-2])\.\d{4}$")
COMMA_THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\.\d+\b|\b\d{1,3}(?:,\d{3}){2,}\b")
# „1234,56 zł” or „1234,5 %” where Polish writes „1 234,56 zł”, „1 234,5 %” (a figure with decimals has its thousands
# apart from four digits on, as |money and |percent write it).
UNGROUPED_AMOUNT = re.compile(r"(?<![\d.,])\d{4,},\d+\b")
# „13700” where Polish writes „13 700”: a whole number of five to eight digits standing alone (PESEL has eleven,
# phone numbers nine; codes and document numbers carry dots, slashes or hyphens).
UNGROUPED_NUMBER = re.compile(r"(?<![\d.,/\-–:#])\d{5,8}(?![\d.,/\-–:])")
# English words that are not also Polish words (so „list”, „data”, „status”, „plan” are absent).
_ENGLISH_WORDS = """
the and with from your you will session expire expires expired save edit delete cancel search export download
none true false yes total name participant participants project projects report reports minutes sign submit
page next previous back add new show open close error warning required optional budget expense expenses
attendance activity activities sessions staff contract contracts letter letters thanks people person women
men unknown other not for this that are has have been please choose field number amount month year week
january february march april june july august september october november december monday tuesday wednesday
thursday friday saturday sunday fte key jobs job points record records failed done running
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
DASHES = re.compile(r"-{5,}")
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
        self.headings: list[str] = []  # <title>, <h1>, <h2>: a screen's and a section's name start with a capital
        self._skip = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "template", "code"}:  # <code>: placeholders and codes typed as they are
            self._skip += 1
        if tag in {"title", "h1", "h2"}:
            self._heading = []
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
        if tag in {"title", "h1", "h2"} and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        if not self._skip and data.strip():
            self.parts.append(data)


def heading_problems(headings: Iterable[str]) -> Iterator[str]:
    """A page's title or heading that starts with a small letter („indywidualne plany…” from a model's plural
    name): a screen's name is written as a name."""
    for heading in headings:
        if heading[:1].islower():  # „3 miesiące po zakończeniu” starts with its number, as it should
            yield f"heading starts with a small letter {heading!r}"


def problems(text: str, *, numbers: bool = True) -> Iterator[str]:
    if DASHES.search(text):  # Django's blank choice of a select, where core.forms names it („— wybierz —”)
        yield "a choice or value shown as dashes '---------'"
    for match in SNAKE_CASE.findall(text):
        yield f"identifier {match!r}"
    for match in KEBAB_CODE.findall(text):
        if set(match.split("-")) & (ENGLISH | CODE_WORDS):
            yield f"code {match!r}"
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
    for match in UNGROUPED_NUMBER.findall(text):
        yield f"number without grouping {match!r}"


def read(kind: str, body: bytes) -> tuple[list[str], list[str], bool, list[str]]:
    """(texts, links, numbers checked, headings) of an answer, by its content type."""
    if kind.startswith("text/html"):
        parser = Visible()
        parser.feed(body.decode())
        return [" ".join(parser.parts)], parser.links, True, parser.headings
    if kind.startswith("application/pdf"):
        return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages], [], True, []
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = []
        for ws in book.worksheets:
            cells += [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        return cells, [], False, []
    if kind.startswith("text/csv"):
        text = body.decode("utf-8-sig")
        return [" ".join(cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row)], [], False, []
    return [], [], False, []


def _followable(href: str, page: str) -> str | None:
    """The link's path and query on this site, resolved against the page it is on (a file offered as „?format=pdf”
    is the page's own path with that query); None for another site, a fragment or what the walk leaves out."""
    if href.startswith("#"):
        return None
    parts = urlsplit(urljoin(f"http://testserver{page}", href))
    if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Reading:
    """What one answer shows that a user must not see (problem, path), and the links it offers."""

    findings: tuple[tuple[str, str], ...] = ()
    links: tuple[str, ...] = ()


def reading(crawl: Any, who: str, url: str) -> Reading:
    """The crawl's answer to `who` for `url`, read once."""
    key = (who, url)
    if key not in crawl.readings:
        crawl.readings[key] = _read_answer(crawl.get(who, url), url)
    return crawl.readings[key]


def _read_answer(answer: Any, url: str) -> Reading:
    if answer.status != 200:
        return Reading()
    findings: list[tuple[str, str]] = []
    if answer.disposition and not DOWNLOAD_NAME.search(answer.disposition):
        findings.append((f"download not named by what it is: {answer.disposition}", url))
    try:
        texts, links, numbers, headings = read(answer.content_type, answer.body)
    except Exception as exc:  # a download that does not open is a finding too
        return Reading(((f"unreadable {answer.content_type}: {exc}", url),))
    path = urlsplit(url).path
    if answer.content_type.startswith("text/html"):
        findings += [(problem, path) for problem in markup.problems(answer.body.decode())]
    findings += [(problem, path) for text in texts for problem in problems(text, numbers=numbers)]
    findings += [(problem, path) for problem in heading_problems(headings)]
    targets = {target for href in links if (target := _followable(href, url))}
    return Reading(tuple(findings), tuple(sorted(targets)))


def walk(crawl: Any, who: str, urls: Iterable[str]) -> dict[str, set[str]]:
    """Read each screen of `urls` as `who` and every link it offers (a linked page's own links are not followed).

    Returns each finding with the paths it was found on; a link that answers `who` 403 is a finding on its page."""
    found: dict[str, set[str]] = {}
    for url in urls:
        page = reading(crawl, who, url)
        for target in page.links:
            for problem, path in reading(crawl, who, target).findings:
                found.setdefault(problem, set()).add(path)
            if crawl.get(who, target).status == 403:
                found.setdefault(f"link answers 403 for {who}: {target}", set()).add(url)
        for problem, path in page.findings:
            found.setdefault(problem, set()).add(path)
    return found


def report(found: dict[str, set[str]]) -> str:
    """The findings, one a line, with up to four of the paths each was found on."""
    lines = "\n".join(f"{what}  ← {', '.join(sorted(where)[:4])}" for what, where in sorted(found.items()))
    return f"{len(found)} problems:\n{lines}"
