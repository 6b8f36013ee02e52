"""projects: reads that are more than a filter."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
    """A project's participations, people loaded, by surname."""
    return project.participations.select_related("participant").order_by(
        "participant__last_name", "participant__first_name", "id"
    )
