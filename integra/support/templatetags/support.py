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
