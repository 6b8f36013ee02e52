"""Whether a page's markup closes what it opens: the crawl's walk reads every screen with it (polish.walk).

A browser repairs a stray or missing end tag silently, so a screen can look right while a link swallows the
rest of its row, or a list's titles stop being links (`<row href>…</a>`, tests/test_template_markup.py). Only
elements whose end tag HTML requires are checked; `<p>`, `<li>`, `<td>` and the like may close themselves."""

from __future__ import annotations

from html.parser import HTMLParser

_CLOSED = """a article aside button caption code del details div dl em fieldset figure footer form h1 h2 h3 header hgroup
    ins label legend main mark nav ol progress section select small span strong summary table tbody textarea tfoot
    thead ul"""
CLOSED = frozenset(_CLOSED.split())


class Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in CLOSED:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in CLOSED:
            return
        if tag not in self.open:
            self.problems.append(f"markup: </{tag}> closes nothing")
            return
        while (top := self.open.pop()) != tag:
            self.problems.append(f"markup: <{top}> not closed before </{tag}>")


def problems(html: str) -> list[str]:
    """What `html` leaves open or closes without opening."""
    parser = Balance()
    parser.feed(html)
    parser.close()
    return parser.problems + [f"markup: <{tag}> never closed" for tag in parser.open]
