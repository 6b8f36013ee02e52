"""The attendance sheet for signatures (lista obecności): one page per session."""

from __future__ import annotations

from django.utils.translation import gettext as _

from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.support.models import Activity, Session
from integra.support.queries import listed_for_session


def attendance_sheet_pdf(activity: Activity, sessions: list[Session]) -> bytes:
    """Project title, funding notice, activity, date and times, names in list order, an empty signature column."""
    doc = Document(title=_("Attendance list"), footer=activity.project.title)
    activity_label, date_label, time_label, room_label = _("Activity"), _("Date"), _("Time"), _("Room")
    run_by = _("Run by")
    for index, session in enumerate(sessions):
        if index:
            doc.page_break()
        doc.paragraph(activity.project.title, style="small")
        doc.paragraph(EU_FUNDING_NOTICE, style="small").spacer(3)
        doc.heading(_("Attendance list"))
        doc.paragraph(f"{activity_label}: {activity.title}")
        times = f"{session.start_time:%H:%M}–{session.end_time:%H:%M}"
        doc.paragraph(
            f"{date_label}: {session.date:%d.%m.%Y}    {time_label}: {times}    {room_label}: {session.room or '—'}"
        )
        provider = session.staff.user.get_full_name() if session.staff_id else activity.provider_display
        doc.paragraph(f"{run_by}: {provider}").spacer(3)
        rows = [(n, e.participant.full_name, "") for n, e in enumerate(listed_for_session(session), start=1)]
        doc.table(
            [_("No."), _("First name and surname"), _("Signature")], rows, col_widths_mm=[12, 90, 78], row_height_mm=10
        )
    if not sessions:
        doc.paragraph(activity.project.title, style="small").paragraph(EU_FUNDING_NOTICE, style="small")
        doc.heading(_("Attendance list")).paragraph(_("No sessions are scheduled."))
    return doc.render()
