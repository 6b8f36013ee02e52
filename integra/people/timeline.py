"""The participant's timeline: sections other apps contribute to the participant detail page.

An app declares its section in its own `timeline.py`, found on first use (Django's `autodiscover_modules`, as
job kinds and reports are found; docs/DEVELOPING.md „Plug-ins”):

    from integra.people.timeline import register_section

    def contracts_section(membership, participant):
        contracts = SocialContract.objects.for_membership(membership).filter(participant=participant)
        if not can_view_case_notes(membership):
            return None
        return "casework/_participant_contracts.html", {"contracts": contracts}

    register_section(contracts_section, order=30)

The detail page renders every section that returns a template name with its context (and nothing of
the page's); returning None leaves the section out (nothing to show, or the role may not see it).
Sections are scoped by the callable: always read through `for_membership`.

The rendered sections are cached (`rendered_sections`, the cache `timeline`: Redis when the installation
has one, else each process's memory) under a key of ids and versions only — the centre, the membership
that reads (its roles decide what it sees), the person, the person's and the centre's versions kept by
the database (integra.people.stamps), the language, the day (consents in force, dates) and the release.
A section must therefore show only what the tables its app stamps hold (a new section's app adds its tables'
triggers in a migration, see integra.people.stamps) and nothing that depends on the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

from integra.core.cache import fragment_get, fragment_set
from integra.people import stamps

Section = Callable[[Any, Any], "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class TimelineSection:
    template: str
    context: dict[str, Any]
    html: str = ""  # rendered (SafeString) by `rendered_sections`


_registry: list[tuple[int, str, Section]] = []
_discovered = False


def register_section(section: Section, *, order: int = 100) -> Section:
    """Add a section (idempotent per callable); lower `order` shows first. Usable as a decorator."""
    key = f"{section.__module__}.{section.__qualname__}"
    if not any(existing == key for _, existing, _ in _registry):
        _registry.append((order, key, section))
        _registry.sort(key=lambda item: (item[0], item[1]))
    return section


def unregister_section(section: Section) -> None:
    """Remove a section (tests)."""
    key = f"{section.__module__}.{section.__qualname__}"
    _registry[:] = [item for item in _registry if item[1] != key]


def sections_for(membership: Any, participant: Any) -> list[TimelineSection]:
    """The sections to show for this person to this membership, in order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("timeline")
        _discovered = True
    shown = []
    for _order, _key, section in _registry:
        result = section(membership, participant)
        if result is not None:
            template, context = result
            shown.append(TimelineSection(template=template, context=dict(context)))
    return shown


CACHE = "timeline"
_RELEASE = version("integra")


def _cache_key(membership: Any, participant: Any) -> str | None:
    """Ids and versions only (no name, no PESEL); None while the person or the centre has no version yet."""
    person, centre = stamps.current(participant.pk, participant.institution_id)
    if person is None or centre is None:
        stamps.ensure(participant.pk, participant.institution_id, person=person is None, centre=centre is None)
        return None
    day = timezone.localdate().isoformat()
    language = translation.get_language()
    return (
        f"{participant.institution_id}:{membership.pk}:{participant.pk}:{person}:{centre}:{language}:{day}:{_RELEASE}"
    )


def rendered_sections(membership: Any, participant: Any) -> list[TimelineSection]:
    """`sections_for`, rendered, from the cache while nothing they show has changed."""
    if participant.institution_id != getattr(membership, "institution_id", None):
        return []
    key = _cache_key(membership, participant)
    if key is not None:
        cached = fragment_get(CACHE, key)
        if cached is not None:
            return [TimelineSection(template=template, context={}, html=SafeString(html)) for template, html in cached]
    shown = [
        TimelineSection(
            template=s.template, context=s.context, html=SafeString(render_to_string(s.template, s.context))
        )
        for s in sections_for(membership, participant)
    ]
    if key is not None:
        fragment_set(CACHE, key, [(s.template, str(s.html)) for s in shown])
    return shown
