"""The five seed articles replayed (issue 10): each story records its centre's work through the services.

`register()` adds one demo step per article after the base data (centres, staff, people); the
published figures then come out of Integra's own reports — see docs/articles.md.
"""

from __future__ import annotations

from collections.abc import Callable

from integra.demo.generator import STEPS, CentreData, DemoContext, register_step
from integra.demo.stories import (
    present_day,
    rpo2014_skarzysko,
    seed000_siemianowice,
    seed001_skarzysko,
    seed002_oswiecim,
    seed003_sochaczew,
    seed004_lezajsk,
)

# (step name, centre slug, story)
STORIES: tuple[tuple[str, str, Callable[[DemoContext, CentreData], None]], ...] = (
    ("article-000", "siemianowice", seed000_siemianowice.play),
    ("article-001", "skarzysko", seed001_skarzysko.play),
    ("article-002", "oswiecim", seed002_oswiecim.play),
    ("article-003", "sochaczew", seed003_sochaczew.play),
    ("article-004", "lezajsk", seed004_lezajsk.play),
    ("rpo-2014-2020", "skarzysko", rpo2014_skarzysko.play),  # issue 19: a project of each programming period
)


def _step(slug: str, play: Callable[[DemoContext, CentreData], None]) -> Callable[[DemoContext], None]:
    def run(ctx: DemoContext) -> None:
        centre = next(c for c in ctx.centres if c.spec.slug == slug)
        play(ctx, centre)

    return run


# The present-day project (issue 14): dated from the day the demo is loaded, after the articles.
PRESENT: tuple[tuple[str, str, Callable[[DemoContext, CentreData], None]], ...] = tuple(
    (f"present-{slug}", slug, present_day.play) for slug in present_day.SLUGS
)


def register(*, articles: bool = True, present: bool = True) -> None:
    """Run the five stories and the present-day project after the base demo data (idempotent)."""
    unregister()
    for name, slug, play in (STORIES if articles else ()) + (PRESENT if present else ()):
        register_step(name, _step(slug, play))


def unregister() -> None:
    """Leave only the base demo data (the steps list is module state shared by every run in a process)."""
    names = {name for name, _slug, _play in STORIES + PRESENT}
    STEPS[:] = [step for step in STEPS if step.name not in names]
