"""Seed 004: the whole budget 385 365,31 zł; EU 344 901,95 zł (89,50 %); own 40 463,36 zł in benefits."""

import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from integra.finance import services
from integra.finance.models import Benefit, FundingSource
from integra.finance.queries import budget_status
from integra.finance.tests.factories import SEED_004_LINES, expense, line, seed_004_budget
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lezajsk(accountant):
    project = ProjectFactory(
        institution=accountant.institution,
        code="POKL.07.01.01-18-004/11",
        title="Czas na aktywność w gminie miejskiej Leżajsk",
    )
    version = seed_004_budget(accountant.membership, project)
    return project, version


def spend_everything(accountant, project, version):
    """Every EU line spent in full; 25 participants' benefits make up the own contribution."""
    for month, row in enumerate(SEED_004_LINES, start=2):
        number, eu = row[0], row[5]
        if eu:
            expense(
                accountant.membership,
                project,
                line(version, number),
                eu,
                date=dt.date(2011, month, 15),
                document_number=f"FV/{number}/2011",
            )
    participations = ParticipationFactory.create_batch(25, project=project)
    amounts = [D("1618.53")] * 24 + [D("40463.36") - D("1618.53") * 24]
    for participation, amount in zip(participations, amounts, strict=True):
        services.record_benefit(
            actor=accountant.membership,
            project=project,
            line=line(version, "1.4"),
            participant=participation.participant,
            date=dt.date(2011, 9, 30),
            kind=Benefit.Kind.TARGETED,
            amount=amount,
            decision_number="DPS.8111.1.2011",
        )


def test_planned_totals_and_eu_share_reproduce_seed_004(lezajsk):
    project, _ = lezajsk
    status = budget_status(project)
    assert status.planned.total == D("385365.31")
    assert status.planned.eu == D("344901.95")
    assert status.planned.own == D("40463.36")
    assert status.planned.state == D("0.00")
    assert status.eu_share_percent == D("89.50")
    assert status.own_share_percent == D("10.50")


def test_spent_totals_and_cost_per_participant(lezajsk, accountant):
    project, version = lezajsk
    spend_everything(accountant, project, version)
    status = budget_status(project)
    assert status.spent.total == D("385365.31")
    assert status.spent.eu == D("344901.95")
    assert status.spent.own == D("40463.36")
    assert status.remaining.total == D("0.00")
    assert status.participants == 25
    assert status.cost_per_participant == D("15414.61")  # 385 365,31 ÷ 25 = 15 414,6124


def test_budget_status_screen_shows_polish_amounts(lezajsk, accountant, director):
    project, version = lezajsk
    spend_everything(accountant, project, version)
    page = director.client.get(reverse("finance:budget-status", args=[project.pk])).content.decode()
    assert "385\xa0365,31 zł" in page or "385 365,31 zł" in page
    assert "344 901,95 zł" in page
    assert "40 463,36 zł" in page
    assert "89,50 %" in page
    assert "10,50 %" in page
    assert "15 414,61 zł" in page
    assert "Stan budżetu" in page


def test_report_cli_prints_seed_004_json(lezajsk, accountant):
    project, version = lezajsk
    spend_everything(accountant, project, version)
    out = io.StringIO()
    call_command("report", "budget", "--project", project.code, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["project"] == "POKL.07.01.01-18-004/11"
    assert data["planned"] == {"total": "385365.31", "eu": "344901.95", "state": "0.00", "own": "40463.36"}
    assert data["spent"] == {"total": "385365.31", "eu": "344901.95", "state": "0.00", "own": "40463.36"}
    assert data["eu_share_percent"] == "89.50"
    assert data["own_share_percent"] == "10.50"
    assert data["cost_per_participant"] == "15414.61"
    assert data["participants"] == 25
    assert [row["number"] for row in data["lines"]] == ["1.1", "1.2", "1.3", "1.4", "2.1", "3.1", "4.1"]
    benefits = data["lines"][3]
    assert benefits["planned"]["own"] == "40463.36" and benefits["spent"]["own"] == "40463.36"
    assert benefits["remaining"]["total"] == "0.00"


def test_report_cli_refuses_an_unknown_project(db):
    with pytest.raises(CommandError, match="Unknown project code"):
        call_command("report", "budget", "--project", "NIE-MA", stdout=io.StringIO())


def test_amounts_are_decimals_never_floats(lezajsk, accountant):
    project, version = lezajsk
    spend_everything(accountant, project, version)
    status = budget_status(project)
    values = [status.planned.total, status.spent.own, status.eu_share_percent, status.cost_per_participant]
    values += [row.spent.eu for row in status.rows] + [row.planned.own for row in status.rows]
    assert all(isinstance(value, D) for value in values)
    assert FundingSource.OWN == "own"
