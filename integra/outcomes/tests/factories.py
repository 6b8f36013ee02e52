"""Factories of the outcomes app: minimal valid exits, results and follow-ups."""

from __future__ import annotations

import datetime as dt

import factory

from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.projects.tests.factories import ParticipationFactory


class ExitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exit

    participation = factory.SubFactory(ParticipationFactory)
    institution = factory.SelfAttribute("participation.institution")
    exit_on = dt.date(2011, 10, 31)
    reason = ExitReason.COMPLETED


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    participation = factory.SubFactory(ParticipationFactory)
    institution = factory.SelfAttribute("participation.institution")
    kind = ResultKind.EMPLOYMENT_CONTRACT
    achieved_on = dt.date(2011, 11, 5)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    participation = factory.SubFactory(ParticipationFactory)
    institution = factory.SelfAttribute("participation.institution")
    kind = FollowUp.Kind.MONTHS_3
    due_on = dt.date(2012, 1, 31)
