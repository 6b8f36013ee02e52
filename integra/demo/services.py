"""demo: reads for the demo commands (the generation itself lives in `generator`)."""

from __future__ import annotations

from dataclasses import dataclass

from integra.demo.generator import CENTRES, REGIONAL_SLUG
from integra.institutions.models import Membership


@dataclass(frozen=True)
class DemoLogin:
    centre: str
    role: str
    username: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts: each centre's staff in the order of the seed articles, then the region."""
    order = {spec.slug: i for i, spec in enumerate(CENTRES)} | {REGIONAL_SLUG: len(CENTRES)}
    memberships = (
        Membership.objects.filter(institution__slug__in=order, is_active=True)
        .select_related("user", "institution")
        .order_by("id")
    )
    rows = sorted(memberships, key=lambda m: (order[m.institution.slug], m.id))
    return [
        DemoLogin(
            centre=m.institution.name
            if m.institution.slug == REGIONAL_SLUG
            else m.institution.city or m.institution.name,
            role=m.get_role_display() + (f" ({m.get_specialty_display()})" if m.role == "specialist" else ""),
            username=m.user.username,
        )
        for m in rows
    ]
