"""Reads of the outreach screens: a person's messages and consents, a centre's day, failures and coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from integra.core.probe import nonempty
from integra.outreach import channels, services
from integra.outreach.models import Channel, Message, Status
from integra.people.models import Consent, Participant
from integra.projects.models import Participation, Project


def person_overview(membership: Any, participant: Participant) -> dict[str, Any]:
    """A person's messages (newest first, the answer with a follow-up question) and, per channel, whether one
    may be sent: the channel on, a consent in force, a usable address."""
    day = timezone.localdate()
    # Most people have no message and many no consent: one query says which of the two lists to read.
    present = nonempty(
        {"messages": (Message, "participant", participant.pk), "consents": (Consent, "participant", participant.pk)}
    )
    rows = list(Message.objects.for_membership(membership).to_person(participant)[:50]) if "messages" in present else []
    agreed = (
        services.consented_by_channel(participant.institution_id, Channel.values, day, [participant.pk])
        if "consents" in present
        else {}
    )
    state = []
    for channel, label in Channel.choices:
        state.append(
            {
                "channel": channel,
                "label": label,
                "enabled": channels.enabled(channel),
                "consent": participant.pk in agreed.get(channel, ()),
                "address": services.address_of(participant, channel),
            }
        )
    answers = {
        (f.participation_id, f.kind): f
        for f in participant_follow_ups(participant, [m.participation_id for m in rows if m.participation_id])
    }
    for message in rows:
        message.follow_up = answers.get((message.participation_id, message.follow_up_kind))
    return {"outreach_messages": rows, "outreach_channels": state}


def participant_follow_ups(participant: Participant, participation_ids: list[int]) -> list[Any]:
    from integra.outcomes.models import FollowUp

    if not participation_ids:
        return []
    return list(FollowUp.objects.filter(participation_id__in=participation_ids).exclude(answer=""))


def today_outgoing(membership: Any, now: dt.datetime) -> QuerySet[Message]:
    """The centre's messages queued or sent today (what goes out, and how it went)."""
    start, end = services._day_bounds(now)
    return (
        Message.objects.for_membership(membership)
        .filter(Q(created_at__gte=start, created_at__lt=end) | Q(sent_at__gte=start, sent_at__lt=end))
        .select_related("participant", "project")
        .order_by("-created_at", "-id")
    )


def failures(membership: Any, now: dt.datetime, days: int = 14) -> QuerySet[Message]:
    """Messages that failed in the last `days` days, to look at (a wrong number, a refused text)."""
    return (
        Message.objects.for_membership(membership)
        .filter(status=Status.FAILED, updated_at__gte=now - dt.timedelta(days=days))
        .exclude(error_code="stale")
        .select_related("participant", "project")
        .order_by("-updated_at", "-id")
    )


@dataclass
class Coverage:
    project: Project
    participants: int
    sms: int
    email: int
    points: Decimal
    sms_parts: int

    @property
    def sms_percent(self) -> Decimal | None:
        return Decimal(self.sms * 100) / self.participants if self.participants else None

    @property
    def email_percent(self) -> Decimal | None:
        return Decimal(self.email * 100) / self.participants if self.participants else None


def consent_coverage(membership: Any, today: dt.date) -> list[Coverage]:
    """For each running project: participants, how many agreed to SMS and to e-mail, the SMS cost (points)."""
    projects = list(
        Project.objects.for_membership(membership).filter(start_on__lte=today, end_on__gte=today).order_by("code")
    )
    if not projects:
        return []
    people: dict[int, set[int]] = {}
    for project_id, participant_id in Participation.objects.filter(project__in=projects).values_list(
        "project_id", "participant_id"
    ):
        people.setdefault(project_id, set()).add(participant_id)
    everyone = set().union(*people.values()) if people else set()
    agreed = services.consented_by_channel(membership.institution_id, Channel.values, today, everyone)
    cost = {
        row["project_id"]: row
        for row in Message.objects.for_membership(membership)
        .filter(project__in=projects, channel=Channel.SMS)
        .exclude(sent_at=None)
        .values("project_id")
        .annotate(points=Sum("points"), parts=Sum("parts"), n=Count("pk"))
    }
    return [
        Coverage(
            project=p,
            participants=len(people.get(p.pk, ())),
            sms=len(people.get(p.pk, set()) & agreed[Channel.SMS]),
            email=len(people.get(p.pk, set()) & agreed[Channel.EMAIL]),
            points=cost.get(p.pk, {}).get("points") or Decimal(0),
            sms_parts=cost.get(p.pk, {}).get("parts") or 0,
        )
        for p in projects
    ]


def numbers_to_check(membership: Any) -> int:
    """People whose phone number was kept as typed (not a number an SMS can go to)."""
    return sum(
        1
        for value in Participant.objects.for_membership(membership)
        .exclude(phone="")
        .exclude(phone__startswith="+")
        .values_list("phone", flat=True)
        if value
    )
