"""Caps: planned and spent breaches are refused (or warned about) with the cap, the share and the amount over."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.finance import services
from integra.finance.models import BudgetVersion, CapRule, CostCategory, Expense, FundingSource
from integra.finance.queries import current_version
from integra.finance.tests.factories import approved_budget, draft_budget, expense, line, line_values
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Seed 003 (Sochaczew KIS pilot): about 113 000 zł, the office adaptation may not exceed 15 % of the budget.
ADAPTATION_CAP = {
    "name": "Adaptacja biura",
    "categories": [CostCategory.OFFICE_ADAPTATION],
    "limit_percent": D("15"),
    "base": CapRule.Base.TOTAL,
}


def pilot_lines(adaptation: D) -> list[dict]:
    return [
        line_values(
            "1.1",
            "Utworzenie KIS",
            "Remont i przystosowanie pomieszczenia",
            CostCategory.OFFICE_ADAPTATION,
            eu=adaptation,
        ),
        line_values(
            "2.1",
            "Wsparcie uczestników",
            "Szkolenia, kursy, doradztwo",
            CostCategory.PARTICIPANT_SUPPORT,
            eu=D("113000.00") - adaptation,
        ),
    ]


@pytest.fixture
def pilot(coordinator):
    project = ProjectFactory(institution=coordinator.institution, code="KIS-PILOT", title="Pilotaż KIS Sochaczew")
    services.create_cap(actor=coordinator.membership, project=project, **ADAPTATION_CAP)
    return project


def history_count() -> int:
    return HistoryEntry.objects.count()


def test_seed_003_adaptation_at_15_percent_is_approved(pilot, coordinator):
    version = approved_budget(coordinator.membership, pilot, pilot_lines(D("16950.00")))  # exactly 15 % of 113 000
    assert version.status == BudgetVersion.Status.APPROVED
    assert version.cap_warnings == []


def test_planned_breach_is_refused_with_figures_and_nothing_written(pilot, coordinator):
    version = draft_budget(coordinator.membership, pilot, pilot_lines(D("18000.00")))
    before = history_count()
    with pytest.raises(ValidationError) as refusal:
        services.approve_budget_version(actor=coordinator.membership, version=version, approved_on=dt.date(2013, 12, 2))
    message = refusal.value.messages[0]
    assert "Adaptacja biura" in message
    assert "15,00 %" in message  # the cap
    assert "15,93 %" in message  # 18 000 ÷ 113 000
    assert "18 000,00 zł" in message and "113 000,00 zł" in message
    assert "1 050,00 zł" in message  # 18 000 − 16 950
    version.refresh_from_db()
    assert version.status == BudgetVersion.Status.DRAFT and version.approved_on is None
    assert history_count() == before


def test_planned_breach_message_is_polish_on_the_screen(pilot, coordinator):
    version = draft_budget(coordinator.membership, pilot, pilot_lines(D("18000.00")))
    response = coordinator.client.post(
        reverse("finance:version-approve", args=[version.pk]), {"approved_on": "2013-12-02"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Limit „Adaptacja biura”" in page
    assert "koszty planowane mogą wynosić najwyżej 15,00 % budżetu ogółem" in page
    assert "o 1 050,00 zł ponad limit" in page
    assert BudgetVersion.objects.get(pk=version.pk).status == BudgetVersion.Status.DRAFT


def test_planned_breach_only_warns_when_the_rule_says_so(pilot, coordinator):
    CapRule.objects.filter(project=pilot).update(mode=CapRule.Mode.WARN)
    version = draft_budget(coordinator.membership, pilot, pilot_lines(D("18000.00")))
    approved = services.approve_budget_version(
        actor=coordinator.membership, version=version, approved_on=dt.date(2013, 12, 2)
    )
    assert approved.status == BudgetVersion.Status.APPROVED
    assert len(approved.cap_warnings) == 1 and "1 050,00 zł" in approved.cap_warnings[0]


def test_amendment_that_breaks_the_cap_is_refused_and_the_current_version_stays(pilot, coordinator):
    first = approved_budget(coordinator.membership, pilot, pilot_lines(D("16000.00")))
    amendment = services.start_budget_version(actor=coordinator.membership, project=pilot, reason="Aneks nr 1")
    adaptation = line(amendment, "1.1")
    services.update_budget_line(
        actor=coordinator.membership, line=adaptation, expected_version=adaptation.version, planned_eu=D("17000.00")
    )
    support = line(amendment, "2.1")
    services.update_budget_line(
        actor=coordinator.membership, line=support, expected_version=support.version, planned_eu=D("96000.00")
    )
    with pytest.raises(ValidationError, match="50,00 zł"):  # 17 000 − 16 950
        services.approve_budget_version(
            actor=coordinator.membership, version=amendment, approved_on=dt.date(2014, 3, 1)
        )
    assert current_version(pilot) == first


def test_eligible_base_counts_only_eligible_lines(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    services.create_cap(
        actor=coordinator.membership,
        project=project,
        name="Środki trwałe i cross-financing",
        categories=[CostCategory.FIXED_ASSETS, CostCategory.CROSS_FINANCING],
        limit_percent=D("10"),
        base=CapRule.Base.ELIGIBLE,
    )
    lines = [
        line_values("1", "Wsparcie", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("90000.00")),
        line_values("2", "Wyposażenie", "Komputery", CostCategory.FIXED_ASSETS, eu=D("6000.00")),
        line_values("3", "Wyposażenie", "Meble", CostCategory.CROSS_FINANCING, eu=D("4000.00")),
        line_values("4", "Inne", "Koszty niekwalifikowalne", CostCategory.OTHER, own=D("5000.00"), eligible=False),
    ]
    version = draft_budget(coordinator.membership, project, lines)
    # 10 000 of 100 000 eligible = 10,00 % exactly: allowed even though the total budget is 105 000.
    services.approve_budget_version(actor=coordinator.membership, version=version, approved_on=dt.date(2014, 1, 2))


@pytest.fixture
def running_pilot(pilot, accountant, coordinator):
    version = approved_budget(coordinator.membership, pilot, pilot_lines(D("16950.00")))
    expense(accountant.membership, pilot, line(version, "1.1"), D("16000.00"), document_number="FV/10/2013")
    return version


def test_spent_breach_is_refused_with_figures_and_nothing_written(pilot, running_pilot, accountant):
    count, before = Expense.objects.count(), history_count()
    with pytest.raises(ValidationError) as refusal:
        expense(accountant.membership, pilot, line(running_pilot, "1.1"), D("1000.00"), document_number="FV/11/2013")
    message = refusal.value.messages[0]
    assert "15,00 %" in message
    assert "15,04 %" in message  # 17 000 ÷ 113 000
    assert "17 000,00 zł" in message
    assert "50,00 zł" in message  # 17 000 − 16 950
    assert Expense.objects.count() == count and history_count() == before


def test_spent_breach_on_the_screen_writes_nothing(pilot, running_pilot, accountant):
    count = Expense.objects.count()
    response = accountant.client.post(
        reverse("finance:expense-create", args=[pilot.pk]),
        {
            "line": line(running_pilot, "1.1").pk,
            "date": "2013-12-20",
            "document_number": "FV/11/2013",
            "contractor": "Remonty Kowalski",
            "description": "Malowanie",
            "amount": "1 000,00",
            "source": FundingSource.EU,
        },
    )
    assert response.status_code == 400
    assert "wydatki mogą wynosić najwyżej 15,00 % budżetu ogółem" in response.content.decode()
    assert "o 50,00 zł ponad limit" in response.content.decode()
    assert Expense.objects.count() == count


def test_spent_breach_warns_and_records_when_the_rule_says_so(pilot, running_pilot, accountant):
    CapRule.objects.filter(project=pilot).update(mode=CapRule.Mode.WARN)
    entry = {
        "line": line(running_pilot, "1.1").pk,
        "date": "2013-12-20",
        "document_number": "FV/11/2013",
        "contractor": "Remonty Kowalski",
        "description": "Malowanie",
        "amount": "1 000,00",
        "source": FundingSource.EU,
    }
    url = reverse("finance:expense-create", args=[pilot.pk])
    # The expense also takes line 1.1 over its own plan: asked first, with the cap's warning beside it.
    asked = accountant.client.post(url, entry).content.decode()
    assert "o 50,00 zł ponad limit" in asked and "Uzasadnienie przekroczenia planu pozycji" in asked
    assert not Expense.objects.filter(document_number="FV/11/2013").exists()
    response = accountant.client.post(url, {**entry, "overrun_reason": "Dodatkowe prace po odbiorze"}, follow=True)
    page = response.content.decode()
    assert "o 50,00 zł ponad limit" in page
    assert Expense.objects.filter(document_number="FV/11/2013", amount=D("1000.00")).exists()


def test_spending_up_to_the_cap_and_reductions_are_accepted(pilot, running_pilot, accountant):
    expense(accountant.membership, pilot, line(running_pilot, "1.1"), D("950.00"), document_number="FV/12/2013")
    original = Expense.objects.get(document_number="FV/10/2013")
    correction = services.correct_expense(
        actor=accountant.membership,
        original=original,
        date=dt.date(2013, 12, 30),
        document_number="KOR/1/2013",
        description="Rabat",
        amount=D("-200.00"),
    )
    assert correction.cap_warnings == []
    expense(accountant.membership, pilot, line(running_pilot, "1.1"), D("200.00"), document_number="FV/13/2013")


def test_other_categories_are_not_limited_by_the_cap(pilot, running_pilot, accountant):
    expense(accountant.membership, pilot, line(running_pilot, "2.1"), D("90000.00"), document_number="FV/20/2013")
    assert Expense.objects.filter(document_number="FV/20/2013").exists()


def test_cap_overview_shows_shares(pilot, running_pilot, director):
    page = director.client.get(reverse("finance:cap-list", args=[pilot.pk])).content.decode()
    assert "Adaptacja biura" in page
    assert "15,00 %" in page and "14,16 %" in page  # spent 16 000 ÷ 113 000


def test_cap_needs_a_category_and_a_valid_limit(pilot, coordinator):
    count = CapRule.objects.count()
    response = coordinator.client.post(
        reverse("finance:cap-create", args=[pilot.pk]),
        {
            "name": "Pusty",
            "limit_percent": "150",
            "base": "total",
            "mode": "refuse",
            "check_planned": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "To pole jest wymagane." in page
    assert "100" in page
    assert CapRule.objects.count() == count
