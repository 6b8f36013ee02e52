"""The social-contract PDF in the form of the 2010 regulation's template (in Polish, like the paper form)."""

from __future__ import annotations

import itertools

from integra.casework.models import ContractObligation, SocialContract
from integra.core.pdf import Document
from integra.people.models import Participant, Sex


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "…………"


VARIANT_HEADINGS = {
    "A": "wariant A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji życiowej",
    "B": "wariant B – dla osoby w celu wzmocnienia aktywności i samodzielności życiowej, "
    "zawodowej lub przeciwdziałania wykluczeniu społecznemu",
}


# The form's „Panią/Panem” made out for the person: by the sex recorded; a non-binary person is named without one.
ADDRESSED = {Sex.FEMALE: "Panią", Sex.MALE: "Panem"}


def _addressed(person: Participant) -> str:
    return ADDRESSED.get(person.sex, "")


def contract_pdf(contract: SocialContract) -> bytes:
    """Render one contract with its stages, mutual obligations, modifications and status history."""
    person = contract.participant
    worker = contract.social_worker.user
    centre = contract.institution
    doc = Document(title=f"Kontrakt socjalny nr {contract.number}", footer=f"Kontrakt socjalny nr {contract.number}")
    doc.heading("KONTRAKT SOCJALNY")
    doc.paragraph(VARIANT_HEADINGS[contract.variant], "center")
    doc.paragraph(f"Nr {contract.number}, zawarty w dniu {_d(contract.signed_on)}", "center").spacer()
    doc.paragraph("pomiędzy:")
    doc.paragraph(
        f"{worker.get_full_name() or worker.get_username()} – pracownikiem socjalnym, reprezentującym {centre.name}"
    )
    doc.paragraph("a")
    address = " ".join(p for p in (person.street, person.building_no, person.postal_code, person.locality) if p)
    doc.paragraph(
        f"{_addressed(person)} {person.first_name} {person.last_name}".lstrip()
        + (f", zam. {address}" if address else "")
    )
    members = [m.display_name for m in contract.members.select_related("household_member__participant")]
    if members:
        doc.paragraph("oraz członkami rodziny: " + ", ".join(members))
    doc.paragraph(f"Okres obowiązywania kontraktu: od {_d(contract.start_on)} do {_d(contract.end_on)}")
    if contract.project_id:
        doc.paragraph(f"Projekt: {contract.project.title}")
    doc.spacer()
    section = itertools.count(1)  # sections are numbered as printed: one left out leaves no gap

    def heading(title: str) -> Document:
        return doc.heading(f"{next(section)}. {title}", level=2)

    for title, text in (
        ("Ocena sytuacji osoby/rodziny", contract.assessment),
        ("Przyczyny trudnej sytuacji życiowej", contract.causes),
        ("Zasoby i możliwości", contract.resources),
        ("Ograniczenia", contract.limitations),
        ("Cel główny", contract.main_goal),
    ):
        heading(title).paragraph(text or "—")
    heading("Etapy realizacji, cele szczegółowe, działania i terminy")
    obligations = (
        ContractObligation.objects.filter(contract=contract)
        .select_related("stage")
        .order_by("stage__order", "deadline", "id")
    )
    by_stage: dict[int, list[ContractObligation]] = {}
    for obligation in obligations:
        by_stage.setdefault(obligation.stage_id, []).append(obligation)
    rows = []
    for stage in contract.stages.order_by("order", "id"):
        rows.append([f"Etap {stage.order}", stage.goal, "", _d(stage.deadline)])
        for ob in by_stage.get(stage.pk, []):
            party = "Osoba/rodzina" if ob.party == ContractObligation.Party.PARTICIPANT else "Ośrodek pomocy społecznej"
            rows.append(["", ob.action, party, _d(ob.deadline)])
    doc.table(
        ["Etap", "Cel szczegółowy / działanie", "Strona zobowiązana", "Termin"],
        rows or [["—", "", "", ""]],
        col_widths_mm=[22, 95, 40, 25],
    )
    heading("Sposób oceny realizacji kontraktu").paragraph(contract.evaluation_method or "—")
    modifications = list(contract.modifications.all())
    if modifications:
        heading("Zmiany kontraktu")
        doc.table(
            ["Data", "Powód zmiany"], [[_d(m.modified_on), m.reason] for m in modifications], col_widths_mm=[25, 157]
        )
    changes = list(contract.status_changes.all())
    if changes:
        labels = dict(SocialContract.Status.choices)
        heading("Przebieg realizacji (status)")
        doc.table(
            ["Data", "Status", "Powód", "Podjęta decyzja"],
            [[_d(c.changed_on), str(labels[c.to_status]), c.reason, c.decision] for c in changes],
            col_widths_mm=[25, 35, 70, 52],
        )
    heading("Ocena końcowa realizacji kontraktu").paragraph(contract.final_evaluation or "—")
    doc.spacer(14)
    doc.table(
        ["Podpis osoby/członków rodziny", "Podpis pracownika socjalnego"],
        [["", ""]],
        col_widths_mm=[91, 91],
        row_height_mm=20,
    )
    return doc.render()
