"""Counts for the start page."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def centre_counts(membership: Any) -> dict[str, int]:
    """Headline counts of the acting centre, one query per figure."""
    people = apps.get_model("people", "Participant").objects.for_membership(membership)
    households = apps.get_model("people", "Household").objects.for_membership(membership)
    counts = {"participants": people.count(), "households": households.count()}
    counts["projects"] = apps.get_model("projects", "Project").objects.for_membership(membership).count()
    return counts
