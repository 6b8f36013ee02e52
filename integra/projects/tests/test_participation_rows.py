"""The project page's participant rows, built in Python (issue 26), are byte for byte what the template wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from integra.projects.queries import participations_of
from integra.projects.templatetags.projects import participation_rows
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# The loop of projects/project_detail.html before the rows were built in Python.
PER_CELL = (
    "{% load integra %}{% for p in participations %}<tr><td><a href=\"{% url 'people:participant-detail' "
    'p.participant_id %}">{{ p.participant.last_name }} {{ p.participant.first_name }}</a></td><td>'
    "{{ p.start_on|pldate }}</td><td>{{ p.end_on|pldate }}</td><td>{{ p.get_status_display }}</td>"
    '<td class="num">{{ p.entries }}</td></tr>{% endfor %}'
)


def test_rows_are_the_markup_the_template_wrote(centre_a):
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2012, 12, 31))
    ParticipationFactory(
        project=project, participant__last_name="O'Brien <i>&", participant__first_name='Zoë "Z"', entries=2
    )
    ParticipationFactory(project=project, participant__last_name="Nowak", end_on=dt.date(2011, 6, 30))
    page = list(participations_of(project))
    before = Template(PER_CELL).render(Context({"participations": page}))
    after = participation_rows(page)
    assert "&lt;i&gt;&amp;" in after and "<i>" not in after and "30.06.2011" in after
    assert after == before
    assert participation_rows([]) == ""
