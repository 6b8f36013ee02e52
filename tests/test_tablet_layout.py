"""Every screen each role can reach fits a tablet, and attendance works on a phone (issue 14, point 3).

LAYOUT_CHECKS run on every screen of the accessibility walk (tests/test_accessibility.py: the authorisation
matrix's GET screens with real objects of centre A, one browser, one page per role, at 1024 × 768), on the
page it has already opened, so the walk is not made twice. On each screen they fail when
- the page itself scrolls sideways (the document is wider than the window);
- a table is wider than the box it sits in and that box is not a region that scrolls sideways, has a
  name and takes keyboard focus (`<div class="overflow-auto" role="region" aria-label="…" tabindex="0">`):
  a column would be cut off, or only a mouse could reach it;
- text in a table cell is clipped (a cell, or something in it, hides what overflows and is too narrow);
- an amount („1 234,56 zł”), a percentage („89,50 %”) or a code („FERS.07.01-IP.05-0001/24”) could
  break across lines: its element must not let white space wrap;
- a choice of a form's select is longer than the select's box (the closed box would show it cut off);
- a word of a heading or a column heading is broken across lines (its column is too narrow for it).
At 390 × 844 the attendance screen does not scroll sideways, keeps the main menu folded behind „Menu”,
shows each person's attendance rate and keeps the marks of a row apart.
"""

from __future__ import annotations

import itertools

import pytest

from integra.institutions.tests.world import build_world
from tests.test_accessibility import _signed_in_context, chromium

# Runs in the page; returns what does not fit, one line each.
LAYOUT_CHECKS = r"""
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page scrolls sideways: ${doc.scrollWidth} px in ${doc.clientWidth} px`);
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const label = (el) => (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const tables = Array.from(document.querySelectorAll("main table")).filter(shown);
  tables.forEach((table, index) => {
    const what = `table ${index + 1}${label(table)} «${(table.querySelector("th") || table).innerText.replace(/\s+/g, " ").trim().slice(0, 25)}»`;
    let scroller = null;
    for (let e = table.parentElement; e && e !== document.body; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow !== "visible") { scroller = {element: e, overflow}; break; }
    }
    const box = scroller ? scroller.element : table.parentElement;
    const width = table.getBoundingClientRect().width;
    if (width <= box.clientWidth + 1) return;
    const region = scroller && ["auto", "scroll"].includes(scroller.overflow) ? scroller.element : null;
    if (!region) {
      problems.push(`${what} is ${Math.round(width)} px in ${box.clientWidth} px and nothing scrolls it: columns are cut off`);
      return;
    }
    const named = region.getAttribute("role") === "region" &&
      ((region.getAttribute("aria-label") || "").trim() || region.getAttribute("aria-labelledby"));
    if (!named || region.getAttribute("tabindex") !== "0") {
      problems.push(`${what} scrolls in ${label(region) || region.tagName} without role=region, a name and tabindex=0`);
    }
  });
  for (const el of document.querySelectorAll("main td, main th, main td *, main th *")) {
    if (!shown(el) || el.clientWidth <= 1) continue;  // visually hidden text is meant for screen readers
    const style = getComputedStyle(el);
    if (!["hidden", "clip"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text cut off in ${el.tagName.toLowerCase()}${label(el)}: «${el.innerText.replace(/\s+/g, " ").trim().slice(0, 40)}»`);
    }
  }
  // Amounts, percentages and codes that could break across lines: measured, not guessed. A probe with the
  // text, placed in the same element (its font, white-space and overflow-wrap), is narrower at its
  // min-content width than at its max-content width only if the line may break inside it.
  const unbreakable = /(?<![\d,])-?\d{1,3}(?: \d{3})+(?:,\d+)?(?: zł)?(?!\d)|-?\d+,\d{2} zł|-?\d+(?:,\d+)? %|\b[A-Z][A-Z0-9]*(?:[-./][A-Z0-9]+)+/g;
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;display:inline-block;left:0;top:0;padding:0;border:0";
  const seen = new Set();
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  for (const node of texts) {
    const parent = node.parentElement;
    if (!parent || !shown(parent) || parent.closest("script, style, template, svg, option, textarea, select, .visually-hidden")) continue;
    for (const match of node.data.matchAll(unbreakable)) {
      parent.appendChild(probe);
      probe.textContent = match[0];
      probe.style.width = "min-content";
      const narrowest = probe.getBoundingClientRect().width;
      probe.style.width = "max-content";
      const widest = probe.getBoundingClientRect().width;
      parent.removeChild(probe);
      if (narrowest + 0.5 >= widest) continue;
      const key = `${label(parent) || parent.tagName.toLowerCase()} «${match[0]}»`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(`may break inside itself: ${key} in <${parent.tagName.toLowerCase()}>`);
    }
  }
  // A closed select shows its chosen line in its own box: a choice longer than the box is cut off. Every
  // choice is measured (any may be the chosen one), in the select's font, against the box less its padding.
  // Every select: forms/field.html widens a form's field of long choices (`.grid-fields`), a filter row starts
  // a select's field at its longest choice (`.filter-row`).
  for (const select of document.querySelectorAll("main select:not([multiple])")) {
    if (!shown(select) || !select.options.length) continue;
    const style = getComputedStyle(select);
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    probe.style.width = "max-content";
    probe.style.font = style.font;
    document.body.appendChild(probe);
    let widest = {width: 0, text: ""};
    for (const option of select.options) {
      probe.textContent = option.text;
      const width = probe.getBoundingClientRect().width;
      if (width > widest.width) widest = {width, text: option.text};
    }
    document.body.removeChild(probe);
    probe.style.font = "";
    if (widest.width > room + 1) {
      problems.push(`choice cut off in select[name=${select.name}]: «${widest.text.slice(0, 40)}» needs ${Math.round(widest.width)} px, has ${Math.round(room)} px`);
    }
  }
  // A column's heading and a fact's name start with a capital (integra.css capitalises their first letter; it
  // cannot reach a letter inside a box of its own, such as an inline-block).
  for (const el of document.querySelectorAll("main thead th, main dt")) {
    if (!shown(el)) continue;
    const words = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node = words.nextNode();
    while (node && !node.data.trim()) node = words.nextNode();
    if (!node || !/^\p{Ll}/u.test(node.data.trim())) continue;
    let capitalised = getComputedStyle(el, "::first-letter").textTransform === "uppercase";
    for (let e = node.parentElement; capitalised && e !== el; e = e.parentElement) {
      if (getComputedStyle(e).display !== "inline") capitalised = false;
    }
    if (!capitalised) problems.push(`starts in lower case: <${el.tagName.toLowerCase()}> «${node.data.trim().slice(0, 30)}»`);
  }
  // A heading's word stays whole: a column too narrow for it broke „Niepełnosprawność” into „Niepełnosprawno / ść”.
  for (const el of document.querySelectorAll("main h1, main h2, main h3, main h4, main thead th")) {
    if (!shown(el)) continue;
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const match of node.data.matchAll(/[\p{L}\p{N}]{4,}/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`word broken across lines: <${el.tagName.toLowerCase()}> «${match[0]}»`);
      }
    }
  }
  // A column of figures is right-aligned, so units sit under units: every filled cell of a body column is a
  // count, an amount, a share or „n / m”, and yet a cell of it is aligned otherwise.
  const figure = /^-?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?: zł| %)?(?: \/ \d+)?$/;
  for (const table of tables) {
    const rows = Array.from(table.tBodies).flatMap((body) => Array.from(body.rows));
    const width = Math.max(0, ...rows.map((row) => row.cells.length));
    for (let column = 0; column < width; column++) {
      const cells = rows.map((row) => row.cells[column]).filter((cell) => cell && cell.colSpan === 1);
      const filled = cells.filter((cell) => !["", "—"].includes(cell.innerText.trim()));
      if (!filled.length || !filled.every((cell) => figure.test(cell.innerText.trim()))) continue;
      const astray = filled.find((cell) => !["right", "end"].includes(getComputedStyle(cell).textAlign));
      if (astray) problems.push(`figures not right-aligned: column ${column + 1} of ${label(table) || "a table"} «${astray.innerText.trim()}»`);
    }
  }
  return problems;
}
"""


# (markup put into the sign-in page's <main>, what the checks must say: None = nothing)
LAYOUT_CASES = [
    (
        '<div class="overflow-auto" role="region" aria-label="Wydatki" tabindex="0"><table><tr><td class="num" data-style="min-width:3000px">'
        '<span class="nowrap">1 234,56 zł</span></td><td class="num">89,50 %</td></tr></table></div>',
        None,
    ),
    ('<div><table><tr><td data-style="min-width:3000px">a</td></tr></table></div>', "nothing scrolls it"),
    (
        '<div data-style="overflow:hidden"><table><tr><td data-style="min-width:3000px">a</td></tr></table></div>',
        "nothing scrolls it",
    ),
    (
        '<div class="overflow-auto"><table><tr><td data-style="min-width:3000px">a</td></tr></table></div>',
        "without role=region",
    ),
    (
        '<div class="overflow-auto" role="region" tabindex="0"><table><tr><td data-style="min-width:3000px">a</td></tr></table></div>',
        "without role=region",
    ),
    (
        '<table><tr><td><div data-style="overflow:hidden;white-space:nowrap;width:3rem">Wielofunkcyjność społeczna</div></td></tr></table>',
        "text cut off",
    ),
    ('<div data-style="width:3000px">szeroko</div>', "page scrolls sideways"),
    ("<p>Razem 1 234,56 zł</p>", "may break inside itself"),
    ("<p>Wykonanie 89,50 %</p>", "may break inside itself"),
    ("<p>Projekt FERS.07.01-IP.05-0001/24</p>", "may break inside itself"),
    ('<p>Razem <span class="nowrap">1 234,56 zł</span>, umowa KS/2/2011 z 31.12.2011</p>', None),
    (
        '<div class="grid-fields" data-style="width:8rem"><select name="variant"><option>krótko</option>'
        "<option>A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji życiowej</option></select></div>",
        "choice cut off in select[name=variant]",
    ),
    (
        '<div class="grid-fields" data-style="width:30rem"><select name="purpose"><option>kontakt</option>'
        "</select></div>",
        None,
    ),
    (
        '<div class="grid"><label>Status<select name="status"><option>wszystkie</option>'
        "<option>osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy</option></select></label>"
        "<label>Grupa<select name=group><option>wszystkie</option></select></label>"
        "<label>Płeć<select name=sex><option>wszystkie</option></select></label></div>",
        "choice cut off in select[name=status]",
    ),
    ("<table><thead><tr><th>cel</th><th>Zakres</th></tr></thead></table><dl><dt>adres</dt></dl>", None),
    (
        '<div data-style="width:9rem"><h3>Niepełnosprawność</h3></div>',
        "word broken across lines: <h3> «Niepełnosprawność»",
    ),
    ('<div data-style="width:9rem"><h3>Płeć i wiek osób</h3></div>', None),
    (
        "<table><tbody><tr><td>Sala 1</td><td>16 / 18</td><td class=num>1 234,56 zł</td></tr>"
        "<tr><td>2</td><td>—</td><td class=num>5,00 zł</td></tr></tbody></table>",
        "figures not right-aligned: column 2",
    ),
    (
        "<table><tbody><tr><td>Sala 1</td><td class=num>16 / 18</td><td>zapisany</td></tr>"
        "<tr><td>12</td><td class=num>7</td><td>12</td></tr></tbody></table>",
        None,
    ),
    (
        '<table><thead><tr><th><span data-style="display:inline-block">kiedy</span></th></tr></thead></table>',
        "starts in lower case: <th> «kiedy»",
    ),
    (
        '<div class="filter-row"><label>Nazwisko<input name="q"></label><label>Status<select name="status">'
        "<option>wszystkie</option><option>osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy</option>"
        "</select></label><label>Grupa<select name=group><option>wszystkie</option></select></label>"
        "<label>Płeć<select name=sex><option>wszystkie</option></select></label></div>",
        None,
    ),
]


@pytest.mark.browser
@pytest.mark.walk
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_layout_checks_find_what_does_not_fit(live_server):
    """The checks the accessibility walk runs on every screen fail on what they are meant to find, and only on it.

    Every case in one chromium page (a browser and a database flush per case took 2–3 s each)."""
    wrong = []
    with chromium(live_server) as browser:
        page = browser.new_page(base_url=live_server.url, viewport={"width": 1024, "height": 768})
        page.goto("/login/")
        for markup, expected in LAYOUT_CASES:
            # inline style attributes are refused by the CSP: the test's styles are set through the CSSOM
            page.evaluate(
                """(html) => { const main = document.querySelector('main'); main.innerHTML = html;
                for (const el of main.querySelectorAll('[data-style]')) el.style.cssText = el.dataset.style; }""",
                markup,
            )
            problems = page.evaluate(LAYOUT_CHECKS)
            found = problems == [] if expected is None else any(expected in problem for problem in problems)
            if not found:
                wrong.append(f"{markup[:80]!r}: expected {expected!r}, got {problems}")
        page.close()
    assert wrong == [], "\n".join(wrong)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_attendance_on_a_phone_keeps_menu_folded_rate_visible_and_marks_apart(live_server):
    world = build_world()
    session = world.objects["support_session"][0]
    with chromium(live_server) as browser:
        context = _signed_in_context(browser, live_server, "coordinator", world)
        page = context.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        response = page.goto(f"/support/sessions/{session.pk}/attendance/")
        assert response.status == 200
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#menu-toggle").is_visible()
        assert not page.locator("#site-menu").is_visible()
        rows = page.locator("#attendance-table tbody tr")
        assert rows.count() >= 1
        for index in range(rows.count()):
            row = rows.nth(index)
            rate = row.locator("[id^=rate-]")
            assert rate.is_visible() and rate.inner_text().strip()  # „100,00 %”, or „—” before the first mark
            boxes = [label.bounding_box() for label in row.locator("fieldset.attendance-marks label").all()]
            assert len(boxes) >= 3
            for a, b in itertools.pairwise(boxes):  # no two marks touch: a finger hits the right one
                apart = b["x"] >= a["x"] + a["width"] + 8 or b["y"] >= a["y"] + a["height"]
                assert apart, (a, b)
            assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)
        page.click("#menu-toggle")
        assert page.locator("#site-menu").is_visible()
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tablet_shows_the_participant_lists_every_column_without_scrolling(live_server):
    """Below 1280 px the page's body takes the whole width less a margin (integra.css): at 1024 px Pico's 950 px
    left the list's seven columns 23 px too wide, so a social worker scrolled sideways to see disability."""
    main = _table_fits_a_tablet(live_server, build_world(), "social_worker", "/people/", "#participant-table", 7)
    assert main["width"] >= 1024 - 2 * 16 - 1  # the whole width less Pico's spacing on each side


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tablet_shows_the_summary_per_activity_without_scrolling(live_server):
    """Nine columns (the group beside each activity) made the coordinator's summary 1069 px wide in 992 at 1024 px;
    the group now sits under the activity's name."""
    from integra.projects.tests.factories import ProjectFactory
    from integra.support.tests.factories import ActivityFactory

    world = build_world()
    project = ProjectFactory(institution=world.a)
    for title in ("Obsługa kasy fiskalnej i fakturowanie", "Magazynier z obsługą wózka widłowego", "Florysta"):
        ActivityFactory(project=project, title=title)
    _table_fits_a_tablet(live_server, world, "coordinator", "/support/activities/summary/", "#summary", 8)


def _table_fits_a_tablet(live_server, world, role: str, url: str, table_id: str, columns: int) -> dict:
    """Opens `url` as `role` at 1024 px and asserts the table shows its `columns` columns within its box (no
    sideways scrolling); returns the bounding box of <main>."""
    with chromium(live_server) as browser:
        context = _signed_in_context(browser, live_server, role, world)
        page = context.new_page()
        page.set_viewport_size({"width": 1024, "height": 768})
        assert page.goto(url).status == 200
        table = page.locator(table_id)
        assert table.locator("thead th").count() == columns
        widths = table.evaluate("t => [t.getBoundingClientRect().width, t.parentElement.clientWidth]")
        assert widths[0] <= widths[1] + 1, widths
        main = page.locator("main").bounding_box()
        context.close()
    return main


def test_keep_together_escapes_text_and_holds_amounts_percentages_and_codes_on_one_line():
    from integra.core.templatetags.integra import keep_together, nowrap

    html = keep_together("P0001-1 <b> · wykorzystano 93,40 % z 1 234,56 zł")
    assert html == (
        '<span class="nowrap">P0001-1</span> &lt;b&gt; · wykorzystano <span class="nowrap">93,40 %</span> '
        'z <span class="nowrap">1 234,56 zł</span>'
    )
    assert nowrap("FERS.07.01-IP.05-0001/24") == '<span class="nowrap">FERS.07.01-IP.05-0001/24</span>'
    assert nowrap("") == "" and keep_together(None) == ""
