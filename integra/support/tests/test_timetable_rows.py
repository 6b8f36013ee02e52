"""The timetable's rows, built in Python (issue 26), are byte for byte what the per-cell template wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from integra.core.roles import Role
from integra.institutions.tests.factories import ClubFactory, MembershipFactory
from integra.support.models import Session
from integra.support.queries import week_timetable
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


def test_the_week_reads_only_what_the_rows_show(social_worker, project, django_assert_num_queries):
    """week_timetable loads a few fields of each session (`TIMETABLE_FIELDS`): its rows are those of whole sessions,
    with no query per row, for a role whose attendance link depends on the session's staff and the provider."""
    other = MembershipFactory(
        institution=project.institution, role=Role.SOCIAL_WORKER, user__first_name="Anna", user__last_name="Żak"
    )
    club = ClubFactory(institution=project.institution, name="KIS Leżajsk")
    provided = ActivityFactory(project=project, title="Doradztwo", provider=social_worker.membership, club=club)
    other_run = ActivityFactory(project=project, title="Trening", provider=other)
    monday = dt.date(2011, 3, 7)
    SessionFactory(activity=provided, date=monday, start_time=dt.time(8, 0), staff=other)
    SessionFactory(activity=other_run, date=monday, start_time=dt.time(9, 0), staff=social_worker.membership)
    SessionFactory(activity=other_run, date=monday, start_time=dt.time(10, 0), staff=other, room="Sala 2")
    SessionFactory(activity=other_run, date=monday + dt.timedelta(days=2), start_time=dt.time(11, 0))
    week = week_timetable(social_worker.membership, monday)
    read = [session for _day, sessions in week.days for session in sessions]
    whole = list(Session.objects.select_related("activity__club", "staff__user").order_by("date", "start_time", "id"))
    assert [s.pk for s in read] == [s.pk for s in whole]
    with django_assert_num_queries(0):
        rows = timetable_rows(read, social_worker.membership)
    assert rows == Template(PER_CELL).render(Context({"sessions": whole, "membership": social_worker.membership}))
    assert "Anna Żak" in rows and "KIS Leżajsk" in rows and rows.count(">Obecność</a>") == 2
