"""WCAG 2.1 AA on every screen each role can reach (issue 15, points 1 and 5), on a tablet and on a phone.

One browser walks the crawl's screens (integra/core/testing/crawl.py `screens`: the authorisation matrix's GET
screens with real objects of centre A), signed in as each role in turn (one page per role), plus the sign-in
page, a failed sign-in, 403 and 404. On each screen:
- axe-core (axe-playwright-python's bundled axe.min.js: nothing is fetched) with the wcag2a, wcag2aa,
  wcag21a and wcag21aa rules, colour contrast of text (≥ 4.5:1) included;
- what axe does not check, computed here from the styles: every focusable element shows a focus outline
  of ≥ 3:1 against what is behind it, and every form control is told apart from its background by ≥ 3:1
  (WCAG 1.4.11, 2.4.7);
- the page title, which must differ from every other screen's (WCAG 2.4.2);
- the layout at 1024 px (tests/test_tablet_layout.py's LAYOUT_CHECKS, on every screen of every role): no
  sideways page scroll, wide tables only inside a named, focusable scrolling region, no clipped cell text,
  no amount, percentage or code that can break inside itself;
- the same page narrowed to a phone's 390 px (tests/test_phone_layout.py's PHONE_CHECKS): no sideways scroll,
  no heading that runs out of its box or the window; and, once per role, the phone menu's groups
  (MENU_CHECKS). The centre's projects carry the long codes the regional programmes give them.
The header and footer are the same on every screen of one role, so they are checked once per role; the
main region is checked once per distinct markup (a screen identical to one already checked — the same
view shown to two roles — is not checked twice).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import CHROMIUM, CHROMIUM_ARGS, _wait_for_live_server_requests
from integra.core.testing.authz import MATRIX_ROLES, all_rules, role_and_specialty
from integra.core.testing.crawl import DOWNLOAD, screen_url, screens
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import MembershipFactory
from integra.institutions.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# Runs in the page: focus each visible focusable element inside `root` and read its computed outline; and
# the border (or fill) of each form control against the colour behind it. Returns what falls short.
STYLE_CHECKS = r"""
(rootSelector) => {
  const root = document.querySelector(rootSelector) || document.body;
  const parse = (c) => { const m = c.match(/[\d.]+/g); if (!m) return null;
    return {r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const blend = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const behind = (el) => { // the colour a thing drawn around `el` sits on
    const layers = [];
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) colour = blend(layers[i], colour);
    return colour;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.getAttribute("name") ? "[name=" + el.getAttribute("name") + "]" : "") +
    " «" + (el.innerText || el.value || el.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().slice(0, 30) + "»";
  const problems = [];
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const elements = Array.from(root.querySelectorAll(selector)).filter(
    (el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden");
  for (const el of elements) {
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const cs = getComputedStyle(el);
    const width = parseFloat(cs.outlineWidth);
    const outline = parse(cs.outlineColor);
    if (cs.outlineStyle === "none" || width < 2 || !outline) {
      problems.push(`no focus outline on ${name(el)} (${cs.outlineStyle} ${cs.outlineWidth})`);
    } else {
      const r = ratio(blend(outline, behind(el)), behind(el));
      if (r < 3) problems.push(`focus outline ${r.toFixed(2)}:1 on ${name(el)}`);
    }
    el.blur();
    const control = el.matches("input:not([type=submit],[type=button],[type=reset],[type=image],[type=file]), select, textarea");
    if (el.matches("input[type=file]")) { // the visible control is its „choose file” button
      const button = getComputedStyle(el, "::file-selector-button");
      const fill = parse(button.backgroundColor), back = behind(el);
      if (!fill || ratio(blend(fill, back), back) < 3) problems.push(`file button of ${name(el)} does not stand out`);
    }
    if (control) {
      const back = behind(el);
      const border = parse(cs.borderTopColor), fill = parse(cs.backgroundColor);
      const borderRatio = parseFloat(cs.borderTopWidth) > 0 && border ? ratio(blend(border, back), back) : 0;
      const fillRatio = fill && fill.a > 0 ? ratio(blend(fill, back), back) : 0;
      if (Math.max(borderRatio, fillRatio) < 3) {
        problems.push(`control ${name(el)} stands out ${Math.max(borderRatio, fillRatio).toFixed(2)}:1`);
      }
    }
  }
  return problems;
}
"""

NORMALISE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|value="/[^"]*"')


def _screens(world) -> dict[str, list[tuple[str, str]]]:
    """Per role, the crawl's screens that answer with a page: no download, no JSON of the REST API and no Swagger
    page (a developers' tool)."""
    return {
        role: [(name, url) for name, url in urls if not DOWNLOAD.search(url) and name not in {"health", "api:docs"}]
        for role, urls in screens(world).items()
    }


def _signed_in_context(browser, live_server, role: str, world):
    user = UserFactory(username=f"axe-{role}", first_name="Ewa", last_name="Dostępna")
    membership_role, specialty = role_and_specialty(role)
    MembershipFactory(user=user, institution=world.a, role=membership_role, specialty=specialty)
    client = Client()
    verified_login(client, user)
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 1024, "height": 768})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


class Walk:
    def __init__(self):
        self.axe = Axe()
        self.failures: list[str] = []
        self.checked: set[str] = set()
        self.titles: dict[str, set[str]] = defaultdict(set)  # title -> screens (URL names) that show it
        self.pages = 0

    def check(self, page, where: str, screen: str, *, whole_page: bool, titled: bool = True) -> None:
        self.pages += 1
        if titled:
            if screen not in {"403", "404"}:  # the view that answered: two URL names of one view are one screen
                with contextlib.suppress(Resolver404):
                    screen = resolve(urlsplit(page.url).path).view_name
            self.titles[page.title()].add(screen)
        if page.locator("main").count() != 1:
            self.failures.append(f"{where}: no single <main> landmark")
            whole_page = True
        root = "body" if whole_page else "main"
        html = NORMALISE.sub("", page.inner_html(root))
        key = hashlib.sha256(f"{root}\n{html}".encode()).hexdigest()
        if key in self.checked:
            return
        self.checked.add(key)
        context = None if whole_page else "main"
        results = self.axe.run(page, context=context, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            self.failures.append(f"{where}: {violation['id']} ({violation['help']}) at {targets}")
        for problem in page.evaluate(STYLE_CHECKS, root):
            self.failures.append(f"{where}: {problem}")


def html_pages(page, screens: list[tuple[str, str]]):
    """Open each (URL name, URL) of `screens` in `page`; yield (name, URL, response) of each whole HTML page.

    Downloads and htmx fragments (checked inside the page that loads them) are passed over. The walk of
    every screen of every role is this generator over `_screens(world)[role]`, one page per role.
    """
    from playwright.sync_api import Error as PlaywrightError

    for name, url in screens:
        try:
            response = page.goto(url)
        except PlaywrightError as exc:  # a download the URL does not show in its name
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if "<html" not in response.text()[:1000].lower():  # an htmx fragment, checked in its page
            continue
        yield name, url, response


@contextlib.contextmanager
def chromium(live_server):
    """One headless Debian chromium for a whole walk, cleaned up so that the test database can be dropped."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                _wait_for_live_server_requests()
                # ORM calls made while Playwright's loop runs use their own connection (see conftest.py):
                # close it in the same context, or PostgreSQL cannot drop the test database.
                connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.walk
def test_every_screen_of_every_role_meets_wcag_21_aa_and_fits_a_tablet_and_a_phone(live_server):
    from tests.test_phone_layout import long_codes, phone_checks, phone_menu_checks
    from tests.test_tablet_layout import LAYOUT_CHECKS

    world = build_world()
    long_codes(world)
    per_role = _screens(world)
    assert set(per_role) == set(MATRIX_ROLES)
    walk = Walk()
    phone_pages = 0
    with chromium(live_server) as browser:
        _public_screens(browser, live_server, walk)
        for role in MATRIX_ROLES:
            context = _signed_in_context(browser, live_server, role, world)
            page = context.new_page()
            first = True
            for name, url, response in html_pages(page, per_role[role]):
                where = f"{role} {name} {url}"
                if response.status != 200 and name != "support:attendance":
                    walk.failures.append(f"{where}: HTTP {response.status}")
                    continue
                # the matrix's session has no staff member: only managers mark it, the others see 403
                walk.check(page, where, name, whole_page=first, titled=response.status == 200)
                if response.status == 200:  # and it fits a tablet (tests/test_tablet_layout.py) and a phone
                    walk.failures += [f"{where}: {problem}" for problem in page.evaluate(LAYOUT_CHECKS)]
                    walk.failures += [f"{where}: {problem}" for problem in phone_checks(page, role, name)]
                    phone_pages += 1
                first = False
            _error_screens(page, role, world, walk)
            walk.failures += [f"{role} menu: {problem}" for problem in phone_menu_checks(page, role)]
            context.close()
    shared = {title: sorted(names) for title, names in walk.titles.items() if len(names) > 1}
    walk.failures.extend(f"title {title!r} shared by {names}" for title, names in sorted(shared.items()))
    assert walk.pages > 300
    assert phone_pages > 100
    assert walk.failures == [], f"{len(walk.failures)} problems:\n" + "\n".join(walk.failures)


def _public_screens(browser, live_server, walk: Walk) -> None:
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto("/login/")
    walk.check(page, "anonymous sign-in", "core:login", whole_page=True)
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong-password")
    page.press("input[name=password]", "Enter")
    page.wait_for_selector("#login-errors")
    assert page.title().startswith("Błąd: ")
    walk.check(page, "anonymous failed sign-in", "core:login failed", whole_page=True)
    context.close()


def _error_screens(page, role: str, world, walk: Walk) -> None:
    response = page.goto("/no-such-screen/")
    assert response.status == 404
    walk.check(page, f"{role} 404", "404", whole_page=True)
    forbidden = next(
        rule
        for rule in all_rules()
        if rule.method == "GET"
        and not rule.name.endswith("*")
        and not rule.name.startswith("api:")
        and role not in rule.allowed
        and rule.ok == {200}
    )
    response = page.goto(screen_url(forbidden, world))
    assert response.status == 403, forbidden.name
    walk.check(page, f"{role} 403 {forbidden.name}", "403", whole_page=True)
