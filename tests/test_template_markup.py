"""Every element a template writes is an HTML element.

The activity list and the recruitment ranking wrote `<row href=…>` for `<a href=…>` (a rename of a loop variable
to `row` that also caught the link's tag): a browser draws an unknown element as plain text, so the titles stopped
being links and no screen test noticed. This reads every template of the project, with Django's tags, variables
and comments taken out, and refuses an element name HTML does not have."""

from __future__ import annotations

import re
from pathlib import Path

import integra

_ELEMENTS = """a abbr address article aside b bdi blockquote body br button caption cite code col colgroup data datalist
    dd del details dfn dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup
    hr html i img input ins kbd label legend li link main mark menu meta meter nav noscript ol optgroup option output
    p picture pre progress q s samp script search section select slot small source span strong style sub summary sup
    table tbody td template textarea tfoot th thead time title tr u ul var wbr
    svg g path rect circle line polyline polygon text tspan defs clippath lineargradient stop desc"""
# <del> and <ins> mark text an edit removed or added: a screen reader announces „deleted”, a browser strikes it
# through. No screen of ours shows an edit, so they are refused too („standard niespełniony” was struck through).
HTML_ELEMENTS = frozenset(_ELEMENTS.split()) - {"del", "ins"}
DJANGO = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")


def unknown_elements(markup: str) -> set[str]:
    return {name for name in TAG.findall(DJANGO.sub("", markup)) if name.lower() not in HTML_ELEMENTS}


def test_every_element_of_every_template_is_html():
    root = Path(integra.__file__).parent
    found = {}
    for template in sorted(root.rglob("templates/**/*.html")):
        unknown = unknown_elements(template.read_text(encoding="utf-8"))
        if unknown:
            found[str(template.relative_to(root))] = sorted(unknown)
    assert found == {}


def test_the_check_finds_a_mistyped_tag_and_ignores_django_syntax():
    assert unknown_elements('<td><row href="{% url "x" row.pk %}">{{ row.title }}</a></td>') == {"row"}
    assert (
        unknown_elements("{% comment %}each app's <app>/_nav.html{% endcomment %}<p>{{ a|default:'<b>' }}</p>") == set()
    )


def test_the_walk_finds_what_a_page_leaves_open_or_closes_twice():
    from integra.core.testing import markup

    assert markup.problems('<td><row href="/a/">Tytuł</a></td>') == ["markup: </a> closes nothing"]
    assert markup.problems("<div><span>Tekst</div>") == [
        "markup: <span> not closed before </div>",
    ]
    assert markup.problems("<main><form><p>Treść") == ["markup: <main> never closed", "markup: <form> never closed"]
    assert markup.problems("<ul><li>jeden<li>dwa</ul><p>akapit<table><tr><td>1</table><br><img src=x>") == []
