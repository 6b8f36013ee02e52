"""PDF (integra.core.pdf.Document) and XLSX (integra.core.exports) forms of the reports.

The XLSX files hold the JSON figures one per row (label, JSON key, value), so a spreadsheet and
the JSON can be compared key by key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from integra.core.exports import Column, xlsx_bytes
from integra.core.formats import format_money
from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.reports.dashboard import Chart, centre_dashboard, project_dashboard, with_images
from integra.reports.indicators import SET_TITLES
from integra.support.models import Event

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
_NOT_FIGURES = {"project", "title", "club", "name", "year", "centre", "region", "period.start", "period.end",
                "register.voivodeship", "register.number", "register.registered_on"}


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
    return [(dt.date.fromisoformat(e["date"]).strftime("%d.%m.%Y"), str(kinds.get(e["kind"], e["kind"])), e["title"])
            for e in data.get("events", [])]


def _figure_columns() -> list[Column]:
    return [
        Column(_("Figure"), lambda r: r[0], width=50),
        Column(_("JSON key"), lambda r: r[1], width=36),
        Column(_("Value"), lambda r: r[2], kind="int", width=12),
    ]


def _figures_xlsx(data: dict[str, Any], sheet: str) -> bytes:
    return xlsx_bytes(_figure_columns(), figures(data), sheet=sheet)


def _figures_table(doc: Document, data: dict[str, Any]) -> None:
    doc.table([_("Figure"), _("Value")], shown_figures(data), col_widths_mm=[130, 40])


def _charts(doc: Document, charts: Iterable[Chart]) -> None:
    for chart in with_images(list(charts)):
        doc.heading(chart.title, level=2)
        doc.image(chart.png, width_mm=170, height_mm=68)
        doc.table(chart.header, [tuple("" if v is None else v for v in row) for row in chart.rows])
        doc.spacer()


def _footer() -> str:
    return _("Generated by Integra on %(date)s") % {"date": timezone.localdate().strftime("%d.%m.%Y")}


# --- indicators -------------------------------------------------------------------------------

def indicator_columns() -> list[Column]:
    return [
        Column(_("Code"), lambda r: r["code"], width=10),
        Column(_("Indicator"), lambda r: r["name"], width=60),
        Column(pgettext("indicators", "Total"), lambda r: r["total"], kind="int", width=10),
        Column(_("Women"), lambda r: r["women"], kind="int", width=10),
        Column(_("Men"), lambda r: r["men"], kind="int", width=10),
        Column(_("Non-binary"), lambda r: r["non_binary"], kind="int", width=10),
    ]


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
        for column in FLOW_COLUMNS for key in FLOW_LABELS
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


def indicators_xlsx(data: dict[str, Any]) -> bytes:
    rows = [*data["indicators"]]
    if data.get("flow"):
        rows += [{"code": "", "name": flow_heading(data), "total": None, "women": None, "men": None,
                  "non_binary": None}, *flow_rows(data)]
    return xlsx_bytes(indicator_columns(), rows, sheet=_("Indicators"))


def indicators_pdf(project: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("EU common indicators"), footer=_footer())
    doc.heading(_("EU common indicators"))
    doc.paragraph(f"{project.code} — {project.title}")
    if _set_title(data):
        doc.paragraph(_("Programming period %(period)s: %(title)s") % {
            "period": data["programme_period"], "title": _set_title(data)})
    doc.paragraph(_("Participants: %(n)s") % {"n": data["participants"]})
    # 2007–2013 codes are words (long_term_unemployed): a wider code column; numbers keep 23 mm so the
    # Polish headings (Ogółem, Mężczyźni) stay on one line.
    code_mm = 40 if data.get("programme_period") == "2007-2013" else 20
    doc.table([c.header for c in indicator_columns()],
              [[c.get(row) for c in indicator_columns()] for row in data["indicators"]],
              col_widths_mm=[code_mm, 172 - code_mm - 92, 23, 23, 23, 23])
    if data.get("flow"):
        doc.heading(flow_heading(data), level=2)
        doc.table([_("Participants"), pgettext("indicators", "Total"), _("Women"), _("Men"), _("Non-binary")],
                  [[r["name"], r["total"], r["women"], r["men"], r["non_binary"]] for r in flow_rows(data)],
                  col_widths_mm=[80, 23, 23, 23, 23])
    doc.spacer().paragraph(EU_FUNDING_NOTICE, style="small")
    return doc.render()


def people_columns() -> list[Column]:
    return [
        Column(_("Surname"), lambda p: p.participant.last_name, width=24),
        Column(_("First name"), lambda p: p.participant.first_name, width=20),
        Column(_("Start of participation"), lambda p: p.start_on, kind="date", width=14),
        Column(_("End of participation"), lambda p: p.end_on, kind="date", width=14),
    ]


def people_xlsx(rows: Iterable[Any]) -> bytes:
    return xlsx_bytes(people_columns(), rows, sheet=_("People"))


# --- project summary ----------------------------------------------------------------------------

def project_summary_xlsx(data: dict[str, Any]) -> bytes:
    return _figures_xlsx(data, _("Project summary"))


def project_summary_pdf(project: Any, data: dict[str, Any], charts: Iterable[Chart] | None = None) -> bytes:
    doc = Document(title=_("Project summary"), footer=_footer())
    doc.heading(_("Project summary"))
    doc.paragraph(f"{project.code} — {project.title}")
    doc.paragraph(_("Period: %(start)s – %(end)s") % {
        "start": project.start_on.strftime("%d.%m.%Y"), "end": project.end_on.strftime("%d.%m.%Y")})
    _figures_table(doc, data)
    if data["courses_completed"]["by_course"]:
        doc.heading(_("Vocational courses completed"), level=2)
        doc.table([_("Course"), _("People")], [(c["name"], c["people"]) for c in data["courses_completed"]["by_course"]],
                  col_widths_mm=[130, 40])
    if data["events"]:
        doc.heading(_("Events"), level=2)
        doc.table([_("Date"), _("Kind"), _("Title")],
                  shown_events(data),
                  col_widths_mm=[30, 30, 110])
    doc.page_break()
    _charts(doc, charts if charts is not None else project_dashboard(project))
    doc.paragraph(EU_FUNDING_NOTICE, style="small")
    return doc.render()


# --- club and centre annual reports -------------------------------------------------------------

def club_annual_xlsx(data: dict[str, Any]) -> bytes:
    return _figures_xlsx(data, _("Club annual report"))


def club_annual_pdf(club: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Annual report of the social integration club"), footer=_footer())
    doc.heading(_("Annual report of the social integration club"))
    doc.paragraph(_("%(club)s — report to the voivode for %(year)s") % {"club": club.name, "year": data["year"]})
    _figures_table(doc, data)
    doc.heading(_("Participants by eligibility group"), level=2)
    doc.table([_("Group"), _("People"), _("Women"), _("Social results"), _("Occupational results")],
              [(g["name"], g["people"], g["women"], g["social_results"], g["occupational_results"])
               for g in data["groups"]], col_widths_mm=[80, 22, 22, 24, 24])
    if data["workshops"]:
        doc.heading(_("Workshops"), level=2)
        doc.table([_("Title"), _("People"), _("Women")],
                  [(w["title"], w["people"], w["women"]) for w in data["workshops"]], col_widths_mm=[120, 25, 25])
    settlement = data.get("grant_settlement") or {}
    if settlement.get("projects"):
        doc.heading(_("Grant settlement"), level=2)
        doc.table([_("Project"), _("Planned budget"), _("Spent in the year")],
                  [(f"{p['project']} — {p['title']}", format_money(p["planned"]), format_money(p["spent_in_year"]))
                   for p in settlement["projects"]], col_widths_mm=[110, 35, 35])
    return doc.render()


def centre_annual_xlsx(data: dict[str, Any]) -> bytes:
    return _figures_xlsx(data, _("Centre yearly summary"))


def centre_annual_pdf(centre: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Yearly summary of the centre"), footer=_footer())
    doc.heading(_("Yearly summary of the centre"))
    doc.paragraph(f"{centre.name} — {data['year']}")
    _figures_table(doc, data)
    if data["projects"]:
        doc.heading(_("Projects"), level=2)
        doc.table([_("Code"), _("Title"), _("Participants")],
                  [(p["code"], p["title"], p["participants"]) for p in data["projects"]], col_widths_mm=[35, 105, 30])
    doc.page_break()
    _charts(doc, centre_dashboard(centre.pk, data["year"]))
    return doc.render()


# --- regional -----------------------------------------------------------------------------------

def regional_xlsx(data: dict[str, Any]) -> bytes:
    columns = [
        Column(_("Centre"), lambda r: r["centre"], width=40),
        Column(_("People served"), lambda r: r["people_served"], kind="int"),
        Column(_("Women"), lambda r: r["women"], kind="int"),
        Column(_("Socially useful work"), lambda r: r["socially_useful_work"], kind="int"),
        Column(_("Social contracts"), lambda r: r["social_contracts"], kind="int"),
        Column(_("Jobs"), lambda r: r["jobs"], kind="int"),
    ]
    return xlsx_bytes(columns, [*data["centres"], {"centre": _("Total"), **data["totals"]}], sheet=_("Region"))


def regional_pdf(region: Any, data: dict[str, Any]) -> bytes:
    doc = Document(title=_("Regional summary"), footer=_footer())
    doc.heading(_("Regional summary"))
    doc.paragraph(f"{region.name} — {data['year']}")
    doc.paragraph(_("Counts below 3 are shown as “<3”."), style="small")
    header = [_("Centre"), _("People served"), _("Women"), _("Socially useful work"), _("Social contracts"), _("Jobs")]
    keys = ("people_served", "women", "socially_useful_work", "social_contracts", "jobs")
    rows = [[r["centre"], *[r[k] for k in keys]] for r in data["centres"]]
    rows.append([_("Total"), *[data["totals"][k] for k in keys]])
    doc.table(header, rows, col_widths_mm=[50, 24, 24, 24, 24, 24])
    periods = regional_periods(data)
    if len(periods) > 1:
        doc.paragraph(_("Each programming period has its own indicators: their figures are never added together."),
                      style="small")
    for period in periods:
        doc.heading(_("EU common indicators, programming period %(period)s") % {"period": period["period"]}, level=2)
        doc.paragraph(period["title"], style="small")
        doc.table([c.header for c in indicator_columns()],
                  [[c.get(row) for c in indicator_columns()] for row in period["indicators"]],
                  col_widths_mm=[18, 82, 18, 18, 18, 18])
    return doc.render()


def regional_periods(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The regional summary's indicators, one table per programming period, each with its set's title."""
    return [
        {"period": p["programme_period"], "title": str(SET_TITLES[p["programme_period"]]), "indicators": p["indicators"]}
        for p in data.get("indicators_by_period", [])
    ]
