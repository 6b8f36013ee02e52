"""Amounts typed the Polish way are exact; bad amounts get clear Polish messages and write nothing."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.finance import services
from integra.finance.forms import parse_amount
from integra.finance.models import BudgetLine, CostCategory, Expense, FundingSource
from integra.finance.tests.factories import approved_budget, draft_budget, line, line_values
from integra.projects.tests.factories import ProjectFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", D("1234.56")),
        ("1\xa0234,56 zł", D("1234.56")),
        ("385 365,31", D("385365.31")),
        ("1234.5", D("1234.50")),
        ("0,01", D("0.01")),
        ("-12,30", D("-12.30")),
        ("17000", D("17000.00")),
    ],
)
def test_polish_amounts_are_parsed_exactly(text, expected):
    value = parse_amount(text)
    assert value == expected and isinstance(value, D) and value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,3.4", "Wpisz kwotę w złotych, np. 1 234,56."),
        ("abc", "Wpisz kwotę w złotych, np. 1 234,56."),
        ("1,2,3", "Wpisz kwotę w złotych, np. 1 234,56."),
        ("12,345", "Kwota może mieć najwyżej dwa miejsca po przecinku (grosze)."),
        ("0,001", "Kwota może mieć najwyżej dwa miejsca po przecinku (grosze)."),
    ],
)
def test_bad_amounts_are_refused(text, message):
    with pytest.raises(ValidationError) as refusal:
        parse_amount(text)
    assert refusal.value.messages == [message]


pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(accountant):
    project = ProjectFactory(institution=accountant.institution)
    version = approved_budget(
        accountant.membership,
        project,
        [
            line_values("1.1", "Aktywna integracja", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("50000.00")),
        ],
    )
    return project, version


def post_expense(accountant, project, version, amount: str):
    return accountant.client.post(
        reverse("finance:expense-create", args=[project.pk]),
        {
            "line": line(version, "1.1").pk,
            "date": "2011-05-16",
            "document_number": "FV/7/2011",
            "contractor": "Ośrodek Szkoleniowy",
            "description": "Kurs kucharza",
            "amount": amount,
            "source": FundingSource.EU,
        },
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100,00", "Kwota nie może być ujemna."),
        ("0,00", "Kwota musi być większa od zera"),
        ("12,345", "Kwota może mieć najwyżej dwa miejsca po przecinku (grosze)."),
        ("12,3.4", "Wpisz kwotę w złotych, np. 1 234,56."),
        ("abc", "Wpisz kwotę w złotych, np. 1 234,56."),
    ],
)
def test_bad_expense_amount_is_refused_on_the_screen(budget, accountant, amount, message):
    project, version = budget
    response = post_expense(accountant, project, version, amount)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Expense.objects.count() == 0


def test_polish_amount_is_recorded_exactly(budget, accountant):
    project, version = budget
    response = post_expense(accountant, project, version, "1 234,56")
    assert response.status_code == 302
    assert Expense.objects.get().amount == D("1234.56")


def test_bad_planned_amount_is_refused_and_the_line_unchanged(accountant):
    project = ProjectFactory(institution=accountant.institution)
    version = draft_budget(
        accountant.membership,
        project,
        [
            line_values("1.1", "Aktywna integracja", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("50000.00")),
        ],
    )
    target = line(version, "1.1")
    response = accountant.client.post(
        reverse("finance:line-edit", args=[target.pk]),
        {
            "number": "1.1",
            "task": "Aktywna integracja",
            "name": "Kursy",
            "category": CostCategory.PARTICIPANT_SUPPORT,
            "planned_eu": "-5 000,00",
            "planned_state": "0",
            "planned_own": "abc",
            "version": target.version,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kwota nie może być ujemna." in page and "Wpisz kwotę w złotych, np. 1 234,56." in page
    target.refresh_from_db()
    assert target.planned_eu == D("50000.00") and target.version == 1


def test_line_amounts_are_checked_by_the_service_too(accountant):
    project = ProjectFactory(institution=accountant.institution)
    version = draft_budget(accountant.membership, project, [])
    with pytest.raises(ValidationError):
        services.add_budget_line(
            actor=accountant.membership,
            version=version,
            **line_values("1", "Zadanie", "Pozycja", CostCategory.OTHER, eu=D("-1.00")),
        )
    with pytest.raises(ValidationError):
        services.add_budget_line(
            actor=accountant.membership,
            version=version,
            **line_values("1", "Zadanie", "Pozycja", CostCategory.OTHER, eu=D("1.005")),
        )
    assert BudgetLine.objects.count() == 0
