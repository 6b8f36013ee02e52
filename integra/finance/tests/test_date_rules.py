"""Money is recorded once it moved: an expense, a benefit or an approval dated after today is refused."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.finance import services
from integra.finance.models import Benefit, CostCategory, Expense
from integra.finance.tests.factories import approved_budget, draft_budget, expense, line, line_values
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_may():
    with time_machine.travel(dt.datetime(2011, 5, 16, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def project(accountant):
    project = ProjectFactory(
        institution=accountant.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    approved_budget(
        accountant.membership, project, [line_values("1.1", "Zadanie 1", "Trener", CostCategory.STAFF, eu=D("5000"))]
    )
    return project


def test_an_expense_paid_tomorrow_is_refused_on_screen_and_in_the_service(accountant, project):
    current = line(project.budget_versions.get(), "1.1")
    before = Expense.objects.count(), HistoryEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        expense(accountant.membership, project, current, D("100.00"), date=dt.date(2011, 5, 17))
    assert exc.value.error_dict["date"][0].code == "future"
    response = accountant.client.post(
        reverse("finance:expense-create", args=[project.pk]),
        {
            "line": current.pk,
            "date": "2011-05-17",
            "document_number": "FV/9",
            "contractor": "Trener",
            "description": "Zajęcia",
            "amount": "100,00",
            "source": "eu",
        },
    )
    assert response.status_code == 400
    assert (
        "Data zapłaty nie może być późniejsza niż dzisiejsza (16.05.2011): wydatek zapisuje się po zapłaceniu."
        in response.content.decode()
    )
    assert (Expense.objects.count(), HistoryEntry.objects.count()) == before
    expense(accountant.membership, project, current, D("100.00"), date=dt.date(2011, 5, 16))
    assert Expense.objects.count() == 1


def test_a_benefit_and_an_approval_after_today_are_refused(accountant, project):
    current = line(project.budget_versions.get(), "1.1")
    person = ParticipationFactory(project=project).participant
    with pytest.raises(ValidationError):
        services.record_benefit(
            actor=accountant.membership,
            project=project,
            line=current,
            participant=person,
            date=dt.date(2011, 6, 1),
            kind="targeted",
            amount=D("200.00"),
            decision_number="D/1",
        )
    draft = draft_budget(accountant.membership, project, [])
    services.add_budget_line(actor=accountant.membership, version=draft, **line_values("1.2", "Z", "Sala", "other"))
    with pytest.raises(ValidationError) as exc:
        services.approve_budget_version(actor=accountant.membership, version=draft, approved_on=dt.date(2011, 5, 17))
    assert exc.value.messages == ["Data zatwierdzenia nie może być późniejsza niż dzisiejsza (16.05.2011)."]
    draft.refresh_from_db()
    assert draft.is_draft and Benefit.objects.count() == 0
