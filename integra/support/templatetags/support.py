"""`{% load support %}`: support-catalogue values shown by other apps' screens."""

from __future__ import annotations

from django import template

from integra.support.queries import instrument_names as _instrument_names

register = template.Library()


@register.filter
def instrument_names(codes, institution_id) -> str:
    """`{{ plan.planned_instruments|instrument_names:plan.institution_id }}`: the catalogue's names of the codes a
    plan keeps („Doradztwo zawodowe, Kurs zawodowy”), never the codes; „—” for none."""
    return ", ".join(_instrument_names(institution_id, codes or [])) or "—"


@register.simple_tag
def timetable_rows(sessions, membership) -> str:
    """A day's rows of the timetable, built in Python: the markup the per-cell template wrote (docs/DEVELOPING.md,
    "Screens"), the activity's and attendance list's URLs reversed once, the attendance link only for those
    whom its view lets in (`can_mark_attendance`, as `{% may_for %}` asked per row)."""
    from django.utils.dateformat import time_format
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from integra.core.permissions import can_mark_attendance
    from integra.core.rows import url_maker

    activity, attendance = url_maker("support:activity-detail"), url_maker("support:attendance")
    label = escape(gettext("Attendance"))
    rows = []
    for s in sessions:
        staff = escape(s.staff.user.get_full_name()) if s.staff else ""
        club = escape(s.activity.club.name) if s.activity.club else ""
        mark = f'<a href="{attendance(s.pk)}">{label}</a>' if can_mark_attendance(membership, s) else ""
        rows.append(
            format_html(
                '<tr>\n<td>{}–{}</td>\n<td><a href="{}">{}</a></td>\n<td>{}</td>',
                time_format(s.start_time, "H:i"),
                time_format(s.end_time, "H:i"),
                activity(s.activity_id),
                s.activity.title,
                s.room or "—",
            )
            + f"<td>{staff}</td>\n<td>{club}</td>\n<td>{mark}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def attendance_rows(rows, statuses, not_held_yet: bool) -> list[str]:
    """Each row of a session's attendance list, built in Python: the markup the per-cell template wrote (a name,
    a radio per mark, the rate), which cost about 0.2 ms of CPU per row through the template engine — a fifth of
    the attendance screen, a third of the requests of staff at work (bench/load.py). The template loops over
    the drawn rows and keeps the empty list's row. The marks' labels are escaped once per list."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from integra.core.templatetags.integra import format_percent

    disabled = " disabled" if not_held_yet else ""
    marks = [(value, escape(value), escape(label)) for value, label in statuses]
    rate_label = escape(gettext("Attendance rate"))
    drawn = []
    for row in rows:
        person = row["participant"]
        pk = escape(person.pk)
        status = row["status"]
        radios = "".join(
            f'\n<label for="mark-{pk}-{v}"><input type="radio" name="status_{pk}" value="{v}" id="mark-{pk}-{v}" '
            f'data-testid="mark-{pk}-{v}"{" checked" if status == value else ""}{disabled}> '
            f'<span class="mark-label">{label}</span></label>'
            for value, v, label in marks
        )
        rate = escape(format_percent(row["rate"])) if row["rate"] is not None else "—"
        drawn.append(
            mark_safe(  # noqa: S308 - every value in it is escaped
                f'<tr id="row-{pk}" data-participant="{pk}" data-status="{escape(status)}">\n'
                f'<th scope="row" id="name-{pk}">{escape(person.last_name)} {escape(person.first_name)}</th>\n'
                f'<td class="marks"><fieldset role="radiogroup" class="attendance-marks" aria-labelledby="name-{pk}">'
                f"{radios}</fieldset>\n"
                f'<small class="row-saved" id="saved-{pk}" aria-hidden="true"></small></td>\n'
                f'<td class="rate num"><span class="rate-label" aria-hidden="true">{rate_label}: </span>'
                f'<span id="rate-{pk}">{rate}</span></td>\n</tr>'
            )
        )
    return drawn
