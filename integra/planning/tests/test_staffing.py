"""The staffing standard (art. 110 ust. 11) at a date: seed 004 (Leżajsk) and the edges of the rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management.base import CommandError
from django.test import Client

from integra.core.roles import Role, Specialty
from integra.institutions.models import PopulationYear
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.planning import staffing
from integra.planning.models import HouseholdsInSocialWork, StaffingRule
from integra.planning.tests.cli import report_json

pytestmark = pytest.mark.django_db


def hire(centre, fte="1.00", start=dt.date(2000, 1, 1), end=None, role=Role.SOCIAL_WORKER, specialty=""):
    return MembershipFactory(
        institution=centre, role=role, specialty=specialty, fte=Decimal(fte), start_on=start, end_on=end
    )


def report(*args) -> dict:
    return report_json("staffing", *args)


@pytest.fixture
def lezajsk():
    """Seed 004: 14,000 inhabitants; three workers hired in 2008–2010, a half-time one in 2011."""
    centre = InstitutionFactory(slug="mops-lezajsk", name="MOPS Leżajsk", population=14000)
    PopulationYear.objects.create(institution=centre, year=2010, population=14000)
    PopulationYear.objects.create(institution=centre, year=2011, population=14000)
    for _ in range(3):
        hire(centre)
    hire(centre, fte="0.50", start=dt.date(2005, 1, 1))
    for year in (2008, 2009, 2010):
        hire(centre, start=dt.date(year, 3, 1))
    hire(centre, fte="1.00", start=dt.date(2000, 1, 1), end=dt.date(2009, 12, 31))  # left before 2010
    hire(centre, role=Role.DIRECTOR)  # not a social worker
    return centre


def test_not_met_before_and_met_after_a_half_time_hire(lezajsk):
    before = report("--centre", "mops-lezajsk", "--date", "2010-12-31")
    assert before == {
        "centre": "mops-lezajsk",
        "date": "2010-12-31",
        "population": 14000,
        "households_in_social_work": 0,
        "social_workers": 7,
        "social_worker_fte": "6.50",
        "required_fte_by_population": "7.00",
        "required_fte_by_households": None,
        "minimum_workers": 3,
        "standard_met": False,
    }
    assert staffing.evaluate(lezajsk, dt.date(2010, 12, 31)).missing_fte == Decimal("0.50")

    hire(lezajsk, fte="0.50", start=dt.date(2011, 6, 1), role=Role.SPECIALIST, specialty=Specialty.SOCIAL_WORKER)
    after = report("--centre", "mops-lezajsk", "--date", "2011-12-31")
    assert after["social_workers"] == 8
    assert after["social_worker_fte"] == "7.00"
    assert after["standard_met"] is True
    assert staffing.evaluate(lezajsk, dt.date(2011, 12, 31)).missing_fte == Decimal("0.00")
    # The day before the hire the standard is still not met.
    assert report("--centre", "mops-lezajsk", "--date", "2011-05-31")["standard_met"] is False


def test_part_time_fte_adds_up_exactly():
    centre = InstitutionFactory(slug="mops-czesci", population=6000)
    for fte in ("0.33", "0.33", "0.34", "0.25", "0.75", "1.00", "1.00"):
        hire(centre, fte=fte)
    result = staffing.evaluate(centre, dt.date(2012, 1, 1))
    assert result.fte == Decimal("4.00")
    assert isinstance(result.fte, Decimal)
    assert result.required_by_population == Decimal("3.00")
    assert result.met is True
    assert report("--centre", "mops-czesci", "--date", "2012-01-01")["social_worker_fte"] == "4.00"


def test_never_fewer_than_three_full_time_workers():
    centre = InstitutionFactory(slug="gops-mala", kind="GOPS", population=2500)
    hire(centre)
    hire(centre)
    result = staffing.evaluate(centre, dt.date(2015, 6, 30))
    assert result.required_by_population == Decimal("1.25")
    assert result.fte == Decimal("2.00")
    assert result.met is False
    assert result.missing_fte == Decimal("1.00")
    hire(centre, start=dt.date(2015, 6, 1))
    assert staffing.evaluate(centre, dt.date(2015, 6, 30)).met is True


def test_population_change_between_years_changes_the_requirement():
    centre = InstitutionFactory(slug="mops-rosnie", population=None)
    PopulationYear.objects.create(institution=centre, year=2019, population=9800)
    PopulationYear.objects.create(institution=centre, year=2020, population=10_300)
    for _ in range(5):
        hire(centre)
    assert report("--centre", "mops-rosnie", "--date", "2019-12-31")["required_fte_by_population"] == "4.90"
    assert report("--centre", "mops-rosnie", "--date", "2019-12-31")["standard_met"] is True
    late = report("--centre", "mops-rosnie", "--date", "2020-01-01")
    assert late["population"] == 10_300
    assert late["required_fte_by_population"] == "5.15"  # 10,300 / 2,000, rounded up
    assert late["standard_met"] is False


def test_households_alternative_is_enough_when_recorded():
    centre = InstitutionFactory(slug="mops-rodziny", population=20_000)
    for _ in range(6):
        hire(centre)
    HouseholdsInSocialWork.objects.create(institution=centre, year=2018, households=280)
    result = report("--centre", "mops-rodziny", "--date", "2018-05-01")
    assert result["required_fte_by_population"] == "10.00"
    assert result["required_fte_by_households"] == "5.60"
    assert result["standard_met"] is True  # the act says "lub": either ratio satisfies it
    assert report("--centre", "mops-rodziny", "--date", "2019-05-01")["standard_met"] is False  # no count for 2019


def test_rule_is_data_with_validity_dates():
    centre = InstitutionFactory(slug="mops-regula", population=3000)
    for _ in range(3):
        hire(centre)
    StaffingRule.objects.update(valid_to=dt.date(2020, 12, 31))
    StaffingRule.objects.create(valid_from=dt.date(2021, 1, 1), inhabitants_per_worker=750, minimum_workers=3)
    assert staffing.evaluate(centre, dt.date(2020, 12, 31)).met is True
    later = staffing.evaluate(centre, dt.date(2021, 1, 1))
    assert later.required_by_population == Decimal("4.00")
    assert later.met is False


def test_unknown_centre_and_bad_date_are_clear_errors(lezajsk):
    with pytest.raises(CommandError, match="Unknown centre"):
        report("--centre", "nie-ma")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        report("--centre", "mops-lezajsk", "--date", "31.12.2010")


def test_the_staffing_screen_says_an_open_ended_employment_has_no_end(lezajsk):
    """„Do” was an empty cell for a worker still employed: it reads „—” like every other empty cell."""
    client = Client()
    client.force_login(MembershipFactory(institution=lezajsk, role=Role.COORDINATOR).user)
    html = client.get("/planning/staffing/", {"date": "2010-12-31"}).content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "<td></td>" not in rows and "<td>—</td>" in rows and "01.03.2008" in rows
