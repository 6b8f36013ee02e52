"""The benchmarks' core functions once each, on a tiny synthetic dataset (no timing is asserted).

The real figures come from `bench/run_all.sh` on the 200,000-person dataset (bench/README.md);
this test keeps the benchmark code working as the application changes under it.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import attendance as bench_attendance  # noqa: E402
import common  # noqa: E402
import export_sheet  # noqa: E402
import import_sheet  # noqa: E402
import indicators as bench_indicators  # noqa: E402
import list_search  # noqa: E402
import load as bench_load  # noqa: E402
import sheetdata  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    call_command(
        "bench-data",
        "--centres",
        "3",
        "--participants",
        "300",
        "--big-centre",
        "120",
        "--seed",
        "1",
        "--quiet",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return common.bench_membership()


def test_sheet_import_creates_every_row_then_rolls_back(dataset, tmp_path):
    from integra.people.models import Participant

    for fmt in ("csv", "xlsx"):
        path = sheetdata.sheet_file(40, fmt, folder=tmp_path)
        seconds, report = import_sheet.run_import(path.read_bytes(), path.name)
        assert (report.read, report.created, report.rejected, report.error) == (40, 40, 0, "")
        assert seconds > 0
        assert len(import_sheet.read_cells(path.read_bytes(), fmt)) == 40
        assert import_sheet.floor(path.read_bytes(), fmt) > 0
    assert not Participant.objects.filter(institution__slug=sheetdata.IMPORT_SLUG).exists()


def test_sheet_export_writes_every_participant(dataset, tmp_path):
    import python_calamine

    project = export_sheet.export_project(30, folder=tmp_path)
    for mode in ("export", "floor"):
        target = tmp_path / f"{mode}.xlsx"
        _seconds, size = export_sheet.export_once(project, "xlsx", mode, target)
        rows = python_calamine.CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
        assert len(rows) == 31 and size > 0
    assert rows[1][3] <= rows[-1][3]  # ordered by surname


def test_list_and_search_answer_within_the_query_budget(dataset):
    from integra.people.models import Participant

    client = list_search.client_for(dataset)
    kinds = list_search.requests_of(dataset, random.Random(1), 3)
    assert set(kinds) == {"list", "surname prefix", "PESEL"}
    for requests in kinds.values():
        list_search.reset_filters(client)
        seconds, queries = list_search.measure(client, requests)
        assert len(seconds) == 3 and max(queries) <= 10
    person = Participant.objects.filter(institution_id=dataset.institution_id).order_by("id").first()
    other = (
        Participant.objects.filter(institution_id=dataset.institution_id).exclude(last_name=person.last_name).first()
    )
    response = client.post(kinds["PESEL"][0][1], {"q": person.pesel}, HTTP_HX_REQUEST="true")
    assert person.last_name in response.content.decode() and other.last_name not in response.content.decode()


def test_indicators_count_every_participation(dataset):
    from integra.projects.models import Participation

    project = bench_indicators.largest_project(dataset.institution_id)
    queryset, where, params = bench_indicators.project_case(project)
    values = bench_indicators.code_values(queryset)
    assert values["EECO11__total"] == Participation.objects.filter(project=project).count() > 0
    assert values["EECO11__total"] == values["EECO11__women"] + values["EECO11__men"] + values["EECO11__non_binary"]
    if connection.vendor == "postgresql":  # the hand-written SQL floor is PostgreSQL's dialect
        assert bench_indicators.floor_values(where, params) == values
        region = bench_indicators.compare(bench_indicators.region_case(common.bench_region()), runs=1)
        assert not region["differing"]


def test_attendance_save_keeps_a_fixed_number_of_queries(dataset):
    client = list_search.client_for(dataset)
    session = bench_attendance.group_sessions(dataset.institution_id, 1)[0]
    for size in (25, 60):
        results = bench_attendance.save_once(dataset, session, size, client)
        assert [what for what, _, _ in results] == [
            "first marking",
            "every mark changed",
            "screen POST (whole request)",
        ]
        assert max(queries for what, _, queries in results if what != "screen POST (whole request)") <= 10


def test_load_targets_are_the_coordinators_screens(dataset):
    paths = bench_load.targets()
    assert {method for method, _, _ in paths} == {"GET", "POST"}
    assert len(paths) > 10
