import datetime as dt

import pytest
from django.db.models import DateField, Value

from integra.institutions.tests.factories import InstitutionFactory
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import (
    INDICATORS_2021_2027,
    age_at,
    counted_participations,
    indicator_by_code,
    indicators_json,
)
from integra.reports.tests.edge_project import EXPECTED, build_edge_project

pytestmark = pytest.mark.django_db

SECTION_7_ORDER = [f"EECO{n:02d}" for n in range(1, 18)] + [f"EECR{n:02d}" for n in range(1, 7)]


@pytest.fixture
def edge(centre_a):
    world = build_edge_project(centre_a)
    # Noise that must not count: another project of the same centre and another centre's project.
    ParticipationFactory(project=ProjectFactory(institution=centre_a, code="OTHER"))
    other = InstitutionFactory(slug="elsewhere")
    ParticipationFactory(project=ProjectFactory(institution=other, code="EDGE-1"))
    return world


def test_definitions_follow_section_7_order():
    assert [i.code for i in INDICATORS_2021_2027] == SECTION_7_ORDER


def test_every_indicator_value_on_the_edge_case_project(edge):
    data = indicators_json(edge.project)
    assert data["project"] == "EDGE-1"
    assert data["participants"] == 8
    assert [row["code"] for row in data["indicators"]] == SECTION_7_ORDER
    got = {row["code"]: (row["total"], row["women"], row["men"], row["non_binary"]) for row in data["indicators"]}
    assert got == EXPECTED


def test_indicators_take_one_query(edge, django_assert_num_queries):
    with django_assert_num_queries(1):
        indicators_json(edge.project)


@pytest.mark.parametrize(
    ("code", "sex", "names"),
    [
        ("EECO06", "", ["Bartek", "Celina"]),
        ("EECO01", "women", ["Celina", "Ewa"]),
        ("EECO12", "", ["Ewa"]),
        ("EECR01", "", ["Celina", "Ewa"]),
        ("EECR04", "men", ["Bartek"]),
        ("EECO11", "non_binary", ["Gabi"]),
    ],
)
def test_drill_down_lists_the_people_counted(edge, code, sex, names):
    indicator = indicator_by_code("2021-2027", code)
    rows = counted_participations(edge.project, indicator, sex)
    assert sorted(p.participant.first_name for p in rows) == names


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (dt.date(2005, 6, 15), dt.date(2023, 6, 14), 17),
        (dt.date(2005, 6, 15), dt.date(2023, 6, 15), 18),
        (dt.date(2004, 2, 29), dt.date(2022, 2, 28), 17),
        (dt.date(2004, 2, 29), dt.date(2022, 3, 1), 18),
        (dt.date(2004, 2, 29), dt.date(2024, 2, 29), 20),
    ],
)
def test_age_in_sql_matches_the_rule(centre_a, birth, day, age):
    person = ParticipantFactory(institution=centre_a, birth_date=birth)
    got = (
        Participant.objects.filter(pk=person.pk)
        .annotate(age=age_at(Value(day, output_field=DateField()), "birth_date"))
        .values_list("age", flat=True)
        .get()
    )
    assert got == age == person.age_on(day)
