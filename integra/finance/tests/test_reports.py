"""Budget status and payment-claim summary: screens, XLSX exports and the burn chart."""

import datetime as dt
import io
from decimal import Decimal as D
from xml.etree import ElementTree

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from integra.core.testing.charts import SVG, name_and_description, svg_in, texts
from integra.core.testing.xlsx import read_report
from integra.finance import services
from integra.finance.models import Benefit, CostCategory, FundingSource
from integra.finance.queries import monthly_burn
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)  # 02:30 in Warsaw, just after the clocks went back
GENERATED = "26.10.2025 02:30"


@pytest.fixture
def project(accountant):
    project = ProjectFactory(
        institution=accountant.institution, code="CNA-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 6, 30)
    )
    version = approved_budget(
        accountant.membership,
        project,
        [
            line_values(
                "1.1",
                "Aktywna integracja",
                "Kursy zawodowe",
                CostCategory.PARTICIPANT_SUPPORT,
                eu=D("100000.00"),
                state=D("5000.00"),
            ),
            line_values("1.2", "Aktywna integracja", "Zasiłki celowe", CostCategory.BENEFITS, own=D("12000.00")),
        ],
    )
    actor = accountant.membership
    expense(actor, project, line(version, "1.1"), D("1234.56"), date=dt.date(2011, 1, 20), document_number="FV/1")
    expense(actor, project, line(version, "1.1"), D("2000.00"), date=dt.date(2011, 3, 5), document_number="FV/2")
    expense(
        actor,
        project,
        line(version, "1.1"),
        D("500.00"),
        date=dt.date(2011, 3, 6),
        document_number="FV/3",
        source=FundingSource.STATE,
    )
    participation = ParticipationFactory(project=project)
    services.record_benefit(
        actor=actor,
        project=project,
        line=line(version, "1.2"),
        participant=participation.participant,
        date=dt.date(2011, 4, 1),
        kind=Benefit.Kind.TARGETED,
        amount=D("700.00"),
        decision_number="DPS.8111.3.2011",
    )
    return project


def test_monthly_burn_is_cumulative_and_covers_the_project_period(project):
    burn = monthly_burn(project)
    assert [month for month, _, _ in burn] == [dt.date(2011, m, 1) for m in range(1, 7)]
    assert [spent for _, spent, _ in burn] == [D("1234.56"), D("0"), D("2500.00"), D("700.00"), D("0"), D("0")]
    assert burn[-1][2] == D("4434.56")


def test_status_xlsx_has_the_figures_formatted_as_zloty(project, auditor):
    with time_machine.travel(NOW, tick=False):
        response = auditor.client.get(reverse("finance:budget-status-xlsx", args=[project.pk]))
    assert response.status_code == 200
    report = read_report(response.content)
    header = list(report.table.header)
    assert header[1:6] == [
        "Zadanie",
        "Pozycja kosztowa",
        "Kategoria kosztu",
        "Grupa instrumentów",
        "Koszt kwalifikowalny",
    ]
    assert "Plan: UE" in header and "Wydano: razem" in header
    rows = {row[0]: row for row in report.table.rows}
    assert list(rows) == ["1.1", "1.2", "Razem"]
    courses, total = rows["1.1"], rows["Razem"]
    assert courses[header.index("Plan: razem")] == 105000
    assert courses[header.index("Wydano: UE")] == pytest.approx(3234.56)
    assert courses[header.index("Wydano: budżet państwa")] == 500
    assert courses[header.index("Koszt kwalifikowalny")] == "tak"
    assert total[header.index("Wydano: razem")] == pytest.approx(4434.56)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    total_row = next(row for row in sheet.iter_rows() if row[0].value == "Razem")
    assert total_row[header.index("Wydano: razem")].number_format == '# ##0.00" zł"'
    # What the screen shows above and below the table: the project, its budget version, the totals, by month.
    assert report.title == "Stan budżetu"
    assert report.about["Projekt"] == "CNA-2011 — Czas na aktywność"
    assert report.about["Budżet"].startswith("wersja 1 zatwierdzona ")
    assert report.about["Wydano"] == "4 434,56 zł" and report.about["Wygenerowano"] == GENERATED
    by_month = report.tables["Wydatki w miesiącach"]
    assert by_month.header == ("Miesiąc", "Wydano w miesiącu", "Wydano narastająco")
    assert by_month.rows[0][0] == "01.2011" and by_month.rows[-1][2] == pytest.approx(4434.56)


def test_claim_summary_counts_only_the_period(project, director):
    url = reverse("finance:claim-summary", args=[project.pk])
    page = director.client.get(url, {"start": "2011-03-01", "end": "2011-03-31"}).content.decode()
    assert "FV/2" in page and "FV/3" in page and "FV/1" not in page
    assert "2 500,00 zł" in page  # spent in March: 2 000 EU + 500 state
    with time_machine.travel(NOW, tick=False):
        response = director.client.get(
            reverse("finance:claim-summary-xlsx", args=[project.pk]), {"start": "2011-03-01", "end": "2011-04-30"}
        )
    report = read_report(response.content)
    header = list(report.table.header)
    rows = {row[0]: row for row in report.table.rows}
    assert rows["1.1"][header.index("Wydano: UE")] == 2000
    assert rows["1.1"][header.index("Wydano: budżet państwa")] == 500
    assert rows["1.2"][header.index("Wydano: wkład własny")] == 700
    assert rows["Razem"][header.index("Wydano: razem")] == 3200
    # The screen's planned columns, the claim's period and its entries are in the file too.
    assert rows["1.1"][header.index("Plan: razem")] == 105000
    assert report.about["Okres wniosku o płatność"] == "01.03.2011 – 30.04.2011"
    assert report.about["Wygenerowano"] == GENERATED
    entries = report.tables["Wpisy z okresu"]
    assert entries.header == ("Data", "Pozycja", "Dokument", "Opis", "Źródło", "Kwota")
    assert [e[2] for e in entries.rows] == ["FV/2", "FV/3", "DPS.8111.3.2011"]
    assert sum(e[5] for e in entries.rows) == 3200


def test_claim_summary_refuses_a_reversed_period(project, director):
    response = director.client.get(
        reverse("finance:claim-summary-xlsx", args=[project.pk]), {"start": "2011-04-01", "end": "2011-03-01"}
    )
    assert response.status_code == 400
    assert "Koniec okresu nie może być wcześniejszy niż jego początek." in response.content.decode()


def test_burn_chart_is_svg_and_the_page_has_the_same_figures_as_a_table(project, director):
    response = director.client.get(reverse("finance:burn-chart", args=[project.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml") and b"<svg" in response.content
    ElementTree.fromstring(response.content)  # a well-formed image of its own
    page = director.client.get(reverse("finance:budget-status", args=[project.pk])).content.decode()
    assert "03.2011" in page and "2 500,00 zł" in page and "4 434,56 zł" in page


def test_burn_chart_draws_each_month_the_total_to_date_and_the_plan(project, director):
    page = director.client.get(reverse("finance:budget-status", args=[project.pk])).content.decode()
    svg = svg_in(page, "burn-chart")
    name, description = name_and_description(svg)
    assert name == "Wydatki w miesiącach"
    assert description.startswith("Wydano dotąd 4 434,56 zł z planowanych 117 000,00 zł;")
    words = [text for text, _anchor in texts(svg)]
    assert words[:3] == ["wydatki w miesiącu", "wydatki narastająco", "budżet planowany"]
    assert [t for t, anchor in texts(svg) if anchor == "middle"] == [f"{m:02d}.2011" for m in range(1, 7)]
    assert "0 zł" in words and "200 000 zł" in words  # the axis in whole złoty
    columns = sorted(
        (float(r.get("x")), float(r.get("height")), float(r.get("y")) + float(r.get("height")))
        for r in svg.iter(f"{SVG}rect")
        if float(r.get("y")) > 20  # not the legend's box
    )
    grid = sorted(float(line.get("y1")) for line in svg.iter(f"{SVG}line") if line.get("stroke") == "#dddddd")
    bottom, per_zloty = grid[-1], (grid[-1] - grid[0]) / 200000  # the axis runs from 0 to 200 000 zł
    assert all(b == pytest.approx(bottom) for _x, _h, b in columns)
    # Coordinates are written to a hundredth of a unit: a few złoty on this scale.
    assert [height / per_zloty for _x, height, _b in columns] == pytest.approx([1234.56, 0, 2500, 700, 0, 0], abs=10)
    running = next(line for line in svg.iter(f"{SVG}polyline"))
    heights = [(bottom - float(point.split(",")[1])) / per_zloty for point in running.get("points").split()]
    assert heights == pytest.approx([1234.56, 1234.56, 3734.56, 4434.56, 4434.56, 4434.56], abs=10)
    plan = next(  # the dashed level across the chart, not its sample in the legend
        line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray") and float(line.get("y1")) > 20
    )
    assert (bottom - float(plan.get("y1"))) / per_zloty == pytest.approx(117000, abs=10)


def test_list_screens_keep_their_query_count(project, accountant, django_assert_max_num_queries):
    for name in ("finance:expense-list", "finance:benefit-list", "finance:budget-status", "finance:cap-list"):
        with django_assert_max_num_queries(16):
            assert accountant.client.get(reverse(name, args=[project.pk])).status_code == 200


def test_reader_sees_no_edit_links(project, director):
    page = director.client.get(reverse("finance:expense-list", args=[project.pk])).content.decode()
    assert "FV/1" in page and "1 234,56 zł" in page
    assert reverse("finance:expense-create", args=[project.pk]) not in page
