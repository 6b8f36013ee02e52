"""Money is guarded: an entry that takes a budget line over its plan is asked about first and needs a reason.

Issue 23: an expense that pushed a line to 107,06 % (−1 653,00 zł) saved with just „Zapisano.”.
"""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.finance import services
from integra.finance.models import Benefit, CapRule, CostCategory, Expense
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

OVERRUN = (
    "Ten wpis przekracza plan pozycji 2.1 „Szkolenia zawodowe”: wydano by 25 053,00 zł z zaplanowanych "
    "23 400,00 zł — przekroczenie o 1 653,00 zł (107,06 %). Podaj uzasadnienie, aby mimo to go zapisać."
)


@pytest.fixture
def project(accountant):
    project = ProjectFactory(
        institution=accountant.institution, code="KIS-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    approved_budget(
        accountant.membership,
        project,
        [
            line_values("1.1", "Zarządzanie", "Koordynator", CostCategory.MANAGEMENT, eu=D("10000")),
            line_values(
                "2.1", "Aktywna integracja", "Szkolenia zawodowe", CostCategory.PARTICIPANT_SUPPORT, eu=D("23400")
            ),
        ],
    )
    expense(accountant.membership, project, _line(project), D("20000.00"), document_number="FV/1/2011")
    return project


def _line(project, number="2.1"):
    return line(project.budget_versions.get(), number)


def _rows():
    return Expense.objects.count(), Benefit.objects.count(), HistoryEntry.objects.count()


def test_an_expense_over_the_line_plan_without_a_reason_is_refused_saying_by_how_much(accountant, project):
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        expense(accountant.membership, project, _line(project), D("5053.00"), document_number="FV/2/2011")
    assert exc.value.error_dict["overrun_reason"][0].code == "line_overrun"
    assert exc.value.messages == [OVERRUN]
    with pytest.raises(ValidationError):
        expense(accountant.membership, project, _line(project), D("5053.00"), overrun_reason="   ")
    assert _rows() == before


def test_with_a_reason_it_is_saved_with_the_reason_on_the_entry_and_in_history(accountant, project):
    saved = expense(
        accountant.membership,
        project,
        _line(project),
        D("5053.00"),
        document_number="FV/2/2011",
        overrun_reason=" Dodatkowa grupa szkoleniowa, zgoda IP z 10.05.2011 ",
    )
    assert saved.overrun_reason == "Dodatkowa grupa szkoleniowa, zgoda IP z 10.05.2011"
    entry = HistoryEntry.objects.filter(object_id=saved.pk, content_type__model="expense").get()
    assert entry.comment == (
        "Przekroczenie planu pozycji 2.1 o 1 653,00 zł (107,06 %): Dodatkowa grupa szkoleniowa, zgoda IP z 10.05.2011"
    )
    assert entry.changes["overrun_reason"] == [None, "Dodatkowa grupa szkoleniowa, zgoda IP z 10.05.2011"]
    assert saved.cap_warnings == [entry.comment]


def test_within_the_plan_no_reason_is_asked_and_none_is_kept(accountant, project):
    saved = expense(accountant.membership, project, _line(project), D("3400.00"), overrun_reason="niepotrzebne")
    assert saved.overrun_reason == "" and saved.cap_warnings == []


def test_a_benefit_and_a_correction_over_the_plan_need_a_reason_too(accountant, project):
    person = ParticipationFactory(project=project).participant
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        services.record_benefit(
            actor=accountant.membership,
            project=project,
            line=_line(project),
            participant=person,
            date=dt.date(2011, 5, 20),
            kind="targeted",
            amount=D("5053.00"),
            decision_number="D/1",
        )
    assert exc.value.error_dict["overrun_reason"][0].code == "line_overrun"
    original = Expense.objects.get(document_number="FV/1/2011")
    with pytest.raises(ValidationError):
        services.correct_expense(
            actor=accountant.membership,
            original=original,
            date=dt.date(2011, 5, 20),
            document_number="KOR/1",
            description="Dopłata",
            amount=D("3400.01"),
        )
    assert _rows() == before


def test_a_refusing_cap_still_refuses_whatever_the_reason(accountant, project):
    services.create_cap(
        actor=accountant.membership,
        project=project,
        name="Wsparcie",
        categories=[CostCategory.PARTICIPANT_SUPPORT],
        limit_percent=D("70"),
        base=CapRule.Base.TOTAL,
        mode=CapRule.Mode.REFUSE,
    )
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        expense(accountant.membership, project, _line(project), D("5053.00"), overrun_reason="Zgoda IP")
    assert exc.value.messages[0].startswith("Limit „Wsparcie”")
    assert _rows() == before


def test_the_screen_asks_first_then_saves_and_the_budget_table_marks_the_line(accountant, project):
    url = reverse("finance:expense-create", args=[project.pk])
    entry = {
        "line": _line(project).pk,
        "date": "2011-05-16",
        "document_number": "FV/2/2011",
        "contractor": "Centrum Szkoleń",
        "description": "Kurs kucharza",
        "amount": "5 053,00",
        "source": "eu",
    }
    asked = accountant.client.post(url, entry)
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "przekroczenie o 1 653,00 zł (107,06 %)" in re.sub(r"<[^>]+>", "", page)  # amounts kept on one line
    assert 'id="save-over"' in page and "Zapisz mimo przekroczenia" in page
    assert Expense.objects.count() == 1
    saved = accountant.client.post(url, {**entry, "overrun_reason": "Dodatkowa grupa"}, follow=True).content.decode()
    assert "Zapisano." in saved
    assert "Przekroczenie planu pozycji 2.1 o 1 653,00 zł (107,06 %): Dodatkowa grupa" in saved
    assert "Ponad plan pozycji: Dodatkowa grupa" in saved
    status = accountant.client.get(reverse("finance:budget-status", args=[project.pk])).content.decode()
    assert '<tr id="line-21" class="over">' in status
    assert "ponad plan o 1 653,00 zł" in re.sub(r"<[^>]+>", "", status) and "<strong>107,06 %</strong>" in status
