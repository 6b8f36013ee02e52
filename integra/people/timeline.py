"""The participant's timeline: sections other apps contribute to the participant detail page.

An app registers a callable once, in its `AppConfig.ready()`:

    from integra.people.timeline import register_section

    def contracts_section(membership, participant):
        contracts = SocialContract.objects.for_membership(membership).filter(participant=participant)
        if not can_view_case_notes(membership):
            return None
        return "casework/_participant_contracts.html", {"contracts": contracts}

    register_section(contracts_section, order=30)

The detail page renders every section that returns a template name (with its context, merged
over the page's context); returning None leaves the section out (nothing to show, or the role
may not see it). Sections are scoped by the callable: always read through `for_membership`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Section = Callable[[Any, Any], "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class TimelineSection:
    template: str
    context: dict[str, Any]


_registry: list[tuple[int, str, Section]] = []


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
    shown = []
    for _order, _key, section in _registry:
        result = section(membership, participant)
        if result is not None:
            template, context = result
            shown.append(TimelineSection(template=template, context=dict(context)))
    return shown
