"""Every screen each role can reach fits a phone at 390 px, and the phone menu's submenus cover nothing (issue 23,
point 6).

The checks run in the accessibility walk (tests/test_accessibility.py: the crawl's screens, one page per role), on
the page it has already opened at 1024 px, narrowed to 390 × 844, so no screen is opened twice; the centre's
projects are numbered as the programmes number them („RPSW.09.01.00-26-0047/17”: the long codes that were cut off
in the finance and outcomes headings). On each screen a check fails when
- the page scrolls sideways (document.documentElement.scrollWidth > clientWidth);
- a heading's text runs out of its box or out of the window (a code that cannot wrap, cut off at the edge).
On the menu: opened with „Menu”, each group's list, when open, lies inside the window and covers no other item of
the menu (it pushes the items below it down instead of lying over them).

`INTEGRA_SCREENSHOTS=/tmp/dir` saves a screenshot of each screen named in SCREENSHOTS and of each open submenu, to
look at.
"""

from __future__ import annotations

import os
from pathlib import Path

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = {
    "finance:budget-status",
    "finance:expense-list",
    "outcomes:project-outcomes",
    "projects:project-detail",
    "reports:project-indicators",
}

# Runs in the page; returns what does not fit a phone, one line each.
PHONE_CHECKS = r"""
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page scrolls sideways: ${doc.scrollWidth} px in ${doc.clientWidth} px`);
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  for (const heading of document.querySelectorAll("main h1, main h2, main h3, main hgroup > p")) {
    if (!shown(heading)) continue;
    const text = heading.innerText.replace(/\s+/g, " ").trim().slice(0, 50);
    if (heading.scrollWidth > heading.clientWidth + 1) {
      problems.push(`heading runs out of its box: «${text}» ${heading.scrollWidth} px in ${heading.clientWidth} px`);
    }
    for (const part of heading.querySelectorAll("*")) {
      if (shown(part) && part.getBoundingClientRect().right > doc.clientWidth + 1) {
        problems.push(`heading cut off at the window's edge: «${text}»`);
        break;
      }
    }
  }
  return problems;
}
"""

# Runs in the page with the menu open: opens each group in turn; returns what its list covers or leaves the window.
MENU_CHECKS = r"""
async () => {
  const problems = [];
  const menu = document.getElementById("site-menu");
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const width = document.documentElement.clientWidth;
  const groups = Array.from(menu.querySelectorAll("details.dropdown"));
  for (const group of groups) {
    group.querySelector("summary").click();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const list = group.querySelector(":scope > ul");
    const name = group.querySelector("summary").innerText.trim();
    if (!group.open || !list || list.getClientRects().length === 0) { problems.push(`${name}: does not open`); continue; }
    const box = list.getBoundingClientRect();
    if (box.left < 0 || box.right > width + 1) problems.push(`${name}: its list leaves the window (${Math.round(box.left)}–${Math.round(box.right)} px)`);
    const others = Array.from(menu.querySelectorAll("a, summary, button")).filter(
      (el) => !group.contains(el) && el.checkVisibility({opacityProperty: true, visibilityProperty: true}));
    for (const other of others) {
      if (overlap(box, other.getBoundingClientRect())) problems.push(`${name}: its list covers «${other.innerText.trim()}»`);
    }
    group.querySelector("summary").click();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
  if (!groups.length) problems.push("no menu groups");
  return problems;
}
"""


TABLET = {"width": 1024, "height": 768}  # the accessibility walk's window, given back after each phone check


def _screenshots() -> Path | None:
    return Path(os.environ["INTEGRA_SCREENSHOTS"]) if os.environ.get("INTEGRA_SCREENSHOTS") else None


def long_codes(world) -> None:
    """The centre's projects numbered as the regional programmes number them, the longest codes a heading shows."""
    from integra.projects.models import Project

    for n, project in enumerate(Project.objects.filter(institution=world.a).order_by("pk"), start=47):
        Project.objects.filter(pk=project.pk).update(code=f"RPSW.09.01.00-26-{n:04d}/17")


def phone_checks(page, role: str, name: str) -> list[str]:
    """What of the open page does not fit a phone: the page narrowed to 390 px, then widened again."""
    page.set_viewport_size(PHONE)
    try:
        problems = page.evaluate(PHONE_CHECKS)
        shots = _screenshots()
        if shots and name in SCREENSHOTS:
            page.screenshot(path=str(shots / f"{role}-{name.replace(':', '-')}.png"), full_page=True)
    finally:
        page.set_viewport_size(TABLET)
    return [f"phone: {problem}" for problem in problems]


def phone_menu_checks(page, role: str) -> list[str]:
    """The start page's menu on a phone: opened with „Menu”, each group in turn (MENU_CHECKS)."""
    page.set_viewport_size(PHONE)
    try:
        page.goto("/")
        page.click("#menu-toggle")
        problems = page.evaluate(MENU_CHECKS)
        shots = _screenshots()
        if shots and role == "coordinator":
            page.locator("#nav-reporting summary").click()
            page.screenshot(path=str(shots / f"{role}-menu-reporting.png"), full_page=True)
    finally:
        page.set_viewport_size(TABLET)
    return problems
