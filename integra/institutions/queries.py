"""Reads of staff memberships."""

from __future__ import annotations

from typing import Any

from integra.core.cli import Refused
from integra.institutions.models import Institution, Membership

SESSION_KEY = "integra_membership_id"


def memberships_of(user: Any):
    """The active memberships of a user, centre loaded."""
    return Membership.objects.filter(user=user, is_active=True).select_related("institution").order_by("id")


def active_membership(user: Any, preferred_id: int | None) -> Membership | None:
    """The membership chosen in the session, else the user's first one."""
    return chosen_membership(list(memberships_of(user)), preferred_id)


def chosen_membership(memberships: list[Membership], preferred_id: int | None) -> Membership | None:
    """Of a user's active memberships (`memberships_of`), the one chosen in the session, else the first."""
    for membership in memberships:
        if membership.pk == preferred_id:
            return membership
    return memberships[0] if memberships else None


def centre_by_slug(slug: str | None, *, option: str = "centre") -> Institution | None:
    """The centre a command or a report names by slug (`--centre`); None when none is named."""
    if not slug:
        return None
    centre = Institution.objects.filter(slug=slug).first()
    if centre is None:
        raise Refused(f"Unknown centre: {slug!r}", code="not_found", field=option, status=404)
    return centre


def region_by_slug(slug: str | None) -> Institution | None:
    """The regional body a report names by slug (`--region`)."""
    region = centre_by_slug(slug, option="region")
    if region is not None and region.kind != Institution.Kind.REGIONAL:
        raise Refused(f"{slug} is not a regional body", field="region")
    return region
