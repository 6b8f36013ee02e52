"""The attendance list's rows, built in Python (issue 26), are the markup the per-cell template wrote."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

from integra.people.models import Participant
from integra.support.models import Attendance

# support/_attendance_rows.html before its rows were built in Python, cell by cell.
PER_CELL = """{% load i18n integra %}<input type="hidden" name="version" value="{{ session.version }}" id="attendance-version">
{% include "components/error_summary.html" with errors=errors summary_id="attendance-errors" %}
<table id="attendance-table" class="attendance"><caption class="visually-hidden">{% translate "Attendance list" %}</caption>
<thead><tr><th scope="col">{% translate "Participant" %}</th><th scope="col">{% translate "Attendance" %}</th><th scope="col">{% translate "Attendance rate" %}</th></tr></thead>
<tbody>{% for row in rows %}{% with pk=row.participant.pk %}<tr id="row-{{ pk }}" data-participant="{{ pk }}" data-status="{{ row.status }}">
<th scope="row" id="name-{{ pk }}">{{ row.participant.last_name }} {{ row.participant.first_name }}</th>
<td class="marks"><fieldset role="radiogroup" class="attendance-marks" aria-labelledby="name-{{ pk }}">{% for value, label in statuses %}
<label for="mark-{{ pk }}-{{ value }}"><input type="radio" name="status_{{ pk }}" value="{{ value }}" id="mark-{{ pk }}-{{ value }}" data-testid="mark-{{ pk }}-{{ value }}"{% if row.status == value %} checked{% endif %}{% if not_held_yet %} disabled{% endif %}> <span class="mark-label">{{ label }}</span></label>{% endfor %}</fieldset>
<small class="row-saved" id="saved-{{ pk }}" aria-hidden="true"></small></td>
<td class="rate num"><span class="rate-label" aria-hidden="true">{% translate "Attendance rate" %}: </span><span id="rate-{{ pk }}">{% if row.rate is not None %}{{ row.rate|percent }}{% else %}—{% endif %}</span></td>
</tr>{% endwith %}{% empty %}<tr><td colspan="3">{% translate "Nobody is enrolled yet." %}</td></tr>{% endfor %}</tbody></table>
"""


def _rows() -> list[dict]:
    def person(pk: int, last: str, first: str) -> Participant:
        return Participant(pk=pk, last_name=last, first_name=first)

    return [
        {"participant": person(7, "O'Brien <b>&", 'Zoë "Z"'), "status": "", "rate": None},
        {"participant": person(12, "Żółć", "Łucja"), "status": Attendance.Status.PRESENT, "rate": Decimal("89.5")},
        {"participant": person(30, "Nowak", "Ewa"), "status": Attendance.Status.ABSENT, "rate": Decimal("1234.5")},
        *(
            {"participant": person(40 + n, "Kowal", str(n)), "status": status, "rate": Decimal(0)}
            for n, (status, _label) in enumerate(Attendance.Status.choices)
        ),
    ]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("not_held_yet", [False, True])
@pytest.mark.parametrize("rows", [_rows(), []], ids=["rows", "nobody"])
def test_rows_are_the_markup_the_template_wrote(rows, not_held_yet, language):
    context = {
        "session": {"version": 3},
        "rows": rows,
        "errors": [],
        "statuses": Attendance.Status.choices,
        "not_held_yet": not_held_yet,
    }
    with translation.override(language):
        before = Template(PER_CELL).render(Context(context))
        after = get_template("support/_attendance_rows.html").render(context)
    assert after == before
    if rows:
        assert "O&#x27;Brien &lt;b&gt;&amp;" in after and "<b>" not in after
        assert after.count(" checked") == len(rows) - 1  # the one without a mark has none checked
