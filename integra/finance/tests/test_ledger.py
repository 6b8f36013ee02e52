"""Budget versions, optimistic locking, the append-only ledger of expenses and benefits, and the history."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from integra.core.history import for_object
from integra.core.models import HistoryEntry
from integra.core.roles import Role
from integra.finance import services
from integra.finance.models import Benefit, BudgetLine, BudgetVersion, CostCategory, Expense, FundingSource
from integra.finance.queries import budget_status, current_version
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(accountant):
    return ProjectFactory(institution=accountant.institution, code="CNA-2011")


@pytest.fixture
def v1(accountant, project):
    return approved_budget(
        accountant.membership,
        project,
        [
            line_values(
                "1.1", "Aktywna integracja", "Kursy zawodowe", CostCategory.PARTICIPANT_SUPPORT, eu=D("100000.00")
            ),
            line_values("1.2", "Aktywna integracja", "Zasiłki celowe", CostCategory.BENEFITS, own=D("12000.00")),
        ],
    )


def test_amendment_copies_lines_and_keeps_the_approved_version(accountant, project, v1):
    amendment = services.start_budget_version(
        actor=accountant.membership, project=project, reason="Zwiększenie alokacji"
    )
    assert amendment.based_on == v1 and amendment.number == 2
    courses = line(amendment, "1.1")
    services.update_budget_line(
        actor=accountant.membership, line=courses, expected_version=1, planned_eu=D("130000.00")
    )
    assert current_version(project) == v1
    assert budget_status(project).planned.total == D("112000.00")
    services.approve_budget_version(actor=accountant.membership, version=amendment, approved_on=dt.date(2011, 4, 20))
    assert current_version(project) == amendment
    assert budget_status(project).planned.total == D("142000.00")
    assert line(v1, "1.1").planned_eu == D("100000.00")  # the approved version is kept as it was
    assert BudgetVersion.objects.filter(project=project).count() == 2


def test_approved_version_cannot_be_changed(accountant, v1):
    courses = line(v1, "1.1")
    with pytest.raises(ValidationError, match="rozpocznij aneks"):
        services.update_budget_line(actor=accountant.membership, line=courses, expected_version=1, planned_eu=D("1.00"))
    courses.refresh_from_db()
    assert courses.planned_eu == D("100000.00")


def test_only_one_draft_at_a_time(accountant, project, v1):
    services.start_budget_version(actor=accountant.membership, project=project)
    with pytest.raises(ValidationError, match="jest wciąż projektem"):
        services.start_budget_version(actor=accountant.membership, project=project)
    assert BudgetVersion.objects.filter(project=project).count() == 2


def test_expenses_on_an_older_version_count_for_the_amended_line(accountant, project, v1):
    expense(accountant.membership, project, line(v1, "1.1"), D("25000.00"))
    amendment = services.start_budget_version(actor=accountant.membership, project=project)
    services.approve_budget_version(actor=accountant.membership, version=amendment, approved_on=dt.date(2011, 6, 1))
    row = next(r for r in budget_status(project).rows if r.line.number == "1.1")
    assert row.line.budget == amendment
    assert row.spent.eu == D("25000.00") and row.remaining.total == D("75000.00")


def test_stale_line_edit_is_refused(accountant, coordinator, project):
    version = services.start_budget_version(actor=accountant.membership, project=project)
    courses = services.add_budget_line(
        actor=accountant.membership,
        version=version,
        **line_values("1.1", "Aktywna integracja", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("100.00")),
    )
    shown = courses.version
    services.update_budget_line(
        actor=coordinator.membership, line=courses, expected_version=shown, planned_eu=D("200.00")
    )
    response = accountant.client.post(
        reverse("finance:line-edit", args=[courses.pk]),
        {
            "number": "1.1",
            "task": "Aktywna integracja",
            "name": "Kursy",
            "category": CostCategory.PARTICIPANT_SUPPORT,
            "eligible": "on",
            "planned_eu": "300,00",
            "planned_state": "0",
            "planned_own": "0",
            "version": shown,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Twoje zmiany nie zostały zapisane" in page
    assert "plan: UE" in page  # the field changed meanwhile
    courses.refresh_from_db()
    assert courses.planned_eu == D("200.00") and courses.version == 2


def test_every_change_to_money_is_in_the_history(accountant, project, v1):
    version = services.start_budget_version(actor=accountant.membership, project=project)
    courses = line(version, "1.1")
    services.update_budget_line(actor=accountant.membership, line=courses, expected_version=1, planned_eu=D("90000.00"))
    entry = for_object(courses).first()
    assert entry.action == HistoryEntry.Action.UPDATE
    assert entry.actor == accountant.user
    assert entry.changes["planned_eu"] == ["100000.00", "90000.00"]
    spent = expense(accountant.membership, project, line(v1, "1.1"), D("10.00"))
    assert for_object(spent).get().action == HistoryEntry.Action.CREATE
    assert for_object(v1).filter(action=HistoryEntry.Action.STATUS).exists()


def test_correction_is_a_new_entry_and_the_original_stays(accountant, project, v1):
    original = expense(accountant.membership, project, line(v1, "1.1"), D("4000.00"), document_number="FV/5/2011")
    correction = services.correct_expense(
        actor=accountant.membership,
        original=original,
        date=dt.date(2011, 6, 2),
        document_number="KOR/1/2011",
        description="Nota korygująca",
        amount=D("-500.00"),
    )
    original.refresh_from_db()
    assert original.amount == D("4000.00")
    assert (
        correction.corrects == original and correction.source == FundingSource.EU and correction.line == original.line
    )
    assert budget_status(project).spent.eu == D("3500.00")


def test_correction_cannot_take_an_expense_below_zero(accountant, project, v1):
    original = expense(accountant.membership, project, line(v1, "1.1"), D("4000.00"))
    with pytest.raises(ValidationError) as refusal:
        services.correct_expense(
            actor=accountant.membership,
            original=original,
            date=dt.date(2011, 6, 2),
            document_number="KOR/1/2011",
            description="Storno",
            amount=D("-4000.01"),
        )
    assert "-0,01 zł" in refusal.value.messages[0]
    assert Expense.objects.count() == 1


def test_correction_screen_accepts_a_negative_polish_amount(accountant, project, v1):
    original = expense(accountant.membership, project, line(v1, "1.1"), D("4000.00"))
    response = accountant.client.post(
        reverse("finance:expense-correct", args=[original.pk]),
        {
            "date": "2011-06-02",
            "document_number": "KOR/1/2011",
            "description": "Nota",
            "amount": "-1 000,50",
        },
    )
    assert response.status_code == 302
    assert Expense.objects.get(corrects=original).amount == D("-1000.50")


def test_the_application_has_no_way_to_edit_or_delete_expenses(accountant, project, v1):
    original = expense(accountant.membership, project, line(v1, "1.1"), D("4000.00"))
    for name in ("finance:expense-edit", "finance:expense-delete", "finance:benefit-edit", "finance:benefit-delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[original.pk])


def test_expense_must_use_a_line_of_the_current_version(accountant, project, v1):
    amendment = services.start_budget_version(actor=accountant.membership, project=project)
    with pytest.raises(ValidationError, match="aktualnej wersji budżetu"):
        expense(accountant.membership, project, line(amendment, "1.1"), D("10.00"))
    assert Expense.objects.count() == 0


def test_expense_may_name_an_activity_of_the_project(accountant, project, v1):
    course = ActivityFactory(project=project, title="Kurs kucharza małej gastronomii")
    spent = expense(accountant.membership, project, line(v1, "1.1"), D("2500.00"), activity=course)
    assert spent.activity == course
    other = ActivityFactory(institution=project.institution)
    with pytest.raises(ValidationError):
        expense(accountant.membership, project, line(v1, "1.1"), D("2500.00"), activity=other)
    assert Expense.objects.count() == 1


def test_benefits_count_as_spent_own_contribution(accountant, project, v1):
    participation = ParticipationFactory(project=project)
    services.record_benefit(
        actor=accountant.membership,
        project=project,
        line=line(v1, "1.2"),
        participant=participation.participant,
        date=dt.date(2011, 3, 3),
        kind=Benefit.Kind.TARGETED,
        amount=D("650.00"),
        decision_number="DPS.8111.12.2011",
    )
    status = budget_status(project)
    assert status.spent.own == D("650.00") and status.spent.eu == D("0.00")


def test_benefit_for_someone_outside_the_project_is_refused(accountant, project, v1):
    stranger = ParticipantFactory(institution=accountant.institution)
    with pytest.raises(ValidationError):
        services.record_benefit(
            actor=accountant.membership,
            project=project,
            line=line(v1, "1.2"),
            participant=stranger,
            date=dt.date(2011, 3, 3),
            kind=Benefit.Kind.IN_KIND,
            amount=D("80.00"),
            decision_number="DPS.1",
        )
    assert Benefit.objects.count() == 0


def test_benefit_screen_and_correction(accountant, project, v1):
    participation = ParticipationFactory(project=project)
    response = accountant.client.post(
        reverse("finance:benefit-create", args=[project.pk]),
        {
            "line": line(v1, "1.2").pk,
            "participant": participation.participant.pk,
            "date": "2011-03-03",
            "kind": Benefit.Kind.PERIODIC,
            "amount": "418,00",
            "decision_number": "DPS.8111.20.2011",
        },
    )
    assert response.status_code == 302
    original = Benefit.objects.get()
    response = accountant.client.post(
        reverse("finance:benefit-correct", args=[original.pk]),
        {
            "date": "2011-03-20",
            "decision_number": "DPS.8111.20.2011/z",
            "amount": "-18,00",
        },
    )
    assert response.status_code == 302
    assert budget_status(project).spent.own == D("400.00")
    page = accountant.client.get(reverse("finance:benefit-list", args=[project.pk])).content.decode()
    assert "zasiłek okresowy" in page and "418,00 zł" in page and "-18,00 zł" in page


def test_line_with_money_cannot_be_removed_from_a_draft(accountant, project, v1):
    expense(accountant.membership, project, line(v1, "1.1"), D("10.00"))
    amendment = services.start_budget_version(actor=accountant.membership, project=project)
    courses = line(amendment, "1.1")
    with pytest.raises(ValidationError):
        services.remove_budget_line(actor=accountant.membership, line=courses, expected_version=1)
    services.remove_budget_line(actor=accountant.membership, line=line(amendment, "1.2"), expected_version=1)
    assert list(amendment.lines.values_list("number", flat=True)) == ["1.1"]
    assert BudgetLine.objects.filter(budget=v1).count() == 2


def test_other_centres_accountant_gets_404_and_wrong_role_403(centre_b, social_worker, project, v1):
    outsider = Client()
    outsider.force_login(MembershipFactory(institution=centre_b, role=Role.ACCOUNTANT).user)
    for url in (
        reverse("finance:budget-status", args=[project.pk]),
        reverse("finance:version-detail", args=[v1.pk]),
        reverse("finance:line-edit", args=[line(v1, "1.1").pk]),
    ):
        assert outsider.get(url).status_code == 404
        assert social_worker.client.get(url).status_code == 403


def test_without_an_approved_budget_the_expense_screens_send_to_the_budget_versions(accountant, project, v1):
    """The list offered „Wprowadź wydatek” and a form whose required budget line had nothing to choose: an expense
    cannot be booked before a budget version is approved, and each screen says so with the way there."""
    fresh = ProjectFactory(institution=project.institution, code="BEZ-BUDZETU")
    versions = reverse("finance:version-list", args=[fresh.pk])
    for url in (reverse("finance:expense-list", args=[fresh.pk]), reverse("finance:expense-create", args=[fresh.pk])):
        page = accountant.client.get(url).content.decode()
        assert "Projekt nie ma jeszcze zatwierdzonego budżetu." in page and f'href="{versions}"' in page
    listing = accountant.client.get(reverse("finance:expense-list", args=[fresh.pk])).content.decode()
    assert reverse("finance:expense-create", args=[fresh.pk]) not in listing
    assert "Pierwszy wprowadzisz" not in listing
    with_budget = accountant.client.get(reverse("finance:expense-list", args=[project.pk])).content.decode()
    assert reverse("finance:expense-create", args=[project.pk]) in with_budget and 'id="no-budget"' not in with_budget
