"""The social-contract PDF in the form of the 2010 regulation's template (in Polish, like the paper form)."""

from __future__ import annotations

from integra.casework.models import ContractObligation, SocialContract
from integra.core.pdf import Document


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "…………"


VARIANT_HEADINGS = {
    "A": "wariant A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji życiowej",
    "B": "wariant B – dla osoby w celu wzmocnienia aktywności i samodzielności życiowej, "
         "zawodowej lub przeciwdziałania wykluczeniu społecznemu",
}


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
    doc.paragraph(f"{worker.get_full_name() or worker.get_username()} – pracownikiem socjalnym, "
                  f"reprezentującym {centre.name}")
    doc.paragraph("a")
    address = " ".join(p for p in (person.street, person.building_no, person.postal_code, person.locality) if p)
    doc.paragraph(f"Panią/Panem {person.first_name} {person.last_name}" + (f", zam. {address}" if address else ""))
    members = [m.display_name for m in contract.members.select_related("household_member__participant")]
    if members:
        doc.paragraph("oraz członkami rodziny: " + ", ".join(members))
    doc.paragraph(f"Okres obowiązywania kontraktu: od {_d(contract.start_on)} do {_d(contract.end_on)}")
    if contract.project_id:
        doc.paragraph(f"Projekt: {contract.project.title}")
    doc.spacer()
    for title, text in (
        ("1. Ocena sytuacji osoby/rodziny", contract.assessment),
        ("2. Przyczyny trudnej sytuacji życiowej", contract.causes),
        ("3. Zasoby i możliwości", contract.resources),
        ("4. Ograniczenia", contract.limitations),
        ("5. Cel główny", contract.main_goal),
    ):
        doc.heading(title, level=2).paragraph(text or "—")
    doc.heading("6. Etapy realizacji, cele szczegółowe, działania i terminy", level=2)
    obligations = ContractObligation.objects.filter(contract=contract).select_related("stage").order_by(
        "stage__order", "deadline", "id"
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
    doc.table(["Etap", "Cel szczegółowy / działanie", "Strona zobowiązana", "Termin"], rows or [["—", "", "", ""]],
              col_widths_mm=[22, 95, 40, 25])
    doc.heading("7. Sposób oceny realizacji kontraktu", level=2).paragraph(contract.evaluation_method or "—")
    modifications = list(contract.modifications.all())
    if modifications:
        doc.heading("8. Zmiany kontraktu", level=2)
        doc.table(["Data", "Powód zmiany"], [[_d(m.modified_on), m.reason] for m in modifications],
                  col_widths_mm=[25, 157])
    changes = list(contract.status_changes.all())
    if changes:
        labels = dict(SocialContract.Status.choices)
        doc.heading("9. Przebieg realizacji (status)", level=2)
        doc.table(
            ["Data", "Status", "Powód", "Podjęta decyzja"],
            [[_d(c.changed_on), str(labels[c.to_status]), c.reason, c.decision] for c in changes],
            col_widths_mm=[25, 35, 70, 52],
        )
    doc.heading("10. Ocena końcowa realizacji kontraktu", level=2).paragraph(contract.final_evaluation or "—")
    doc.spacer(14)
    doc.table(["Podpis osoby/członków rodziny", "Podpis pracownika socjalnego"], [["", ""]], col_widths_mm=[91, 91],
              row_height_mm=20)
    return doc.render()
