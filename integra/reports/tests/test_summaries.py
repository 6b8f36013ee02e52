import datetime as dt
from decimal import Decimal

import pytest

from integra.reports import queries
from integra.reports.tests.summary_world import build_summary_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(centre_a):
    return build_summary_world(centre_a)


def test_project_summary_counts_each_figure_from_the_records(world):
    data = queries.project_summary(world.project)
    assert data["project"] == "SUM-1"
    assert data["participants"] == {"total": 4, "women": 3, "men": 1, "non_binary": 0}
    assert data["families"] == 2
    assert data["people_with_disabilities"] == 2  # Cezary refused
    assert data["social_contracts"] == 3  # the draft does not count
    assert data["local_activity_programmes"] == 1
    assert data["individual_plans"] == 2
    assert data["recruitment"] == {"applications": 4, "qualified": 3, "capacity": 4}
    assert data["courses_completed"] == {
        "people": 2,
        "by_course": [{"name": "Kucharz małej gastronomii", "people": 1}, {"name": "Prawo jazdy kat. C", "people": 1}],
    }
    assert data["driving_licences"] == 1
    assert data["qualifications_gained"] == 1
    assert data["internships"] == {"people": 2, "under_30": 2}  # Cezary was 29 at his first internship
    assert data["socially_useful_work"] == {"people": 3, "women": 2, "units": 2}
    assert data["cis_referrals"] == 1
    assert data["family_assistant_families"] == 1
    assert data["events"] == [
        {"kind": "festyn", "title": "Mikołajki", "date": "2014-12-06"},
        {"kind": "conference", "title": "Konferencja podsumowująca", "date": "2014-12-18"},
    ]
    assert data["jobs"] == {"total": 3, "internship": 1, "employment_contract": 2, "self_employment": 1}


def test_effectiveness_counts_jobs_within_three_months_and_social_progress(world):
    result = queries.effectiveness(world.project)
    assert len(result.exited) == 4
    assert sorted(p.participant.first_name for p in result.social) == ["Cezary", "Danuta"]
    assert sorted(p.participant.first_name for p in result.employment) == ["Anna", "Danuta"]
    data = result.as_json()
    assert data["social"] == {"people": 2, "rate": "50.00", "threshold": "34.00", "met": True}
    assert data["employment"] == {"people": 2, "rate": "50.00", "threshold": "22.00", "met": True}


def test_club_annual_report(world):
    data = queries.club_annual(world.club, 2014)
    assert data["club"] == "KIS-TEST" and data["year"] == 2014
    assert data["people_served"] == {"total": 5, "women": 4}  # the project's four + Ewelina from the workshop
    assert data["socially_useful_work"]["people"] == 3
    assert data["socially_useful_work"]["women"] == 2
    assert data["socially_useful_work"]["women_aged_50_plus"] == 2  # Beata 54, Danuta 59
    assert data["workshops"] == [{"title": "Zapraszam NIE do mojego życia", "people": 3, "women": 3}]
    assert data["social_contracts"] == {"people": 3, "women": 2}
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["long_term_unemployed"]["people"] == 1
    assert groups["disabled"] == {
        "group": "disabled",
        "name": groups["disabled"]["name"],
        "people": 1,
        "women": 1,
        "social_results": 1,
        "occupational_results": 1,
    }
    assert data["results"] == {"social": 2, "occupational": 2}
    assert data["staff"] == {"people": 1, "fte": "0.50"}


def test_club_annual_report_of_another_year_is_empty(world):
    data = queries.club_annual(world.club, 2012)
    assert data["people_served"] == {"total": 0, "women": 0}
    assert data["workshops"] == []


def test_centre_annual_summary(world, centre_a):
    data = queries.centre_annual(centre_a.pk, 2014)
    assert data["people_served"] == {"total": 5, "women": 4}
    assert data["socially_useful_work"]["people"] == 3
    assert data["socially_useful_work"]["aged_50_plus"] == 2
    assert data["social_contracts"] == {"contracts": 3, "people": 3, "women": 2}
    assert data["projects"] == [{"code": "SUM-1", "title": "Nowe Szanse w MOPS", "participants": 4}]


def test_club_annual_report_settles_the_grant_of_the_clubs_projects(world, accountant):
    from integra.finance.tests.factories import expense, line, seed_004_budget

    version = seed_004_budget(accountant.membership, world.project)
    expense(
        accountant.membership,
        world.project,
        line(version, "1.1"),
        Decimal("1234.56"),
        date=dt.date(2014, 6, 1),
        document_number="FV/1/2014",
    )
    data = queries.club_annual(world.club, 2014)
    settlement = data["grant_settlement"]
    assert settlement["planned"] == "385365.31"
    assert settlement["spent_in_year"] == "1234.56"
    assert settlement["projects"][0]["project"] == world.project.code
    assert queries.club_annual(world.club, 2012)["grant_settlement"] == {
        "projects": [],
        "planned": "0.00",
        "spent_in_year": "0.00",
    }


def test_employment_effectiveness_of_people_with_a_severe_disability_has_its_own_threshold(world):
    people = [p.participant for p in world.project.participations.all()]
    for person in people:
        person.disability = "yes"
        person.severe_disability = person.first_name == "Anna"
        person.save()
    data = queries.effectiveness(world.project).as_json()["employment_severe_disability"]
    assert data == {"exited": 1, "people": 1, "rate": "100.00", "threshold": "12.00", "met": True}


def test_severe_disability_without_a_disability_is_refused(coordinator):
    from django.core.exceptions import ValidationError

    from integra.people import services
    from integra.people.models import Participant
    from integra.people.tests.factories import ParticipantFactory

    person = ParticipantFactory(institution=coordinator.institution, disability="no")
    data = {f: getattr(person, f) for f in services.PARTICIPANT_FIELDS}
    data["severe_disability"] = True
    with pytest.raises(ValidationError) as error:
        services.update_participant(
            actor=coordinator.membership, participant=person, data=data, groups=[], version=person.version
        )
    assert "severe_disability" in error.value.message_dict
    assert not Participant.objects.get(pk=person.pk).severe_disability
