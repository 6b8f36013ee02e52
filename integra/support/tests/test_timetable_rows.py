"""The timetable's rows, built in Python (issue 26), are byte for byte what the per-cell template wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from integra.institutions.tests.factories import ClubFactory
from integra.support.models import Session
from integra.support.templatetags.support import timetable_rows
from integra.support.tests.factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db

# The loop of support/timetable.html before the rows were built in Python.
PER_CELL = """{% load i18n access %}{% for s in sessions %}<tr>
<td>{{ s.start_time|time:"H:i" }}–{{ s.end_time|time:"H:i" }}</td>
<td><a href="{% url 'support:activity-detail' s.activity_id %}">{{ s.activity.title }}</a></td>
<td>{{ s.room|default:"—" }}</td><td>{% if s.staff %}{{ s.staff.user.get_full_name }}{% endif %}</td>
<td>{% if s.activity.club %}{{ s.activity.club.name }}{% endif %}</td>
<td>{% may_for membership "can_mark_attendance" s as can_mark %}{% if can_mark %}<a href="{% url 'support:attendance' s.pk %}">{% translate "Attendance" %}</a>{% endif %}</td></tr>{% endfor %}"""


def test_rows_are_the_markup_the_template_wrote_for_each_role(coordinator, social_worker, project):
    club = ClubFactory(institution=project.institution, name="KIS <Leżajsk> & Co")
    plain = ActivityFactory(project=project, title='Warsztat "A" <b>', room="")
    clubbed = ActivityFactory(project=project, title="Trening", club=club)
    SessionFactory(activity=plain, room="", start_time=dt.time(8, 5), duration_minutes=95)
    SessionFactory(activity=clubbed, staff=social_worker.membership, start_time=dt.time(12, 0))
    SessionFactory(activity=clubbed, room="Sala <2>", start_time=dt.time(14, 30))
    sessions = list(Session.objects.select_related("activity__club", "staff__user").order_by("start_time"))
    links = {}
    for who in (coordinator, social_worker):
        before = Template(PER_CELL).render(Context({"sessions": sessions, "membership": who.membership}))
        after = timetable_rows(sessions, who.membership)
        assert after == before
        assert "&lt;b&gt;" in after and "08:05–09:40" in after and "<td>—</td>" in after
        links[who.user.username] = [s.pk for s in sessions if reverse("support:attendance", args=[s.pk]) in after]
    assert links[coordinator.user.username] == [s.pk for s in sessions]
    assert links[social_worker.user.username] == [sessions[1].pk]  # only the session she runs
    assert timetable_rows([], coordinator.membership) == ""
