"""PDF (integra.core.pdf.Document) and XLSX (integra.core.exports) forms of the reports.

The XLSX files hold the figures one per row (label, value), in the JSON's order; the JSON keys are for programs
(`integra report … --format json`) and are never shown to staff (issue 23: no „Klucz JSON” column).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from integra.core.exports import Column, Table, about, xlsx_bytes
from integra.core.formats import format_date, format_money
from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.core.replica import lag_note
from integra.projects.models import ProgrammePeriod
from integra.reports.dashboard import Chart, centre_dashboard, figure, project_dashboard
from integra.reports.indicators import SET_TITLES, indicator_set, reader_code
from integra.reports.queries import unanswered_sensitive
from integra.support.models import ActivityKind, Event

LABELS = {
    "participants.total": gettext_lazy("Participants"),
    "participants.women": gettext_lazy("Participants – women"),
    "participants.men": gettext_lazy("Participants – men"),
    "participants.non_binary": gettext_lazy("Participants – non-binary"),
    "participants_exited": gettext_lazy("Participants who left"),
    "families": gettext_lazy("Families"),
    "people_with_disabilities": gettext_lazy("People with disabilities"),
    "social_contracts": gettext_lazy("Social contracts"),
    "social_contracts.contracts": gettext_lazy("Social contracts"),
    "social_contracts.people": gettext_lazy("People under social contracts"),
    "social_contracts.women": gettext_lazy("People under social contracts – women"),
    "local_activity_programmes": gettext_lazy("Local activity programmes (PAL)"),
    "individual_plans": gettext_lazy("Individual action plans (IPD)"),
    "recruitment.applications": gettext_lazy("Applications"),
    "recruitment.qualified": gettext_lazy("Qualified"),
    "recruitment.capacity": gettext_lazy("Places"),
    "courses_completed.people": gettext_lazy("Vocational courses completed (people)"),
    "driving_licences": gettext_lazy("Driving licences"),
    "qualifications_gained": gettext_lazy("Qualifications gained"),
    "internships.people": gettext_lazy("Internships (people)"),
    "internships.under_30": gettext_lazy("Internships – people under 30"),
    "socially_useful_work.people": gettext_lazy("Socially useful work (people)"),
    "socially_useful_work.women": gettext_lazy("Socially useful work – women"),
    "socially_useful_work.men": gettext_lazy("Socially useful work – men"),
    "socially_useful_work.aged_50_plus": gettext_lazy("Socially useful work – aged 50+"),
    "socially_useful_work.women_aged_50_plus": gettext_lazy("Socially useful work – women aged 50+"),
    "socially_useful_work.hours": gettext_lazy("Socially useful work – hours"),
    "socially_useful_work.units": gettext_lazy("Socially useful work – units"),
    "cis_referrals": gettext_lazy("Referrals to CIS"),
    "family_assistant_families": gettext_lazy("Families with a family assistant"),
    "jobs.total": gettext_lazy("Jobs (people)"),
    "jobs.people": gettext_lazy("Jobs (people)"),
    "jobs.internship": gettext_lazy("Jobs – internships"),
    "jobs.employment_contract": gettext_lazy("Jobs – employment contracts"),
    "jobs.self_employment": gettext_lazy("Jobs – self-employment"),
    "people_served.total": gettext_lazy("People served"),
    "people_served.women": gettext_lazy("People served – women"),
    "results.social": gettext_lazy("People with social results"),
    "results.occupational": gettext_lazy("People with occupational results"),
    "staff.people": gettext_lazy("Staff (people)"),
    "staff.fte": gettext_lazy("Staff (FTE)"),
    "totals.people_served": gettext_lazy("People served"),
    "totals.women": gettext_lazy("People served – women"),
    "totals.socially_useful_work": gettext_lazy("Socially useful work (people)"),
    "totals.social_contracts": gettext_lazy("People under social contracts"),
    "totals.jobs": gettext_lazy("Jobs (people)"),
    "letters_of_thanks": gettext_lazy("Letters of thanks"),
    "grant_settlement.planned": gettext_lazy("Grant settlement – planned budget"),
    "grant_settlement.spent_in_year": gettext_lazy("Grant settlement – spent in the year"),
}
# Figures that are amounts (JSON strings with two decimals) and are shown as „1 234,56 zł”.
MONEY_FIGURES = {"grant_settlement.planned", "grant_settlement.spent_in_year"}

# Scalar keys that name the report rather than count something.
_NOT_FIGURES = {
    "project",
    "title",
    "club",
    "name",
    "year",
    "centre",
    "region",
    "period.start",
    "period.end",
    "register.voivodeship",
    "register.number",
    "register.registered_on",
}


def figures(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str, Any]]:
    """(label, JSON key, value) of every scalar figure, in the JSON's order; lists are tables of their own."""
    rows: list[tuple[str, str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += figures(value, f"{path}.")
        elif isinstance(value, list) or path in _NOT_FIGURES:
            continue
        else:
            rows.append((str(LABELS.get(path, path)), path, value))
    return rows


def shown(key: str, value: Any) -> str:
    """A figure as a reader sees it: amounts in złoty, decimals with a comma."""
    if key in MONEY_FIGURES:
        return format_money(value)
    if isinstance(value, str | float | Decimal) and re.fullmatch(r"-?\d+\.\d+", str(value)):
        return str(value).replace(".", ",")
    return "" if value is None else str(value)


def shown_figures(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value as shown) of every scalar figure, for screens and PDFs."""
    return [(label, shown(key, value)) for label, key, value in figures(data)]


def shown_events(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(date, kind, title) of the report's events in Polish."""
    kinds = dict(Event.Kind.choices)
    return [
        (dt.date.fromisoformat(e["date"]).strftime("%d.%m.%Y"), str(kinds.get(e["kind"], e["kind"])), e["title"])
        for e in data.get("events", [])
    ]


def shown_activities(data: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    """(title, kind in Polish, dates, people) of a club's activities in the year."""
    kinds = dict(ActivityKind.choices)
    return [
        (a["title"], str(kinds.get(a["kind"], a["kind"])), _dates(a["start"], a["end"]), a["people"])
        for a in data.get("activities", [])
    ]


def _figure_columns() -> list[Column]:
    return [
        Column(_("Figure"), lambda r: r[0], width=50),
        Column(_("Value"), lambda r: r[2], kind="int", width=12),
    ]


def _figures_xlsx(
    data: dict[str, Any], sheet: str, preamble: list[tuple[str, ...]], tables: Iterable[Table] = ()
) -> bytes:
    """The figures one per row, then the screen's other tables, under a preamble that says what the file is."""
    return xlsx_bytes(_figure_columns(), figures(data), sheet=sheet, preamble=preamble, tables=list(tables))


def _dates(start: dt.date | str, end: dt.date | str) -> str:
    start = dt.date.fromisoformat(start) if isinstance(start, str) else start
    end = dt.date.fromisoformat(end) if isinstance(end, str) else end
    return f"{format_date(start)} – {format_date(end)}"


def period_label(period: str) -> str:
    """„2007–2013” (the choice's label), or the stored text when it is not a known period."""
    return str(ProgrammePeriod(period).label) if period in ProgrammePeriod.values else period


def project_lines(project: Any) -> list[tuple[str, str]]:
    """What a project report is about: the project (code and title), its programming period and its dates."""
    return [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Programming period"), period_label(project.programme_period)),
        (_("Project period"), _dates(project.start_on, project.end_on)),
    ]


def _figures_table(doc: Document, data: dict[str, Any]) -> None:
    doc.table([_("Figure"), _("Value")], shown_figures(data), col_widths_mm=[130, 40])


def _charts(doc: Document, charts: Iterable[Chart]) -> None:
    for chart in charts:
        doc.heading(chart.title, level=2)
        if not chart.empty:  # as on the screen: no empty frame; the table below says what there is
            doc.chart(figure(chart))
        numbers = len(chart.header) - 1  # the label first, then 30 mm for each figure
        doc.table(
            chart.header,
            [tuple("" if v is None else v for v in row) for row in chart.rows],
            col_widths_mm=[170 - 30 * numbers, *[30] * numbers],
        )
        doc.spacer()


def _footer() -> str:
    """„Wygenerowano w systemie Integra 29.03.2026 14:05” (the centre's clock), on every page."""
    generated = _("Generated by Integra on %(date)s") % {"date": format_date(timezone.now())}
    return " · ".join(filter(None, [generated, lag_note()]))  # read from a replica that lags: as of when


def _lines(doc: Document, lines: Iterable[tuple[str, str]]) -> None:
    for label, value in lines:
        doc.paragraph(f"{label}: {value}")


# --- indicators -------------------------------------------------------------------------------


def shows_codes(period: str) -> bool:
    """Whether the period's indicators have codes a reader knows (2007–2013 has none: its rows are labelled; a row
    with only Integra's key shows no code, `reader_code`)."""
    try:
        return any(i.public_code for i in indicator_set(period))
    except LookupError:
        return True


def indicator_columns(*, codes: bool = True, no_data: bool = False) -> list[Column]:
    """The indicators table as the screen shows it: code (when the period has codes), indicator, total, women,
    men, non-binary, and for a project's own report „Brak danych” (people with no answer recorded)."""
    return [
        *([Column(_("Code"), lambda r: reader_code(r["code"]), width=10)] if codes else []),
        Column(_("Indicator"), lambda r: r["name"], width=60),
        Column(pgettext("indicators", "Total"), lambda r: r["total"], kind="int", width=10),
        Column(_("Women"), lambda r: r["women"], kind="int", width=10),
        Column(_("Men"), lambda r: r["men"], kind="int", width=10),
        Column(_("Non-binary"), lambda r: r["non_binary"], kind="int", width=10),
        *([Column(_("No data"), lambda r: r.get("no_data"), kind="int", width=10)] if no_data else []),
    ]


def indicator_rows(project: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON's indicators with `no_data` (special-category indicators only; None elsewhere)."""
    unanswered = unanswered_sensitive(project)
    return [{**r, "no_data": unanswered.get(r["code"])} for r in data["indicators"]]


FLOW_LABELS = {
    "entered": gettext_lazy("entered the project"),
    "continuing": gettext_lazy("continuing participation"),
    "completed": gettext_lazy("completed participation on the planned path"),
    "interrupted": gettext_lazy("interrupted participation"),
}
FLOW_COLUMNS = {
    "in_period": gettext_lazy("in the payment-claim period"),
    "since_start": gettext_lazy("since the start of the project"),
}


def flow_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The 2007–2013 participant flow as indicator-shaped rows (code = JSON path under `flow`)."""
    flow = data.get("flow")
    if not flow:
        return []
    return [
        {"code": f"{column}.{key}", "name": f"{FLOW_LABELS[key]} ({FLOW_COLUMNS[column]})", **flow[column][key]}
        for column in FLOW_COLUMNS
        for key in FLOW_LABELS
    ]


def flow_columns() -> list[Column]:
    return [
        Column(_("Participants"), lambda r: r["name"], width=60),
        *indicator_columns(codes=False)[1:],
    ]


def flow_heading(data: dict[str, Any]) -> str:
    flow = data["flow"]
    return _("Participant flow of the payment claim: %(start)s – %(end)s") % {
        "start": dt.date.fromisoformat(flow["from"]).strftime("%d.%m.%Y"),
        "end": dt.date.fromisoformat(flow["to"]).strftime("%d.%m.%Y"),
    }


def _set_title(data: dict[str, Any]) -> str:
    title = SET_TITLES.get(data.get("programme_period", ""))
    return str(title) if title else ""


def _indicator_lines(project: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    lines = project_lines(project)
    if _set_title(data):
        lines[1] = (lines[1][0], f"{lines[1][1]}: {_set_title(data)}")
    lines.append((_("Participants"), str(data["participants"])))
    if data.get("flow"):
        lines.append((_("Payment-claim period"), _dates(data["flow"]["from"], data["flow"]["to"])))
    return lines


NO_DATA_NOTE = gettext_lazy(
    "No data: people with no answer recorded. They count in the total number of participants, never in the indicator."
)


def indicators_xlsx(project: Any, data: dict[str, Any]) -> bytes:
    """Every column of the screen (no data included) under the project, its period and the time it was made;
    the 2007–2013 participant flow as a second table."""
    tables = [Table(flow_heading(data), flow_columns(), flow_rows(data))] if data.get("flow") else []
    return xlsx_bytes(
        indicator_columns(codes=shows_codes(data["programme_period"]), no_data=True),
        indicator_rows(project, data),
        sheet=_("Indicators"),
        preamble=[*about(_("EU common indicators"), *_indicator_lines(project, data)), (str(NO_DATA_NOTE),)],
        tables=tables,
    )


def indicators_pdf(project: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("EU common indicators"), footer=_footer())
    doc.heading(_("EU common indicators"))
    _lines(doc, _indicator_lines(project, data))
    columns = indicator_columns(codes=shows_codes(data["programme_period"]), no_data=True)
    # Numbers keep 19 mm so the Polish headings (Ogółem, Mężczyźni, Brak danych) stay on one line; a code column
    # only where the period has codes.
    names_mm = 172 - 5 * 19 - (18 if len(columns) == 7 else 0)
    doc.table(
        [c.header for c in columns],
        [[c.get(row) for c in columns] for row in indicator_rows(project, data)],
        col_widths_mm=[*([18] if len(columns) == 7 else []), names_mm, 19, 19, 19, 19, 19],
    )
    doc.paragraph(str(NO_DATA_NOTE), style="small")
    if data.get("flow"):
        doc.heading(flow_heading(data), level=2)
        doc.table(
            [c.header for c in flow_columns()],
            [[c.get(r) for c in flow_columns()] for r in flow_rows(data)],
            col_widths_mm=[77, 19, 19, 19, 19],
        )
    doc.spacer().paragraph(EU_FUNDING_NOTICE, style="small")
    return doc.render()


def people_columns() -> list[Column]:
    return [
        Column(_("Surname"), lambda p: p.participant.last_name, width=24),
        Column(_("First name"), lambda p: p.participant.first_name, width=20),
        Column(_("Start of participation"), lambda p: p.start_on, kind="date", width=14),
        Column(_("End of participation"), lambda p: p.end_on, kind="date", width=14),
    ]


def people_preamble(project: Any, indicator: Any, sex_label: str) -> list[tuple[str, ...]]:
    """The drill-down's file says whose list it is: the indicator (and sex), the project, its period."""
    lines = [(_("Indicator"), indicator.label), *project_lines(project)]
    if sex_label:
        lines.insert(1, (_("Sex"), sex_label))
    return about(_("People counted in an EU indicator"), *lines)


# --- project summary ----------------------------------------------------------------------------


def _summary_tables(data: dict[str, Any]) -> list[Table]:
    """The summary screen's tables below the figures (courses by title, events, groups, workshops, projects,
    activities and the grant settlement of a club), in the order the screen shows them; empty ones left out."""
    kinds = dict(ActivityKind.choices)
    specs = [
        (
            _("Vocational courses completed"),
            [Column(_("Course"), itemgetter(0), width=50), Column(_("People"), itemgetter(1), kind="int")],
            [(c["name"], c["people"]) for c in (data.get("courses_completed") or {}).get("by_course", [])],
        ),
        (
            _("Events"),
            [Column(_("Date"), itemgetter(0)), Column(_("Kind"), itemgetter(1)), Column(_("Title"), itemgetter(2))],
            shown_events(data),
        ),
        (
            _("Participants by eligibility group"),
            [
                Column(_("Group"), itemgetter("name"), width=50),
                Column(_("People"), itemgetter("people"), kind="int"),
                Column(_("Women"), itemgetter("women"), kind="int"),
                Column(_("Social results"), itemgetter("social_results"), kind="int"),
                Column(_("Occupational results"), itemgetter("occupational_results"), kind="int"),
            ],
            data.get("groups", []),
        ),
        (
            _("Workshops"),
            [
                Column(_("Title"), itemgetter("title"), width=50),
                Column(_("People"), itemgetter("people"), kind="int"),
                Column(_("Women"), itemgetter("women"), kind="int"),
            ],
            data.get("workshops", []),
        ),
        (
            _("Activities"),
            [
                Column(_("Title"), itemgetter("title"), width=50),
                Column(_("Kind"), lambda a: str(kinds.get(a["kind"], a["kind"]))),
                Column(_("Start"), lambda a: dt.date.fromisoformat(a["start"]), kind="date"),
                Column(_("End"), lambda a: dt.date.fromisoformat(a["end"]), kind="date"),
                Column(_("People"), itemgetter("people"), kind="int"),
            ],
            data.get("activities", []),
        ),
        (
            _("Grant settlement"),
            [
                Column(_("Project"), lambda p: f"{p['project']} — {p['title']}", width=50),
                Column(_("Planned budget"), lambda p: Decimal(p["planned"]), kind="money"),
                Column(_("Spent in the year"), lambda p: Decimal(p["spent_in_year"]), kind="money"),
                Column(_("Spent: EU"), lambda p: Decimal(p["spent_eu"]), kind="money"),
                Column(_("Spent: own contribution"), lambda p: Decimal(p["spent_own"]), kind="money"),
            ],
            (data.get("grant_settlement") or {}).get("projects", []),
        ),
        (
            _("Projects"),
            [
                Column(_("Code"), itemgetter("code"), width=30),
                Column(_("Title"), itemgetter("title"), width=50),
                Column(_("Participants"), itemgetter("participants"), kind="int"),
            ],
            data.get("projects", []),
        ),
    ]
    return [Table(str(title), columns, rows) for title, columns, rows in specs if rows]


def project_summary_xlsx(project: Any, data: dict[str, Any]) -> bytes:
    return _figures_xlsx(
        data, _("Project summary"), about(_("Project summary"), *project_lines(project)), _summary_tables(data)
    )


def project_summary_pdf(project: Any, data: dict[str, Any], charts: Iterable[Chart] | None = None) -> bytes:
    doc = Document(title=_("Project summary"), footer=_footer())
    doc.heading(_("Project summary"))
    _lines(doc, project_lines(project))
    _figures_table(doc, data)
    if data["courses_completed"]["by_course"]:
        doc.heading(_("Vocational courses completed"), level=2)
        doc.table(
            [_("Course"), _("People")],
            [(c["name"], c["people"]) for c in data["courses_completed"]["by_course"]],
            col_widths_mm=[130, 40],
        )
    if data["events"]:
        doc.heading(_("Events"), level=2)
        doc.table([_("Date"), _("Kind"), _("Title")], shown_events(data), col_widths_mm=[30, 30, 110])
    doc.page_break()
    _charts(doc, charts if charts is not None else project_dashboard(project))
    doc.paragraph(EU_FUNDING_NOTICE, style="small")
    return doc.render()


# --- club and centre annual reports -------------------------------------------------------------


def _club_lines(club: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    register = data.get("register") or {}
    lines = [(_("Club"), f"{club.name} ({club.code})"), (_("Reporting year"), str(data["year"]))]
    if register.get("number"):
        lines.append((_("Register entry"), f"{register.get('voivodeship') or ''} {register['number']}".strip()))
    return lines


def club_annual_xlsx(club: Any, data: dict[str, Any]) -> bytes:
    title = _("Annual report of the social integration club")
    return _figures_xlsx(data, _("Club annual report"), about(title, *_club_lines(club, data)), _summary_tables(data))


def club_annual_pdf(club: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Annual report of the social integration club"), footer=_footer())
    doc.heading(_("Annual report of the social integration club"))
    doc.paragraph(_("%(club)s — report to the voivode for %(year)s") % {"club": club.name, "year": data["year"]})
    _lines(doc, _club_lines(club, data)[2:])
    _figures_table(doc, data)
    doc.heading(_("Participants by eligibility group"), level=2)
    doc.table(
        [_("Group"), _("People"), _("Women"), _("Social results"), _("Occupational results")],
        [(g["name"], g["people"], g["women"], g["social_results"], g["occupational_results"]) for g in data["groups"]],
        col_widths_mm=[80, 22, 22, 24, 24],
    )
    if data["workshops"]:
        doc.heading(_("Workshops"), level=2)
        doc.table(
            [_("Title"), _("People"), _("Women")],
            [(w["title"], w["people"], w["women"]) for w in data["workshops"]],
            col_widths_mm=[120, 25, 25],
        )
    if data.get("activities"):
        doc.heading(_("Activities"), level=2)
        doc.table(
            [_("Title"), _("Kind"), _("Period"), _("People")], shown_activities(data), col_widths_mm=[70, 35, 45, 20]
        )
    settlement = data.get("grant_settlement") or {}
    if settlement.get("projects"):
        doc.heading(_("Grant settlement"), level=2)
        doc.table(
            [_("Project"), _("Planned budget"), _("Spent in the year"), _("Spent: EU"), _("Spent: own contribution")],
            [
                (
                    f"{p['project']} — {p['title']}",
                    format_money(p["planned"]),
                    format_money(p["spent_in_year"]),
                    format_money(p["spent_eu"]),
                    format_money(p["spent_own"]),
                )
                for p in settlement["projects"]
            ],
            col_widths_mm=[60, 28, 28, 28, 28],
        )
    return doc.render()


def _centre_lines(centre: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(_("Centre"), centre.name), (_("Reporting year"), str(data["year"]))]


def centre_annual_xlsx(centre: Any, data: dict[str, Any]) -> bytes:
    title = _("Yearly summary of the centre")
    return _figures_xlsx(
        data, _("Centre yearly summary"), about(title, *_centre_lines(centre, data)), _summary_tables(data)
    )


def centre_annual_pdf(centre: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Yearly summary of the centre"), footer=_footer())
    doc.heading(_("Yearly summary of the centre"))
    doc.paragraph(f"{centre.name} — {data['year']}")
    _figures_table(doc, data)
    if data["projects"]:
        doc.heading(_("Projects"), level=2)
        doc.table(
            [_("Code"), _("Title"), _("Participants")],
            [(p["code"], p["title"], p["participants"]) for p in data["projects"]],
            col_widths_mm=[35, 105, 30],
        )
    doc.page_break()
    _charts(doc, centre_dashboard(centre.pk, data["year"]))
    return doc.render()


# --- regional -----------------------------------------------------------------------------------


def regional_columns() -> list[Column]:
    return [
        Column(_("Centre"), itemgetter("centre"), width=40),
        Column(_("People served"), itemgetter("people_served"), kind="int"),
        Column(_("Women"), itemgetter("women"), kind="int"),
        Column(_("Socially useful work"), itemgetter("socially_useful_work"), kind="int"),
        Column(_("Social contracts"), itemgetter("social_contracts"), kind="int"),
        Column(_("Jobs"), itemgetter("jobs"), kind="int"),
    ]


SUPPRESSION_NOTE = gettext_lazy("Counts below 3 are shown as “<3”.")
WITHHELD_NOTE = gettext_lazy("“#”: a count of 3 or more withheld so that no “<3” can be worked out from the totals.")


def regional_xlsx(region: Any, data: dict[str, Any]) -> bytes:
    """The screen's centres table and, below it, one indicators table per programming period."""
    tables = [
        Table(
            f"{period['heading']} — {period['title']}",
            indicator_columns(codes=period["codes"]),
            period["indicators"],
        )
        for period in regional_periods(data)
    ]
    return xlsx_bytes(
        regional_columns(),
        [*data["centres"], {"centre": _("Total"), **data["totals"]}],
        sheet=_("Region"),
        preamble=[
            *about(_("Regional summary"), (_("Regional body"), region.name), (_("Reporting year"), str(data["year"]))),
            (str(SUPPRESSION_NOTE),),
            (str(WITHHELD_NOTE),),
        ],
        tables=tables,
    )


def regional_pdf(region: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Regional summary"), footer=_footer())
    doc.heading(_("Regional summary"))
    doc.paragraph(f"{region.name} — {data['year']}")
    doc.paragraph(f"{SUPPRESSION_NOTE} {WITHHELD_NOTE}", style="small")
    columns = regional_columns()
    rows = [[c.get(r) for c in columns] for r in [*data["centres"], {"centre": _("Total"), **data["totals"]}]]
    doc.table([c.header for c in columns], rows, col_widths_mm=[50, 24, 24, 24, 24, 24])
    periods = regional_periods(data)
    if len(periods) > 1:
        doc.paragraph(
            _("Each programming period has its own indicators: their figures are never added together."), style="small"
        )
    for period in periods:
        columns = indicator_columns(codes=period["codes"])
        doc.heading(period["heading"], level=2)
        doc.paragraph(period["title"], style="small")
        doc.table(
            [c.header for c in columns],
            [[c.get(row) for c in columns] for row in period["indicators"]],
            col_widths_mm=[18, 82, 18, 18, 18, 18] if period["codes"] else [100, 18, 18, 18, 18],
        )
    return doc.render()


def regional_periods(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The regional summary's indicators, one table per programming period, each with its set's title."""
    return [
        {
            "period": p["programme_period"],
            "heading": _("EU common indicators, programming period %(period)s")
            % {"period": period_label(p["programme_period"])},
            "title": str(SET_TITLES[p["programme_period"]]),
            "codes": shows_codes(p["programme_period"]),
            "indicators": [{**r, "reader_code": reader_code(r["code"])} for r in p["indicators"]],
        }
        for p in data.get("indicators_by_period", [])
    ]
