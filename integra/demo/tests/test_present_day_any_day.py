"""The present-day story loads on any day: a weekend, across a new year (its own module: the story's
module-scoped demo of test_present_day.py must not be alive when it loads again)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from integra.casework.models import SocialContract
from integra.demo import stories
from integra.demo.generator import generate
from integra.projects.models import Project
from integra.support.models import Session


@pytest.mark.parametrize("day", [dt.date(2027, 1, 3)])  # a Sunday, six months back crosses into the year before
def test_the_story_loads_on_any_day(db, day):
    with time_machine.travel(dt.datetime.combine(day, dt.time(8, 0)), tick=False):
        stories.register(articles=False)
        try:
            generate(password="demo-haslo-2026", seed=7, scale=0.02)
        finally:
            stories.unregister()
        for project in Project.objects.filter(programme_period="2021-2027"):
            assert Session.objects.filter(activity__project=project, date=day).exists()
            assert (
                SocialContract.objects.filter(
                    project=project, status="active", end_on__range=(day, day + dt.timedelta(days=14))
                ).count()
                == 4
            )
