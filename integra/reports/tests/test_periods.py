"""Issue 19: every programming period reports its participants in its own terms."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from integra.core.testing.xlsx import read_report
from integra.projects.models import ProgrammePeriod
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import (
    INDICATOR_SETS,
    INDICATORS_2007_2013,
    INDICATORS_2014_2020,
    SET_TITLES,
    TOTAL_CODES,
    UnknownPeriod,
    counted_participations,
    indicator_by_code,
    indicator_set,
    indicators_json,
    participant_flow,
)
from integra.reports.tests.edge_periods import (
    CLAIM,
    EXPECTED_2007_2013,
    EXPECTED_2014_2020,
    EXPECTED_FLOW,
    build_period_project,
)

pytestmark = pytest.mark.django_db

ANNEX_I_ORDER = [f"CO{n:02d}" for n in range(1, 20)] + ["TOTAL"] + [f"CR{n:02d}" for n in range(1, 10)]


def _by_code(data):
    return {r["code"]: (r["total"], r["women"], r["men"], r["non_binary"]) for r in data["indicators"]}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def set_2014(centre_a):
    return build_period_project(centre_a, "2014-2020", "EDGE-14")


@pytest.fixture
def set_2007(centre_a):
    return build_period_project(centre_a, "2007-2013", "EDGE-07")


def test_2014_2020_codes_follow_annex_i():
    assert [i.code for i in INDICATORS_2014_2020] == ANNEX_I_ORDER


def test_every_2014_2020_value_on_the_edge_case_project(set_2014):
    # Noise: another project of the centre does not count.
    ParticipationFactory(project=ProjectFactory(institution=set_2014.project.institution, code="OTHER"))
    data = indicators_json(set_2014.project)
    assert data["programme_period"] == "2014-2020" and data["participants"] == 14
    assert [r["code"] for r in data["indicators"]] == ANNEX_I_ORDER
    assert _by_code(data) == EXPECTED_2014_2020


def test_every_2007_2013_value_on_the_edge_case_project(set_2007):
    data = indicators_json(set_2007.project, flow_from=CLAIM[0], flow_to=CLAIM[1])
    assert data["programme_period"] == "2007-2013" and data["participants"] == 14
    assert [r["code"] for r in data["indicators"]] == [i.code for i in INDICATORS_2007_2013]
    assert _by_code(data) == EXPECTED_2007_2013


def test_payment_claim_flow_in_the_period_and_since_the_start(set_2007):
    flow = participant_flow(set_2007.project, *CLAIM)
    assert (flow["from"], flow["to"]) == ("2023-01-01", "2023-06-30")
    got = {
        col: {k: (v["total"], v["women"], v["men"], v["non_binary"]) for k, v in flow[col].items()}
        for col in ("in_period", "since_start")
    }
    assert got == EXPECTED_FLOW


def test_flow_defaults_to_the_whole_project(set_2007):
    flow = indicators_json(set_2007.project)["flow"]
    assert (flow["from"], flow["to"]) == ("2022-01-01", "2024-12-31")
    assert flow["in_period"] == flow["since_start"]
    assert flow["since_start"]["entered"]["total"] == 14
    # Completed: Ala, Bartek, Celina, Dawid, Ewa, Feliks, Halina; interrupted: Irena, Jan (left for a job),
    # Krzysztof; still taking part: Gabi, Lena, Olga, Zenon.
    assert flow["since_start"]["completed"]["total"] == 7
    assert flow["since_start"]["interrupted"]["total"] == 3
    assert flow["since_start"]["continuing"]["total"] == 4


@pytest.mark.parametrize(
    ("code", "sex", "names"),
    [
        ("CO06", "", ["Ala", "Bartek", "Irena"]),
        ("CO07", "men", ["Krzysztof", "Zenon"]),
        ("CO12", "", ["Irena", "Krzysztof"]),
        ("CO14", "", ["Irena", "Jan"]),
        ("CR05", "women", ["Ewa", "Halina", "Irena"]),
        ("CR06", "", ["Dawid", "Halina", "Krzysztof"]),
        ("TOTAL", "non_binary", ["Gabi"]),
    ],
)
def test_2014_2020_drill_down_lists_the_people_counted(set_2014, code, sex, names):
    rows = counted_participations(set_2014.project, indicator_by_code("2014-2020", code), sex)
    assert sorted(p.participant.first_name for p in rows) == names


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("aged_55_64", ["Ewa", "Krzysztof"]),
        ("self_employed", ["Jan"]),
        ("other_disadvantaged", ["Feliks", "Lena"]),
    ],
)
def test_2007_2013_drill_down_lists_the_people_counted(set_2007, code, names):
    rows = counted_participations(set_2007.project, indicator_by_code("2007-2013", code))
    assert sorted(p.participant.first_name for p in rows) == names


def test_cli_names_the_period_and_takes_the_claim_period(set_2007):
    data = json.loads(_run("indicators", "--project", "EDGE-07", "--from", "2023-01-01", "--to", "2023-06-30"))
    assert list(data) == ["project", "participants", "indicators", "programme_period", "flow"]
    assert data["flow"]["in_period"]["entered"] == {"total": 10, "women": 5, "men": 5, "non_binary": 0}
    assert _by_code(data) == EXPECTED_2007_2013


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2023-07-01", "--to", "2023-06-30"), "--from must not be later than --to"),
        (("--from", "30.06.2023"), "--from takes a date YYYY-MM-DD"),
        (("--from", "2025-01-01"), "must overlap the project's period"),
    ],
)
def test_cli_bad_claim_period_is_a_clear_error(set_2007, args, message):
    with pytest.raises(CommandError, match=message):
        _run("indicators", "--project", "EDGE-07", *args)


def test_cli_claim_period_is_refused_for_a_later_period(set_2014):
    with pytest.raises(CommandError, match="only to 2007-2013"):
        _run("indicators", "--project", "EDGE-14", "--from", "2018-01-01")


def test_every_period_a_project_may_have_has_its_indicator_set():
    """A project's period is a choice (projects.ProgrammePeriod): each choice has a set, a title and a total, so
    the indicators never meet a project they cannot report (integra/projects/tests/test_programme_period.py)."""
    assert set(ProgrammePeriod.values) == set(INDICATOR_SETS) == set(SET_TITLES) == set(TOTAL_CODES)


def test_a_period_without_a_set_is_named_with_the_supported_ones():
    with pytest.raises(UnknownPeriod) as unknown:
        indicator_set("2000-2006")
    assert "2007-2013, 2014-2020, 2021-2027" in unknown.value.message


def test_cli_xlsx_and_pdf_carry_the_period_labels(set_2014, tmp_path):
    from integra.reports.tests.test_documents import pdf_text

    xlsx, pdf = tmp_path / "w.xlsx", tmp_path / "w.pdf"
    _run("indicators", "--project", "EDGE-14", "--format", "xlsx", "--out", str(xlsx))
    _run("indicators", "--project", "EDGE-14", "--format", "pdf", "--out", str(pdf))
    sheet = read_report(xlsx.read_bytes())
    # SL2014 numbers no total: its row has no code and is named (its JSON key „TOTAL” is no reader's code)
    assert [r[1] for r in sheet.table.rows if r[0] is None] == ["liczba uczestników ogółem"]
    assert {r[0] or "TOTAL": tuple(r[2:6]) for r in sheet.table.rows} == EXPECTED_2014_2020
    assert sheet.about["Okres programowania"].startswith("2014–2020: Wspólne wskaźniki")
    text = pdf_text(pdf.read_bytes())
    assert "1304/2013" in text and "CO13" in text and "CR09" in text


def test_screen_shows_the_2014_set_and_refuses_sensitive_drill_down(coordinator, accountant):
    world = build_period_project(coordinator.institution, "2014-2020", "EDGE-14")
    url = reverse("reports:project-indicators", args=[world.project.pk])
    page = coordinator.client.get(url).content.decode()
    assert "1304/2013" in page and "CO18" in page and "code=CR05" in page
    people = reverse("reports:indicator-people", args=[world.project.pk])
    assert "TestIrena" in coordinator.client.get(people, {"code": "CO13"}).content.decode()
    assert accountant.client.get(people, {"code": "CR05"}).status_code == 403
    assert "code=CR05" not in accountant.client.get(url).content.decode()


def test_screen_shows_the_2007_flow_and_keeps_the_claim_period_in_downloads(coordinator):
    from integra.reports.tests.test_documents import pdf_text

    world = build_period_project(coordinator.institution, "2007-2013", "EDGE-07")
    url = reverse("reports:project-indicators", args=[world.project.pk])
    page = coordinator.client.get(url, {"flow_from": "2023-01-01", "flow_to": "2023-06-30"}).content.decode()
    assert "1828/2006" in page and 'id="flow-table"' in page and "01.01.2023 – 30.06.2023" in page
    assert "flow_from=2023-01-01&amp;flow_to=2023-06-30&amp;format=xlsx" in page
    sheet = read_report(
        coordinator.client.get(url, {"flow_from": "2023-01-01", "flow_to": "2023-06-30", "format": "xlsx"}).content
    )
    assert sheet.table.header[0] == "Wskaźnik"  # 2007–2013 has no codes: the rows are labelled
    by_name = {r[0]: tuple(r[1:5]) for r in sheet.table.rows}
    assert by_name["wykształcenie ponadgimnazjalne (ISCED 3)"] == (4, 1, 3, 0)
    flow = sheet.tables["Przepływ uczestników we wniosku o płatność: 01.01.2023 – 30.06.2023"]
    assert flow.rows[0] == ("rozpoczęli udział w projekcie (w okresie objętym wnioskiem)", 10, 5, 5, 0)
    assert sheet.about["Okres wniosku o płatność"] == "01.01.2023 – 30.06.2023"
    pdf = coordinator.client.get(url, {"flow_from": "2023-01-01", "flow_to": "2023-06-30", "format": "pdf"})
    assert "01.01.2023 – 30.06.2023" in pdf_text(b"".join(pdf.streaming_content))


def test_screen_bad_claim_period_gets_a_polish_message_and_no_flow(coordinator):
    world = build_period_project(coordinator.institution, "2007-2013", "EDGE-07")
    url = reverse("reports:project-indicators", args=[world.project.pk])
    page = coordinator.client.get(url, {"flow_from": "2023-07-01", "flow_to": "2023-06-30"}).content.decode()
    assert "Koniec okresu wniosku o płatność nie może być wcześniejszy niż jego początek." in page
    assert 'id="flow-table"' not in page


def test_screen_claim_period_outside_the_project_is_refused(coordinator):
    world = build_period_project(coordinator.institution, "2007-2013", "EDGE-07")
    url = reverse("reports:project-indicators", args=[world.project.pk])
    page = coordinator.client.get(url, {"flow_from": "2020-01-01", "flow_to": "2020-06-30"}).content.decode()
    assert "Okres wniosku o płatność musi obejmować część okresu projektu (01.01.2022 – 31.12.2024)." in page
    assert 'id="flow-table"' not in page
