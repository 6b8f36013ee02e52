"""The participant list's rows, built in Python (issue 26), are the markup the per-cell template wrote."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template

from integra.people.models import Participant, ParticipantGroup
from integra.people.templatetags.people import participant_rows
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

# The loop of people/_participant_rows.html before the rows were built in Python, cell by cell.
PER_CELL = """{% load i18n integra %}{% for person in page %}
    <tr>
      {% if record %}<td><a href="{% url 'people:participant-detail' person.pk %}" id="person-{{ person.pk }}">{{ person.last_name }} {{ person.first_name }}</a></td>
      <td>{% if person.pesel %}{{ person.pesel }}{% else %}<span class="badge">{% translate "no PESEL" %}</span>{% endif %}</td>
      <td>{{ person.birth_date|pldate }}</td>
      <td>{{ person.locality }}</td>
      <td>{{ person.get_labour_status_display }}</td>
      {% if sensitive %}<td>{% for g in person.groups.all %}<span class="badge">{{ g.get_group_display }}</span> {% endfor %}</td>
      <td>{{ person.get_disability_display }}</td>{% endif %}
      {% else %}<td>{% if subject_pages %}<a href="{% url 'privacy:subject' person.pk %}">{{ person.last_name }} {{ person.first_name }}</a>{% else %}{{ person.last_name }} {{ person.first_name }}{% endif %}</td>
      <td>{{ person.distinguishing_detail }}</td>{% endif %}
    </tr>
  {% endfor %}"""


def _same(html: str) -> str:
    """Markup without the whitespace between tags and around cells (the template's indentation)."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


@pytest.mark.parametrize(
    ("record", "sensitive", "subject_pages"),
    [(True, True, False), (True, False, False), (False, False, True), (False, False, False)],
)
def test_rows_are_the_markup_the_template_wrote(centre_a, record, sensitive, subject_pages):
    awkward = ParticipantFactory(
        institution=centre_a, last_name="O'Brien <b>&", first_name='Zoë "Z"', pesel=None, locality="Łódź & okolice"
    )
    ParticipantFactory(institution=centre_a, last_name="Nowak", birth_date=dt.date(1988, 2, 3))
    for group in ("alcohol", "homeless"):
        ParticipantGroup.objects.create(institution=centre_a, participant=awkward, group=group)
    page = list(Participant.objects.filter(institution=centre_a).prefetch_related("groups").order_by("pk"))
    flags = {"record": record, "sensitive": sensitive, "subject_pages": subject_pages}
    before = Template(PER_CELL).render(Context({"page": page, **flags}))
    after = participant_rows(page, **flags)
    assert "&lt;b&gt;&amp;" in after and "<b>" not in after
    assert _same(after) == _same(before)
    assert participant_rows([], **flags) == ""  # components/table.html draws the empty state instead
