"""Finance test data built through the services, so tests exercise the same rules as the screens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from integra.finance import services
from integra.finance.models import BudgetLine, BudgetVersion, CostCategory, FundingSource
from integra.support.models import InstrumentGroup

# Seed 004 (MOPS Leżajsk, 2011): 385 365,31 zł = 344 901,95 zł EU + 40 463,36 zł own contribution (benefits).
SEED_004_LINES = [
    (
        "1.1",
        "Aktywna integracja",
        "Trening kompetencji i umiejętności społecznych",
        CostCategory.PARTICIPANT_SUPPORT,
        InstrumentGroup.SOCIAL,
        D("52000.00"),
        D("0.00"),
    ),
    (
        "1.2",
        "Aktywna integracja",
        "Kursy i szkolenia zawodowe",
        CostCategory.PARTICIPANT_SUPPORT,
        InstrumentGroup.EDUCATIONAL,
        D("118350.00"),
        D("0.00"),
    ),
    (
        "1.3",
        "Aktywna integracja",
        "Doradca zawodowy i psycholog",
        CostCategory.PARTICIPANT_SUPPORT,
        InstrumentGroup.VOCATIONAL,
        D("36000.00"),
        D("0.00"),
    ),
    (
        "1.4",
        "Aktywna integracja",
        "Zasiłki celowe i okresowe dla uczestników",
        CostCategory.BENEFITS,
        "",
        D("0.00"),
        D("40463.36"),
    ),
    (
        "2.1",
        "Praca socjalna",
        "Wynagrodzenie pracownika socjalnego (½ etatu)",
        CostCategory.STAFF,
        InstrumentGroup.SOCIAL_WORK,
        D("78551.95"),
        D("0.00"),
    ),
    (
        "3.1",
        "Zarządzanie projektem",
        "Koordynacja i obsługa finansowa",
        CostCategory.MANAGEMENT,
        "",
        D("52000.00"),
        D("0.00"),
    ),
    (
        "4.1",
        "Promocja projektu",
        "Konferencja podsumowująca i materiały promocyjne",
        CostCategory.PROMOTION,
        "",
        D("8000.00"),
        D("0.00"),
    ),
]


def line_values(
    number: str,
    task: str,
    name: str,
    category: str,
    group: str = "",
    eu: D = D("0"),
    own: D = D("0"),
    state: D = D("0"),
    eligible: bool = True,
) -> dict:
    return {
        "number": number,
        "task": task,
        "name": name,
        "category": category,
        "instrument_group": group,
        "eligible": eligible,
        "planned_eu": eu,
        "planned_state": state,
        "planned_own": own,
    }


def draft_budget(actor, project, lines: list[dict]) -> BudgetVersion:
    version = services.start_budget_version(actor=actor, project=project, reason="Wniosek o dofinansowanie")
    for values in lines:
        services.add_budget_line(actor=actor, version=version, **values)
    return version


def approved_budget(actor, project, lines: list[dict], approved_on: dt.date = dt.date(2011, 1, 10)) -> BudgetVersion:
    version = draft_budget(actor, project, lines)
    return services.approve_budget_version(actor=actor, version=version, approved_on=approved_on)


def seed_004_budget(actor, project) -> BudgetVersion:
    return approved_budget(actor, project, [line_values(*row) for row in SEED_004_LINES])


def line(version: BudgetVersion, number: str) -> BudgetLine:
    return version.lines.get(number=number)


def expense(
    actor,
    project,
    line: BudgetLine,
    amount: D,
    *,
    date: dt.date = dt.date(2011, 5, 16),
    source: str = FundingSource.EU,
    document_number: str = "FV/1/2011",
    **extra,
):
    return services.record_expense(
        actor=actor,
        project=project,
        line=line,
        date=date,
        document_number=document_number,
        contractor=extra.pop("contractor", "Firma Szkoleniowa Sp. z o.o."),
        description=extra.pop("description", "Szkolenie"),
        amount=amount,
        source=source,
        **extra,
    )
