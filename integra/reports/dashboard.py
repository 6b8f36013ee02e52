"""Dashboard figures per centre and per project, and their charts.

Charts are laid out by hand (integra.core.svgcharts: no plotting library at request time, see
bench/RESULTS.md "Dashboard charts"): screens show them as SVG, PDFs draw the same figures with
reportlab's vector graphics. Every chart has its data table beside it (the accessible alternative,
also printed in PDFs). Months read „03.2011”.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from integra.core import svgcharts
from integra.outcomes.models import Result, ResultKind
from integra.people.models import (
    Answer,
    EligibilityGroup,
    LabourStatus,
    Sex,
)
from integra.projects.models import CentreYearCount, Project, ProjectCount
from integra.reports.queries import project_jobs
from integra.support.models import Session


@dataclass
class Chart:
    key: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    kind: str = "bar"  # bar | line
    empty_note: str = ""  # what to do when the chart is empty, where a general „no data yet” would mislead

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


# The dated figures of `ProjectCount`: participations entered, entered and not exited, exited on a day.
_DATED = (ProjectCount.Figure.ENTRY, ProjectCount.Figure.OPEN, ProjectCount.Figure.EXIT)


def participants_over_time(
    counts: QuerySet[ProjectCount], start: dt.date, end: dt.date, *, open_counted: Q | None = None
) -> list[tuple]:
    """Per month: entries, exits, and people taking part at the end of the month (one grouped query).

    Summed from the per-day counts of `ProjectCount` (the database keeps them with every write, integra.projects.
    counts), the rows of the days before `start` in one sum. `open_counted` names the projects whose open
    participations count (a centre's year counts an open participation only while its project runs: Participation.
    objects.running_between); every other participation counts from its entry to its exit.
    """
    first = start.isoformat()  # the days of the last month after `end` count in it, as its month does
    live = Value(True) if open_counted is None else Case(When(open_counted, then=Value(True)), default=Value(False))
    period = Case(When(value__lt=first, then=Value("")), default=Substr("value", 1, 7), output_field=CharField())
    rows = (
        counts.filter(
            figure__in=_DATED, value__lt=(end.replace(day=1) + dt.timedelta(days=32)).replace(day=1).isoformat()
        )
        .values("figure", period=period, live=live)
        .annotate(n=Sum("count"))
        .order_by()
    )
    entries: dict[str, int] = defaultdict(int)
    exits: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["figure"] == ProjectCount.Figure.EXIT:
            exits[row["period"]] += row["n"]
        elif row["figure"] == ProjectCount.Figure.ENTRY:
            entries[row["period"]] += row["n"]
        elif not row["live"]:  # entered, never exited, and not counted while its project is over
            entries[row["period"]] -= row["n"]
    rows_out, active = [], entries.pop("", 0) - exits.pop("", 0)
    for month in _months(start, end):
        day = f"{month[3:]}-{month[:2]}"
        active += entries.get(day, 0)
        rows_out.append((month, entries.get(day, 0), exits.get(day, 0), active))
        active -= exits.get(day, 0)
    return rows_out


def _by_choice(counts: dict[str, int], choices: list[tuple[str, Any]]) -> list[tuple]:
    return [(str(label), counts.get(code, 0)) for code, label in choices]


def _attendance(sessions: QuerySet[Session]) -> list[tuple]:
    """Per month of the session's date: marks „present”, marks on the lists, the rate.

    Summed from each session's figures in `SessionMarks`, which the database keeps with every write of a mark
    (integra.support.marks): one row per session instead of every mark (181,497 for the largest project of the
    bench set; bench/RESULTS.md, "Dashboards, the whole request"). A session without marks has no row.
    """
    months = (
        sessions.order_by()
        .filter(marks__isnull=False)
        .values(month=TruncMonth("date"))
        .annotate(total=Sum("marks__marks"), present=Sum("marks__present"))
        .order_by("month")
    )
    rows = []
    for row in months:
        total, present = int(row["total"] or 0), int(row["present"] or 0)
        if total:
            rows.append(
                (_month_key(row["month"]), present, total, (Decimal(100 * present) / total).quantize(Decimal("0.01")))
            )
    return rows


def _outcomes(results: QuerySet[Result]) -> list[tuple]:
    counts = {
        r["kind"]: r["n"] for r in results.values("kind").annotate(n=Count("participation", distinct=True)).order_by()
    }
    return [(str(label), counts.get(code, 0)) for code, label in ResultKind.choices]


def _common(
    over_time: list[tuple],
    groups: dict[str, int],
    labour: dict[str, int],
    results: QuerySet[Result],
    sessions: QuerySet[Session],
) -> list[Chart]:
    return [
        Chart(
            "over_time",
            _("Participants over time"),
            (_("month"), _("entries"), _("exits"), _("taking part")),
            over_time,
            kind="line",
        ),
        Chart(
            "groups",
            _("Participants by eligibility group"),
            (_("group"), _("people")),
            _by_choice(groups, EligibilityGroup.choices),
            empty_note=_(
                "No participant here has an eligibility group recorded: groups are entered on the participant's card."
            ),
        ),
        Chart(
            "labour_status",
            _("Participants by labour-market status"),
            (_("status"), _("people")),
            _by_choice(labour, LabourStatus.choices),
            empty_note=_(
                "No participant here has a labour-market status recorded: it is entered on the participant's card."
            ),
        ),
        Chart(
            "attendance",
            _("Attendance by month"),
            (_("month"), pgettext("attendance count", "present"), _("entries on the lists"), _("rate (%)")),
            _attendance(sessions),
            empty_note=_("No attendance has been marked yet: it is marked on the list of each session."),
        ),
        Chart(
            "outcomes",
            _("Outcomes (people)"),
            (_("result"), _("people")),
            _outcomes(results),
            empty_note=_("No result has been recorded yet: results are entered under Outcomes."),
        ),
    ]


def _project_people(counts: QuerySet[ProjectCount]) -> dict[str, dict[str, int]]:
    """{figure: {value: participations}} of the person figures (a person counts once per project), and the number
    of the project's households under "families"."""
    figures: dict[str, dict[str, int]] = defaultdict(dict)
    person = [ProjectCount.Figure.SEX, ProjectCount.Figure.DISABILITY, ProjectCount.Figure.LABOUR_STATUS]
    for row in counts.filter(figure__in=[*person, ProjectCount.Figure.GROUP]).values_list("figure", "value", "count"):
        figures[row[0]][row[1]] = row[2]
    figures["families"][""] = counts.filter(figure=ProjectCount.Figure.HOUSEHOLD).count()
    return figures


def project_dashboard(project: Project) -> list[Chart]:
    """The project's charts, read from its counts (integra.projects.counts) and its sessions' attendance summary."""
    counts = ProjectCount.objects.filter(institution_id=project.institution_id, project=project)
    results = Result.objects.filter(institution_id=project.institution_id, participation__project=project)
    sessions = Session.objects.filter(institution_id=project.institution_id, activity__project=project)
    people = _project_people(counts)
    over_time = participants_over_time(counts, project.start_on, project.end_on)
    charts = _common(
        over_time, people[ProjectCount.Figure.GROUP], people[ProjectCount.Figure.LABOUR_STATUS], results, sessions
    )
    # The project summary's own figures (integra.reports.queries.project_head), from the same counts.
    targets = [
        (_("participants"), project.target_participants, sum(people[ProjectCount.Figure.SEX].values())),
        (_("women"), project.target_women, people[ProjectCount.Figure.SEX].get(Sex.FEMALE, 0)),
        (
            _("people with disabilities"),
            project.target_disabled,
            people[ProjectCount.Figure.DISABILITY].get(Answer.YES, 0),
        ),
        (_("families"), project.target_families, people["families"][""]),
        (
            pgettext("people employed", "jobs"),
            project.target_jobs,
            project_jobs(project).aggregate(n=Count("participation", distinct=True))["n"]
            if project.target_jobs is not None
            else 0,
        ),
    ]
    charts.append(
        Chart(
            "targets",
            _("Targets and achieved"),
            (_("figure"), _("target"), _("achieved")),
            [(label, target, got) for label, target, got in targets if target is not None],
            empty_note=_("The project has no targets yet: they are set on the project's form."),
        )
    )
    return charts


def centre_dashboard(institution_id: int, year: int) -> list[Chart]:
    """The centre's charts of a year, read from its counts (integra.projects.counts): each person once, however
    many of the centre's projects they take part in that year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    results = Result.objects.filter(institution_id=institution_id, achieved_on__gte=start, achieved_on__lte=end)
    sessions = Session.objects.filter(institution_id=institution_id, date__gte=start, date__lte=end)
    over_time = participants_over_time(
        ProjectCount.objects.filter(institution_id=institution_id),
        start,
        end,
        open_counted=Q(project__end_on__gte=start),
    )
    people: dict[str, dict[str, int]] = defaultdict(dict)
    for figure_, value, n in CentreYearCount.objects.filter(institution_id=institution_id, year=year).values_list(
        "figure", "value", "people"
    ):
        people[figure_][value] = n
    Figure = CentreYearCount.Figure
    charts = _common(over_time, people[Figure.GROUP], people[Figure.LABOUR_STATUS], results, sessions)
    charts.append(
        Chart(
            "targets",
            _("Participants in the year"),
            (_("figure"), _("target"), _("achieved")),
            [
                (_("participants"), None, people[Figure.PERSON].get("", 0)),
                (_("women"), None, people[Figure.SEX].get(Sex.FEMALE, 0)),
                (_("people with disabilities"), None, people[Figure.DISABILITY].get(Answer.YES, 0)),
            ],
        )
    )
    return charts


def figure(chart: Chart) -> svgcharts.Figure:
    """The chart laid out once (the figures are the table's rows: label first, numbers after): a screen writes
    it as SVG (render_svg), a PDF draws it with reportlab (integra.core.pdf.Document.chart)."""
    labels = [str(r[0]) for r in chart.rows]
    columns = [(name, [r[index] for r in chart.rows]) for index, name in enumerate(chart.header[1:], start=1)]
    desc = _("The same figures are in the data table of the chart.")
    if chart.kind == "line":
        return svgcharts.line_figure(chart.title, labels, columns, desc=desc)
    if chart.key == "attendance":
        return svgcharts.bar_figure(chart.title, labels, [columns[2]], percent=True, desc=desc)
    if chart.key == "targets":
        shown = columns if any(r[1] is not None for r in chart.rows) else columns[1:]
        return svgcharts.bar_figure(chart.title, labels, shown, desc=desc)
    return svgcharts.bar_figure(chart.title, labels, columns[:1], desc=desc)


def render_svg(chart: Chart) -> str:
    """The chart as SVG markup for a screen (the same figures as its table)."""
    return figure(chart).svg()
