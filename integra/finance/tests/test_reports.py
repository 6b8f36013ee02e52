"""Budget status and payment-claim summary: screens, XLSX exports and the burn chart."""

import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from integra.core.testing.factories import ParticipationFactory, ProjectFactory
from integra.finance import services
from integra.finance.models import Benefit, CostCategory, FundingSource
from integra.finance.queries import monthly_burn
from integra.finance.tests.factories import approved_budget, expense, line, line_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(accountant):
    project = ProjectFactory(institution=accountant.institution, code="CNA-2011", start_on=dt.date(2011, 1, 1),
                             end_on=dt.date(2011, 6, 30))
    version = approved_budget(accountant.membership, project, [
        line_values("1.1", "Aktywna integracja", "Kursy zawodowe", CostCategory.PARTICIPANT_SUPPORT,
                    eu=D("100000.00"), state=D("5000.00")),
        line_values("1.2", "Aktywna integracja", "Zasiłki celowe", CostCategory.BENEFITS, own=D("12000.00")),
    ])
    actor = accountant.membership
    expense(actor, project, line(version, "1.1"), D("1234.56"), date=dt.date(2011, 1, 20), document_number="FV/1")
    expense(actor, project, line(version, "1.1"), D("2000.00"), date=dt.date(2011, 3, 5), document_number="FV/2")
    expense(actor, project, line(version, "1.1"), D("500.00"), date=dt.date(2011, 3, 6), document_number="FV/3",
            source=FundingSource.STATE)
    participation = ParticipationFactory(project=project)
    services.record_benefit(actor=actor, project=project, line=line(version, "1.2"), participant=participation.participant,
                            date=dt.date(2011, 4, 1), kind=Benefit.Kind.TARGETED, amount=D("700.00"),
                            decision_number="DPS.8111.3.2011")
    return project


def test_monthly_burn_is_cumulative_and_covers_the_project_period(project):
    burn = monthly_burn(project)
    assert [month for month, _, _ in burn] == [dt.date(2011, m, 1) for m in range(1, 7)]
    assert [spent for _, spent, _ in burn] == [D("1234.56"), D("0"), D("2500.00"), D("700.00"), D("0"), D("0")]
    assert burn[-1][2] == D("4434.56")


def test_status_xlsx_has_the_figures_formatted_as_zloty(project, auditor):
    response = auditor.client.get(reverse("finance:budget-status-xlsx", args=[project.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[1:4] == ["Zadanie", "Pozycja kosztowa", "Kategoria kosztu"]
    assert "Plan: UE" in header and "Wydano: razem" in header
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert list(rows) == ["1.1", "1.2", "Razem"]
    courses, total = rows["1.1"], rows["Razem"]
    assert courses[header.index("Plan: razem")].value == 105000
    assert courses[header.index("Wydano: UE")].value == pytest.approx(3234.56)
    assert courses[header.index("Wydano: budżet państwa")].value == 500
    assert total[header.index("Wydano: razem")].value == pytest.approx(4434.56)
    assert total[header.index("Wydano: razem")].number_format == '# ##0.00" zł"'


def test_claim_summary_counts_only_the_period(project, director):
    url = reverse("finance:claim-summary", args=[project.pk])
    page = director.client.get(url, {"start": "2011-03-01", "end": "2011-03-31"}).content.decode()
    assert "FV/2" in page and "FV/3" in page and "FV/1" not in page
    assert "2 500,00 zł" in page  # spent in March: 2 000 EU + 500 state
    response = director.client.get(reverse("finance:claim-summary-xlsx", args=[project.pk]),
                                   {"start": "2011-03-01", "end": "2011-04-30"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["1.1"][header.index("Wydano: UE")].value == 2000
    assert rows["1.1"][header.index("Wydano: budżet państwa")].value == 500
    assert rows["1.2"][header.index("Wydano: wkład własny")].value == 700
    assert rows["Razem"][header.index("Wydano: razem")].value == 3200


def test_claim_summary_refuses_a_reversed_period(project, director):
    response = director.client.get(reverse("finance:claim-summary-xlsx", args=[project.pk]),
                                   {"start": "2011-04-01", "end": "2011-03-01"})
    assert response.status_code == 400
    assert "Koniec okresu nie może być wcześniejszy niż jego początek." in response.content.decode()


def test_burn_chart_is_svg_and_the_page_has_the_same_figures_as_a_table(project, director):
    response = director.client.get(reverse("finance:burn-chart", args=[project.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml") and b"<svg" in response.content
    page = director.client.get(reverse("finance:budget-status", args=[project.pk])).content.decode()
    assert "03.2011" in page and "2 500,00 zł" in page and "4 434,56 zł" in page


def test_list_screens_keep_their_query_count(project, accountant, django_assert_max_num_queries):
    for name in ("finance:expense-list", "finance:benefit-list", "finance:budget-status", "finance:cap-list"):
        with django_assert_max_num_queries(16):
            assert accountant.client.get(reverse(name, args=[project.pk])).status_code == 200


def test_reader_sees_no_edit_links(project, director):
    page = director.client.get(reverse("finance:expense-list", args=[project.pk])).content.decode()
    assert "FV/1" in page and "1 234,56 zł" in page
    assert reverse("finance:expense-create", args=[project.pk]) not in page
