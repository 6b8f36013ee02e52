"""PDF and XLSX of the planning reports (integra.core.pdf, integra.core.exports)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from integra.core import svgcharts
from integra.core.exports import Column, about, xlsx_bytes
from integra.core.formats import format_date, format_percent
from integra.core.pdf import Document
from integra.core.replica import lag_note
from integra.planning.diagnosis import DIMENSIONS, Diagnosis, fte_text
from integra.planning.whatworks import CAVEAT


def _generated() -> str:
    """„Wygenerowano: 29.03.2026 14:05”, the centre's clock: a printed report says when it was made."""
    label = _("Generated")
    generated = f"{label}: {format_date(timezone.now())}"
    return " · ".join(filter(None, [generated, lag_note()]))  # read from a replica that lags: as of when


def _pl(value) -> str:
    """Two decimals with a Polish comma, or a dash."""
    return "—" if value is None else fte_text(value).replace(".", ",")


def diagnosis_charts(diagnosis: Diagnosis) -> dict[str, svgcharts.Figure]:
    """The two charts, laid out once for the screen (SVG) and the PDF (vector drawing); their figures are the
    screen's tables."""
    groups = diagnosis.groups()
    rows = diagnosis.specialties()
    desc = _("The same figures are in the table below the chart.")
    return {
        "groups": svgcharts.bar_figure(
            _("People at risk by eligibility group"),
            [label for _c, label, _p, _w in groups],
            [(_("people"), [p for *_x, p, _w in groups]), (_("women"), [w for *_x, w in groups])],
            desc=desc,
        ),
        "needs": svgcharts.bar_figure(
            _("Needs and staff by specialty"),
            [row.label for row in rows],
            [
                (_("people needing"), [row.people for row in rows]),
                (_("people the staff can support (norm × FTE)"), [row.fte * row.norm for row in rows]),
            ],
            desc=desc,
        ),
    }


def diagnosis_rows(diagnosis: Diagnosis) -> list[dict]:
    """One flat list of every figure (XLSX, and the table alternative)."""
    rows: list[dict] = [{"section": str(DIMENSIONS["all"]), "category": "", "people": diagnosis.people_at_risk}]
    for _code, label, people, women in diagnosis.groups():
        rows.append({"section": str(DIMENSIONS["group"]), "category": label, "people": people, "women": women})
    for dimension in ("labour_status", "age_band", "sex", "disability", "need"):
        for _code, label, people in diagnosis.table(dimension):
            rows.append({"section": str(DIMENSIONS[dimension]), "category": label, "people": people})
    for row in diagnosis.specialties():
        rows.append(
            {
                "section": _("specialty"),
                "category": row.label,
                "people": row.people,
                "fte": row.fte,
                "people_per_fte": row.people_per_fte,
                "norm": row.norm,
                "shortfall": row.shortfall_fte,
            }
        )
    return rows


def diagnosis_xlsx(diagnosis: Diagnosis, centre_name: str) -> bytes:
    """Every figure of the screen, the norm included, under the centre and the day the diagnosis is made for."""
    columns = [
        Column(_("Section"), lambda r: r["section"], width=28),
        Column(_("Category"), lambda r: r["category"], width=50),
        Column(_("People"), lambda r: r.get("people"), kind="int", width=10),
        Column(_("Women"), lambda r: r.get("women"), kind="int", width=10),
        Column(_("Staff FTE"), lambda r: r.get("fte"), kind="decimal", width=12),
        Column(_("People per FTE"), lambda r: r.get("people_per_fte"), kind="decimal", width=14),
        Column(capfirst(_("norm (people per FTE)")), lambda r: r.get("norm"), kind="int", width=14),
        Column(_("FTE missing against the norm"), lambda r: r.get("shortfall"), kind="decimal", width=16),
    ]
    return xlsx_bytes(
        columns,
        diagnosis_rows(diagnosis),
        sheet=_("Opening diagnosis"),
        preamble=about(
            _("Opening diagnosis"),
            (_("Centre"), centre_name),
            (capfirst(_("as of")), diagnosis.date.strftime("%d.%m.%Y")),
        ),
    )


def diagnosis_pdf(diagnosis: Diagnosis, centre_name: str) -> bytes:
    date = diagnosis.date.strftime("%d.%m.%Y")
    doc = Document(title=_("Opening diagnosis"), footer=f"{centre_name} · {date} · {_generated()}")
    doc.heading(_("Opening diagnosis"))
    as_of = _("as of")
    doc.paragraph(f"{centre_name} — {as_of} {date}")
    doc.paragraph(f"{DIMENSIONS['all']}: {diagnosis.people_at_risk}")
    doc.heading(str(DIMENSIONS["group"]), level=2)
    doc.table(
        [_("group"), _("people"), _("women")], [(label, p, w) for _c, label, p, w in diagnosis.groups()], [120, 30, 30]
    )
    for dimension in ("labour_status", "age_band", "sex", "disability", "need"):
        doc.heading(str(DIMENSIONS[dimension]), level=2)
        doc.table([_("category"), _("people")], [(label, p) for _c, label, p in diagnosis.table(dimension)], [150, 30])
    doc.heading(_("Needs and staff by specialty"), level=2)
    doc.table(
        [
            _("specialty"),
            _("people needing"),
            _("staff FTE"),
            _("people per FTE"),
            _("norm (people per FTE)"),
            _("FTE missing"),
        ],
        [
            (r.label, r.people, _pl(r.fte), _pl(r.people_per_fte), r.norm, _pl(r.shortfall_fte))
            for r in diagnosis.specialties()
        ],
        [45, 25, 25, 25, 30, 25],
    )
    for figure in diagnosis_charts(diagnosis).values():
        doc.chart(figure)
    return doc.render()


def _rate(value) -> str:
    return "—" if value is None else format_percent(Decimal(f"{value * 100:.1f}"), places=1)


def _ratio(value) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _count(value) -> str:
    return "<3" if value is None else str(value)


def whatworks_rows(report) -> list[tuple]:
    return [
        (
            e.name,
            _count(e.received),
            _count(e.with_outcome),
            _rate(e.rate),
            f"{_rate(e.ci_low)} – {_rate(e.ci_high)}" if e.ci_low is not None else "—",
            _rate(e.rate_not_received),
            _ratio(e.odds_ratio),
            f"{_ratio(e.or_ci_low)} – {_ratio(e.or_ci_high)}" if e.odds_ratio is not None else "—",
            _("yes") if e.small_group else "",
        )
        for e in report.elements
    ]


def whatworks_header() -> list[str]:
    # "95% interval" is never %-formatted: keep xgettext from flagging it python-format.
    # xgettext:no-python-format
    return [
        _("instrument / group"),
        _("received"),
        _("with the outcome"),
        _("rate"),
        _("95% interval"),
        _("rate without it"),
        _("adjusted odds ratio"),
        _("95% interval"),
        _("small group"),
    ]


def whatworks_pdf(report, title: str, outcome_label: str) -> bytes:
    doc = Document(title=_("What works"), landscape_mode=True, footer=f"{title} · {_generated()}")
    doc.heading(_("What works"))
    outcome = _("outcome")
    doc.paragraph(f"{title} — {outcome}: {outcome_label}")
    doc.paragraph(str(CAVEAT))
    if report.message:
        doc.paragraph(str(report.message))
    participants, baseline_rate = _("participants"), _("baseline rate")
    doc.paragraph(f"{participants}: {_count(report.participants)} · {baseline_rate}: {_rate(report.baseline_rate)}")
    doc.table(whatworks_header(), whatworks_rows(report), [60, 20, 22, 18, 35, 22, 25, 35, 20])
    doc.heading(_("Demand by specialty"), level=2)
    doc.table(
        [
            _("specialty"),
            _("people needing"),
            _("people served"),
            _("hours delivered"),
            _("median days from need to first session"),
        ],
        [
            (
                d.label,
                _count(d.needing),
                _count(d.served),
                f"{d.hours:.2f}".replace(".", ","),
                "—" if d.median_wait_days is None else f"{d.median_wait_days:g}".replace(".", ","),
            )
            for d in report.demand
        ],
        [60, 30, 30, 30, 60],
    )
    return doc.render()
