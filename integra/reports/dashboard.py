"""Dashboard figures per centre and per project, and their charts.

Screens draw SVG by hand (integra.core.svgcharts: no plotting library at request time, see
bench/RESULTS.md "Dashboard charts"); PDFs embed a PNG drawn by matplotlib. Every chart has its
data table beside it (the accessible alternative, also printed in PDFs). Months read „03.2011”.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from integra.core import svgcharts
from integra.outcomes.models import Result, ResultKind
from integra.people.models import (
    Answer,
    EligibilityGroup,
    LabourStatus,
    Participant,
    ParticipantGroup,
    Sex,
)
from integra.projects.models import Participation, Project
from integra.reports.queries import project_head, project_jobs
from integra.support.models import Attendance, Session


@dataclass
class Chart:
    key: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    kind: str = "bar"  # bar | line
    png: bytes = field(default=b"", repr=False)

    @property
    def empty(self) -> bool:
        """No figure above zero: the screen says so instead of drawing an empty frame."""
        return not any(value for row in self.rows for value in row[1:] if not isinstance(value, str))


def _month_key(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%m.%Y")


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end and len(months) < 240:
        months.append(day.strftime("%m.%Y"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def participants_over_time(participations: QuerySet[Participation], start: dt.date, end: dt.date) -> list[tuple]:
    """Per month: entries, exits, and people taking part at the end of the month (two grouped queries)."""
    entries = {
        _month_key(r["m"]): r["n"]
        for r in participations.annotate(m=TruncMonth("start_on")).values("m").annotate(n=Count("pk")).order_by()
    }
    exits = {
        _month_key(r["m"]): r["n"]
        for r in participations.filter(end_on__isnull=False).annotate(m=TruncMonth("end_on")).values("m")
        .annotate(n=Count("pk")).order_by()
    }
    before = participations.filter(start_on__lt=start).count() - participations.filter(end_on__lt=start).count()
    rows, active = [], before
    for month in _months(start, end):
        active += entries.get(month, 0)
        rows.append((month, entries.get(month, 0), exits.get(month, 0), active))
        active -= exits.get(month, 0)
    return rows


def _by_choice(qs: QuerySet, field_name: str, choices: list[tuple[str, Any]]) -> list[tuple]:
    counts = {r[field_name]: r["n"] for r in qs.values(field_name).annotate(n=Count("pk")).order_by()}
    return [(str(label), counts.get(code, 0)) for code, label in choices]


# A session's marks on the lists and its marks „present”, as one number: total * _MARKS + present. One
# correlated count per session (an index-only probe of attendance_session_status_idx) instead of two. Summed
# over a month the two still separate: a month has fewer marks „present” than _MARKS (2**31), and the sum stays
# below 2**63 (a month would need 2**32 marks on the lists to reach it).
_MARKS = 1 << 31


def _attendance(institution_id: int, sessions: QuerySet[Session]) -> list[tuple]:
    """Per month of the session's date: marks „present”, marks on the lists, the rate.

    Each session's marks are counted by a correlated subquery (PostgreSQL: an index-only probe of
    `attendance_session_status_idx` per session) and the sessions' counts are summed by month. Grouping the
    marks by the month of the joined session made PostgreSQL hash-join or sort every mark of the project
    (181,000 on the bench set, 110–250 ms); see bench/RESULTS.md, "Dashboards, the whole request".
    """
    per_session = (
        Attendance.objects.filter(institution_id=institution_id, session=OuterRef("pk"))
        .order_by().values("session")
        .annotate(marks=Count("session") * Value(_MARKS) + Count("session", filter=Q(status=Attendance.Status.PRESENT)))
        .values("marks")
    )
    months = (
        sessions.order_by().annotate(marks=Subquery(per_session))
        .values(month=TruncMonth("date")).annotate(in_month=Sum("marks")).order_by("month")
    )
    rows = []
    for row in months:
        total, present = divmod(int(row["in_month"] or 0), _MARKS)  # PostgreSQL sums bigints as numeric
        if total:
            rows.append((_month_key(row["month"]), present, total,
                         (Decimal(100 * present) / total).quantize(Decimal("0.01"))))
    return rows


def _outcomes(results: QuerySet[Result]) -> list[tuple]:
    counts = {
        r["kind"]: r["n"]
        for r in results.values("kind").annotate(n=Count("participation", distinct=True)).order_by()
    }
    return [(str(label), counts.get(code, 0)) for code, label in ResultKind.choices]


def _common(institution_id: int, participations: QuerySet[Participation], results: QuerySet[Result],
            sessions: QuerySet[Session], start: dt.date, end: dt.date) -> list[Chart]:
    # The centre's own people and groups, named as well as reached through its participations: without it
    # PostgreSQL reads every participant of the region (200,000 on the bench set) to join the centre's few.
    people = participations.values("participant")
    return [
        Chart("over_time", _("Participants over time"),
              (_("month"), _("entries"), _("exits"), _("taking part")),
              participants_over_time(participations, start, end), kind="line"),
        Chart("groups", _("Participants by eligibility group"), (_("group"), _("people")),
              [(label, n) for label, n in _by_choice(
                  ParticipantGroup.objects.filter(institution_id=institution_id, participant__in=people), "group", EligibilityGroup.choices)]),
        Chart("labour_status", _("Participants by labour-market status"), (_("status"), _("people")),
              _by_choice(Participant.objects.filter(institution_id=institution_id, pk__in=people), "labour_status", LabourStatus.choices)),
        Chart("attendance", _("Attendance by month"), (_("month"), pgettext("attendance count", "present"), _("entries on the lists"), _("rate (%)")),
              _attendance(institution_id, sessions)),
        Chart("outcomes", _("Outcomes (people)"), (_("result"), _("people")), _outcomes(results)),
    ]


def project_dashboard(project: Project) -> list[Chart]:
    parts = Participation.objects.filter(institution_id=project.institution_id, project=project)
    results = Result.objects.filter(institution_id=project.institution_id, participation__project=project)
    sessions = Session.objects.filter(institution_id=project.institution_id, activity__project=project)
    charts = _common(project.institution_id, parts, results, sessions, project.start_on, project.end_on)
    # The summary's own figures, without the rest of the summary (two queries instead of some thirty).
    head = project_head(project)
    targets = [
        (_("participants"), project.target_participants, head["total"]),
        (_("women"), project.target_women, head["women"]),
        (_("people with disabilities"), project.target_disabled, head["disabled"]),
        (_("families"), project.target_families, head["families"]),
        (_("jobs"), project.target_jobs,
         project_jobs(project).aggregate(n=Count("participation", distinct=True))["n"] if project.target_jobs is not None else 0),
    ]
    charts.append(Chart("targets", _("Targets and achieved"), (_("figure"), _("target"), _("achieved")),
                        [(label, target, got) for label, target, got in targets if target is not None]))
    return charts


def centre_dashboard(institution_id: int, year: int) -> list[Chart]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    parts = Participation.objects.filter(institution_id=institution_id, start_on__lte=end).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=start)
    )
    results = Result.objects.filter(institution_id=institution_id, achieved_on__gte=start, achieved_on__lte=end)
    sessions = Session.objects.filter(institution_id=institution_id, date__gte=start, date__lte=end)
    charts = _common(institution_id, parts, results, sessions, start, end)
    head = parts.filter(participant__institution_id=institution_id).aggregate(  # the centre's people only: see _common
        people=Count("participant", distinct=True),
        women=Count("participant", distinct=True, filter=Q(participant__sex=Sex.FEMALE)),
        disabled=Count("participant", distinct=True, filter=Q(participant__disability=Answer.YES)),
    )
    charts.append(Chart("targets", _("Participants in the year"), (_("figure"), _("target"), _("achieved")),
                        [(_("participants"), None, head["people"]), (_("women"), None, head["women"]),
                         (_("people with disabilities"), None, head["disabled"])]))
    return charts


def render_png(chart: Chart) -> bytes:
    """Draw the chart (the figures are the table's rows: label first, numbers after)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # heavy: imported when drawn (DEVELOPING.md)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.2), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    if chart.rows:
        labels = [str(r[0]) for r in chart.rows]
        if chart.kind == "line":
            for index, name in enumerate(chart.header[1:], start=1):
                ax.plot(labels, [r[index] or 0 for r in chart.rows], marker="o", label=name)
            ax.legend(fontsize=7)
            ax.tick_params(axis="x", labelrotation=60, labelsize=6)
        elif chart.key == "attendance":
            ax.bar(labels, [float(r[3] or 0) for r in chart.rows], color="#1f77b4")
            ax.set_ylim(0, 100)
            ax.tick_params(axis="x", labelrotation=60, labelsize=6)
        elif chart.key == "targets":
            positions = range(len(labels))
            ax.bar([p - 0.2 for p in positions], [r[1] or 0 for r in chart.rows], width=0.4, label=chart.header[1])
            ax.bar([p + 0.2 for p in positions], [r[2] or 0 for r in chart.rows], width=0.4, label=chart.header[2])
            ax.set_xticks(list(positions), labels, fontsize=7)
            ax.legend(fontsize=7)
        else:
            ax.barh(labels, [r[1] or 0 for r in chart.rows], color="#1f77b4")
            ax.tick_params(axis="y", labelsize=6)
            ax.invert_yaxis()
    ax.set_title(chart.title, fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def with_images(charts: list[Chart]) -> list[Chart]:
    for chart in charts:
        chart.png = render_png(chart)
    return charts


def render_svg(chart: Chart) -> str:
    """The chart as SVG markup for a screen (the same figures as its table)."""
    labels = [str(r[0]) for r in chart.rows]
    columns = [(name, [r[index] for r in chart.rows]) for index, name in enumerate(chart.header[1:], start=1)]
    if chart.kind == "line":
        return svgcharts.lines(chart.title, labels, columns)
    if chart.key == "attendance":
        return svgcharts.bars(chart.title, labels, [columns[2]], percent=True)
    if chart.key == "targets":
        return svgcharts.bars(chart.title, labels, columns if any(r[1] is not None for r in chart.rows) else columns[1:])
    return svgcharts.bars(chart.title, labels, columns[:1])
