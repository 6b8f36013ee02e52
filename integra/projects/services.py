"""projects: every write with a business rule (create a project, partners, editions, participations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from integra.core import history
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.institutions.models import Membership, Partner
from integra.people.models import Participant
from integra.projects.models import (
    UNKNOWN_PROGRAMME_PERIOD,
    Participation,
    ProgrammePeriod,
    Project,
    ProjectEdition,
    ProjectPartner,
    known_periods,
)

END_BEFORE_START = _("The end date cannot be earlier than the start date.")
CODE_TAKEN = _("This centre already has a project with the code %(code)s.")
PARTICIPATION_OUTSIDE_PROJECT = _("The participation must fall within the project period (%(start)s – %(end)s).")
EDITION_OUTSIDE_PROJECT = _("The edition must fall within the project period (%(start)s – %(end)s).")
EDITION_YEAR_TAKEN = _("The project already has an edition for %(year)s.")
PARTNER_TAKEN = _("This partner already has a role in the project.")

PROJECT_FIELDS = (
    "code",
    "title",
    "kind",
    "status",
    "programme",
    "priority",
    "measure",
    "sub_measure",
    "programme_period",
    "start_on",
    "end_on",
    "club",
    "target_participants",
    "target_women",
    "target_disabled",
    "target_families",
    "target_jobs",
    "social_effectiveness_threshold",
    "employment_effectiveness_threshold",
    "employment_effectiveness_threshold_severe",
)


def _check_period(period: Any) -> None:
    """The programming period is one Integra has an indicator set for, written as its key (`2021-2027`):
    a period typed by hand („2021–2027” with a dash, „2000-2006”) is refused here, for every door (screen,
    API, CLI), so the indicators never meet a period they cannot report."""
    if period not in ProgrammePeriod.values:
        raise ValidationError(
            {
                "programme_period": ValidationError(
                    UNKNOWN_PROGRAMME_PERIOD,
                    code="invalid_choice",
                    params={"value": period, "periods": known_periods()},
                )
            }
        )


def _pl(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@transaction.atomic
def create_project(
    *, actor: Membership, code: str, title: str, start_on: dt.date, end_on: dt.date, **fields: Any
) -> Project:
    """Register a project of the actor's centre; the code is unique per centre."""
    if end_on < start_on:
        raise ValidationError({"end_on": ValidationError(END_BEFORE_START, code="end_before_start")})
    code = code.strip()
    if Project.objects.for_institution(actor.institution_id).filter(code=code).exists():
        raise ValidationError({"code": ValidationError(CODE_TAKEN, code="duplicate", params={"code": code})})
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    ensure_same_centre(actor, fields.get("club"))
    if fields.get("programme_period") is not None:
        _check_period(fields["programme_period"])
    project = Project(
        institution_id=actor.institution_id, code=code, title=title.strip(), start_on=start_on, end_on=end_on
    )
    for name, value in fields.items():
        setattr(project, name, value if value is not None else getattr(project, name))
    project.full_clean()
    project.save()
    history.record(actor=actor, obj=project, action=HistoryEntry.Action.CREATE)
    return project


@transaction.atomic
def update_project(*, actor: Membership, project: Project, **fields: Any) -> Project:
    """Change a project's data (titles, codes, period, targets, status)."""
    ensure_same_centre(actor, project, fields.get("club"))
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    if "programme_period" in fields:
        _check_period(fields["programme_period"])
    before = history.snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    if project.end_on < project.start_on:
        raise ValidationError({"end_on": ValidationError(END_BEFORE_START, code="end_before_start")})
    clash = Project.objects.for_institution(actor.institution_id).filter(code=project.code).exclude(pk=project.pk)
    if clash.exists():
        raise ValidationError({"code": ValidationError(CODE_TAKEN, code="duplicate", params={"code": project.code})})
    project.full_clean()
    project.save()
    history.record(actor=actor, obj=project, action=HistoryEntry.Action.UPDATE, before=before)
    return project


@transaction.atomic
def add_partner(*, actor: Membership, project: Project, partner: Partner, role: str) -> ProjectPartner:
    """Record a partner's role in the project (e.g. PUP as partner)."""
    ensure_same_centre(actor, project, partner)
    if project.partners.filter(partner=partner).exists():
        raise ValidationError(PARTNER_TAKEN)
    link = ProjectPartner(institution_id=actor.institution_id, project=project, partner=partner, role=role.strip())
    link.full_clean()
    link.save()
    history.record(actor=actor, obj=link, action=HistoryEntry.Action.CREATE)
    return link


@transaction.atomic
def add_edition(
    *, actor: Membership, project: Project, year: int, start_on: dt.date, end_on: dt.date
) -> ProjectEdition:
    """Add a yearly edition of a systemic project, inside the project period."""
    ensure_same_centre(actor, project)
    if end_on < start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    if start_on < project.start_on or end_on > project.end_on:
        raise ValidationError(
            EDITION_OUTSIDE_PROJECT, params={"start": _pl(project.start_on), "end": _pl(project.end_on)}
        )
    if project.editions.filter(year=year).exists():
        raise ValidationError({"year": str(EDITION_YEAR_TAKEN) % {"year": year}})
    edition = ProjectEdition(
        institution_id=actor.institution_id, project=project, year=year, start_on=start_on, end_on=end_on
    )
    edition.full_clean()
    edition.save()
    history.record(actor=actor, obj=edition, action=HistoryEntry.Action.CREATE)
    return edition


@transaction.atomic
def add_participation(
    *, actor: Membership, project: Project, participant: Participant, start_on: dt.date, end_on: dt.date | None = None
) -> Participation:
    """A person joins a project; a re-entrant keeps the one row (first start, last end, one more entry)."""
    ensure_same_centre(actor, project, participant)
    if end_on is not None and end_on < start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    if start_on < project.start_on or start_on > project.end_on or (end_on is not None and end_on > project.end_on):
        raise ValidationError(
            PARTICIPATION_OUTSIDE_PROJECT,
            code="outside_project",
            params={"start": _pl(project.start_on), "end": _pl(project.end_on)},
        )
    existing = Participation.objects.select_for_update().filter(project=project, participant=participant).first()
    if existing is None:
        participation = Participation(
            institution_id=actor.institution_id,
            project=project,
            participant=participant,
            start_on=start_on,
            end_on=end_on,
        )
        participation.full_clean()
        participation.save()
        history.record(actor=actor, obj=participation, action=HistoryEntry.Action.CREATE)
        return participation
    before = history.snapshot(existing)
    existing.entries += 1
    existing.end_on = end_on
    existing.status = Participation.Status.ACTIVE
    existing.full_clean()
    existing.save()
    history.record(actor=actor, obj=existing, action=HistoryEntry.Action.UPDATE, before=before, comment="re-entry")
    return existing


@transaction.atomic
def end_participation(
    *, actor: Membership, participation: Participation, end_on: dt.date, status: str = Participation.Status.COMPLETED
) -> Participation:
    """Close a participation on a day (the last exit counts)."""
    ensure_same_centre(actor, participation)
    if end_on < participation.start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    before = history.snapshot(participation)
    participation.end_on = end_on
    participation.status = status
    participation.full_clean()
    participation.save()
    history.record(actor=actor, obj=participation, action=HistoryEntry.Action.UPDATE, before=before)
    return participation
