"""projects: reads that are more than a filter."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from integra.core.collation import polish
from integra.projects.models import Participation, Project


def projects_for(membership) -> QuerySet[Project]:
    """The centre's projects with the number of participants and women."""
    return (
        Project.objects.for_membership(membership)
        .annotate(
            participant_count=Count("participations", distinct=True),
            women_count=Count("participations", filter=Q(participations__participant__sex="F"), distinct=True),
        )
        .order_by("-start_on", "code")
    )


def participations_of(project: Project) -> QuerySet[Participation]:
    """A project's participations, people loaded, by surname in Polish order (Ł after L), as the participant list."""
    # The people are the project's centre's (services check it); saying so lets PostgreSQL walk the centre's people
    # in the order of participant_polish_order_idx (the person's id last, a participation per person) and stop at
    # the page, instead of reading every person of the region.
    return (
        project.participations.filter(participant__institution_id=project.institution_id)
        .select_related("participant")
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "participant_id")
    )
