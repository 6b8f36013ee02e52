"""Reads of staff memberships."""

from __future__ import annotations

from typing import Any

from integra.institutions.models import Membership

SESSION_KEY = "integra_membership_id"


def memberships_of(user: Any):
    """The active memberships of a user, centre loaded."""
    return Membership.objects.filter(user=user, is_active=True).select_related("institution").order_by("id")


def active_membership(user: Any, preferred_id: int | None) -> Membership | None:
    """The membership chosen in the session, else the user's first one."""
    memberships = list(memberships_of(user))
    for membership in memberships:
        if membership.pk == preferred_id:
            return membership
    return memberships[0] if memberships else None
