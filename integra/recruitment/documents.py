"""Printable recruitment documents: the ranking list and the committee's record (in Polish, like the paper forms)."""

from __future__ import annotations

from integra.core.collation import polish
from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.recruitment.models import Application, Decision, RecruitmentCall


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _ranked(call: RecruitmentCall):
    return call.applications.select_related("participant").order_by(
        "rank", "status", polish("participant__last_name"), polish("participant__first_name"), "id"
    )


def ranking_pdf(call: RecruitmentCall) -> bytes:
    """Lista rankingowa: rank, person, points, application date, decision."""
    labels = dict(Application.Status.choices)
    doc = Document(title=f"Lista rankingowa – {call.title}", footer=call.project.title)
    doc.heading("LISTA RANKINGOWA")
    doc.paragraph(f"{call.project.title} ({call.project.code})", "center")
    doc.paragraph(
        f"{call.title}: nabór od {_d(call.opens_on)} do {_d(call.closes_on)}; "
        f"liczba miejsc: {call.capacity}; lista rezerwowa: {call.reserve_size}"
    ).spacer()
    rows = [
        [
            a.rank or "—",
            f"{a.participant.last_name} {a.participant.first_name}",
            a.points,
            _d(a.applied_on),
            str(labels[a.status]),
            a.decision_reason,
        ]
        for a in _ranked(call)
    ]
    doc.table(
        ["Lp.", "Imię i nazwisko", "Punkty", "Data zgłoszenia", "Decyzja", "Uzasadnienie"],
        rows,
        col_widths_mm=[10, 64, 14, 24, 28, 40],
    )
    doc.spacer(8).paragraph(EU_FUNDING_NOTICE, "small")
    return doc.render()


def committee_record_pdf(call: RecruitmentCall) -> bytes:
    """Protokół komisji rekrutacyjnej: members, criteria, every decision with date and signatory."""
    labels = dict(Application.Status.choices)
    doc = Document(
        title=f"Protokół komisji rekrutacyjnej – {call.title}", footer=call.project.title, landscape_mode=True
    )
    doc.heading("PROTOKÓŁ KOMISJI REKRUTACYJNEJ")
    doc.paragraph(f"{call.project.title} ({call.project.code}) – {call.title}", "center").spacer()
    doc.heading("Skład komisji", level=2).paragraph(call.committee or "—")
    doc.heading("Kryteria rekrutacji", level=2)
    doc.table(
        ["Kryterium", "Rodzaj", "Punkty"],
        [[c.label, str(c.get_kind_display()), c.points or "—"] for c in call.criteria.all()],
        col_widths_mm=[150, 70, 30],
    )
    counts = {s: call.applications.filter(status=s).count() for s in Application.Status.values}
    doc.heading("Wynik rekrutacji", level=2).paragraph(
        f"Liczba zgłoszeń: {sum(counts.values())}; zakwalifikowani: {counts['qualified']}; "
        f"lista rezerwowa: {counts['reserve']}; odrzuceni: {counts['rejected']}; rezygnacje: {counts['withdrawn']}."
    )
    doc.heading("Decyzje", level=2)
    decisions = (
        Decision.objects.filter(application__call=call)
        .select_related("application__participant", "decided_by")
        .order_by("decided_on", "id")
    )
    doc.table(
        ["Data", "Osoba", "Było", "Decyzja", "Lp.", "Uzasadnienie", "Podpisał(a)"],
        [
            [
                _d(d.decided_on),
                f"{d.application.participant.last_name} {d.application.participant.first_name}",
                str(labels[d.from_status]),
                str(labels[d.to_status]),
                d.rank or "",
                d.reason,
                d.decided_by.get_full_name() or d.decided_by.get_username(),
            ]
            for d in decisions
        ],
        col_widths_mm=[22, 58, 32, 32, 12, 70, 40],
    )
    doc.spacer(12).paragraph("Podpisy członków komisji:").spacer(16)
    return doc.render()
