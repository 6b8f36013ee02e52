"""Reporting replica (integra.core.replica): the router, the data-source note, and real streaming replication.

The tests marked `real_replica` need `INTEGRA_REPLICA_URL` (a streaming replica of the test PostgreSQL;
`.ci/run` starts one with `.ci/replica start`); they skip cleanly without one. Stopping, freezing and
restarting the replica needs `INTEGRA_TEST_REPLICA_CONTROL` (the `.ci/replica` script, run as root).

Faults in the middle of a report (issue 24): the replica is stopped or frozen (SIGSTOP) at the report's
first query on it, from inside that query's execution, so "while a report runs" is a state, not a guess of
time. A frozen replica could hang a test: each such test has an outer guard that thaws the replica after a
generous while and fails the test, instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator

import dj_database_url
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.core import replica
from integra.core.models import AccessLogEntry
from integra.institutions.models import Club, Institution
from integra.reports.tests.summary_world import build_summary_world

REPLICA_URL = os.environ.get("INTEGRA_REPLICA_URL", "")
needs_replica = pytest.mark.skipif(
    not replica.configured() or not REPLICA_URL, reason="no reporting replica configured (INTEGRA_REPLICA_URL)"
)


def _report(*args: str) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


# --- without a replica: nothing changes ---------------------------------------------------------------


@pytest.mark.skipif(replica.configured(), reason="checks the single-database behaviour")
@pytest.mark.django_db
def test_without_a_replica_reports_read_the_one_database_and_json_is_unchanged(coordinator):
    build_summary_world(coordinator.institution)
    data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
    assert data["people_served"] == {"total": 5, "women": 4}
    assert "data_source" not in data
    page = coordinator.client.get(reverse("reports:centre-annual"), {"year": 2014})
    assert "replik" not in page.content.decode()


def test_router_sends_only_reporting_reads_outside_transactions_to_the_replica():
    router = replica.ReportingRouter()
    assert router.db_for_read(Institution) == "default"
    token = replica._current.set(replica.DataSource("replica", replica.timezone.now(), 0.0))
    try:
        assert router.db_for_read(Institution) == "replica"
        assert router.db_for_write(Institution) == "default"
        connections[DEFAULT_DB_ALIAS].in_atomic_block = True  # a read inside a write on the primary
        try:
            assert router.db_for_read(Institution) == "default"
        finally:
            connections[DEFAULT_DB_ALIAS].in_atomic_block = False
    finally:
        replica._current.reset(token)
    fallback = replica.DataSource("primary", replica.timezone.now(), 400.0, "lag")
    token = replica._current.set(fallback)
    try:
        assert router.db_for_read(Institution) == "default"
    finally:
        replica._current.reset(token)
    assert router.allow_migrate("replica", "people") is False
    assert router.allow_migrate("default", "people") is True


def test_data_source_json_says_where_and_why():
    when = replica.timezone.now()
    assert replica.DataSource("replica", when, 1.26).as_json() == {
        "database": "replica",
        "as_of": when.isoformat(timespec="seconds"),
        "lag_seconds": 1.3,
        "note": None,
    }
    down = replica.DataSource("primary", when, 0.0, "down").as_json()
    assert down["database"] == "primary"
    assert down["note"] == "The reporting replica cannot be reached; figures were read from the primary database."
    lag = replica.DataSource("primary", when, 412.0, "lag").as_json()
    assert lag["note"].startswith("The reporting replica is 412 s behind (limit 300 s)")


# --- a real streaming replica ---------------------------------------------------------------------------


def _replica_settings(**overrides) -> dict:
    """The replica alias pointed at the real replica's copy of the test database (not the test mirror)."""
    real = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    parsed = dj_database_url.parse(REPLICA_URL)
    real.update(
        {
            "HOST": parsed["HOST"],
            "PORT": parsed["PORT"],
            "USER": parsed["USER"],
            "PASSWORD": parsed["PASSWORD"],
            **overrides,
        }
    )
    # the replica alias's own options (statement and connect timeouts), as settings make them
    real["OPTIONS"] = {**django_settings.DATABASES[replica.REPLICA]["OPTIONS"], "connect_timeout": 2}
    real["TEST"] = {**real.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS}  # never flushed by the test teardown
    return real


@pytest.fixture
def real_replica(monkeypatch):
    mirror = connections[replica.REPLICA].settings_dict
    connections[replica.REPLICA].close()
    connections[replica.REPLICA].settings_dict = _replica_settings()
    monkeypatch.setattr(replica, "_down_until", 0.0)
    yield connections[replica.REPLICA]
    connections[replica.REPLICA].close()
    connections[replica.REPLICA].settings_dict = mirror


def wait_for_replay(timeout: float = 180.0) -> None:
    """Wait until the replica has replayed everything committed on the primary so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connections[replica.REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    return
        except OperationalError:  # a restarted replica refuses connections until its recovery is consistent
            connections[replica.REPLICA].close()
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica did not replay up to {target} within {timeout} s")
        time.sleep(0.2)


def _read_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_report_reads_the_replica_and_says_how_fresh_it_is(real_replica, coordinator):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    with _read_on("replica") as on_replica, _read_on("default") as on_primary:
        data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
    assert data["people_served"] == {"total": 5, "women": 4}
    assert data["data_source"]["database"] == "replica"
    assert data["data_source"]["note"] is None
    assert data["data_source"]["lag_seconds"] == 0.0
    assert len(on_replica.captured_queries) > 5  # the report's own queries
    assert [q["sql"] for q in on_primary.captured_queries] == ["SELECT pg_current_wal_lsn()::text"]
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # it really is the standby

    page = coordinator.client.get(reverse("reports:club-annual", args=[_club_pk(coordinator)]), {"year": 2014})
    assert page.status_code == 200
    assert "Dane z repliki raportowej, stan na" in page.content.decode()


def _club_pk(persona) -> int:
    return Club.objects.get(institution=persona.institution, code="KIS-TEST").pk


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_write_lands_on_the_primary_and_appears_on_the_replica(real_replica, centre_a):
    with replica.reporting_database() as source:
        assert source.database == "replica"
        # a write, and a read inside it
        with _read_on("default") as on_primary, _read_on("replica") as on_replica, transaction.atomic():
            Institution.objects.filter(pk=centre_a.pk).update(name="MOPS Leżajsk (po zmianie)")
            assert Institution.objects.get(pk=centre_a.pk).name == "MOPS Leżajsk (po zmianie)"
        assert on_replica.captured_queries == []
        assert any("UPDATE" in q["sql"] for q in on_primary.captured_queries)
    wait_for_replay()
    assert Institution.objects.using("replica").get(pk=centre_a.pk).name == "MOPS Leżajsk (po zmianie)"


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_replica_url_that_points_nowhere_falls_back_to_the_primary_and_says_so(coordinator):
    build_summary_world(coordinator.institution)
    nowhere = _replica_settings(HOST="127.0.0.1", PORT="9")  # nothing listens on the discard port
    mirror = connections[replica.REPLICA].settings_dict
    connections[replica.REPLICA].close()
    connections[replica.REPLICA].settings_dict = nowhere
    replica._down_until = 0.0
    try:
        data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
        assert data["people_served"] == {"total": 5, "women": 4}
        assert data["data_source"]["database"] == "primary"
        assert data["data_source"]["note"] == (
            "The reporting replica cannot be reached; figures were read from the primary database."
        )
        page = coordinator.client.get(reverse("reports:club-annual", args=[_club_pk(coordinator)]), {"year": 2014})
        assert "Replika raportowa jest niedostępna: dane odczytano z bazy głównej" in page.content.decode()
    finally:
        connections[replica.REPLICA].close()
        connections[replica.REPLICA].settings_dict = mirror
        replica._down_until = 0.0


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_replica_lagging_beyond_the_limit_falls_back_to_the_primary(real_replica, coordinator, settings):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    settings.INTEGRA_REPLICA_MAX_LAG_SECONDS = 0
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        Institution.objects.filter(pk=coordinator.institution.pk).update(name="MOPS Leżajsk (nowa nazwa)")
        data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
    finally:
        with connections[replica.REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    assert data["data_source"]["database"] == "primary"
    assert data["data_source"]["note"].startswith("The reporting replica is ")
    assert data["people_served"] == {"total": 5, "women": 4}


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_stopped_replica_falls_back_to_the_primary(real_replica, coordinator):
    control = os.environ.get("INTEGRA_TEST_REPLICA_CONTROL")
    if not control:
        pytest.skip("stopping the replica needs INTEGRA_TEST_REPLICA_CONTROL (.ci/replica, as root)")
    build_summary_world(coordinator.institution)
    wait_for_replay()
    assert _report("club-annual", "--club", "KIS-TEST", "--year", "2014")["data_source"]["database"] == "replica"
    subprocess.run([control, "pause"], check=True, capture_output=True)
    try:
        connections[replica.REPLICA].close()
        data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
        assert data["data_source"]["database"] == "primary"
        assert data["people_served"] == {"total": 5, "women": 4}
        page = coordinator.client.get(reverse("reports:club-annual", args=[_club_pk(coordinator)]), {"year": 2014})
        assert "Replika raportowa jest niedostępna" in page.content.decode()
    finally:
        subprocess.run([control, "resume"], check=True, capture_output=True)
        replica._down_until = 0.0
        connections[replica.REPLICA].close()
    wait_for_replay()
    assert _report("club-annual", "--club", "KIS-TEST", "--year", "2014")["data_source"]["database"] == "replica"


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_streamed_csv_export_reads_the_replica_while_the_access_log_is_written_on_the_primary(
    real_replica, coordinator
):
    world = build_summary_world(coordinator.institution)
    wait_for_replay()
    with _read_on("replica") as on_replica:
        response = coordinator.client.get(reverse("outcomes:sheet-export-csv", args=[world.project.pk]))
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert all(name in content for name in ("Anna", "Beata", "Cezary", "Danuta"))
    assert any("people_participant" in q["sql"] for q in on_replica.captured_queries)
    entry = AccessLogEntry.objects.using("default").get(what__endswith=".csv")
    assert entry.institution_id == coordinator.institution.pk


# --- faults in the middle of a report (issue 24) --------------------------------------------------------

CONTROL = os.environ.get("INTEGRA_TEST_REPLICA_CONTROL", "")
needs_control = pytest.mark.skipif(
    not CONTROL, reason="stopping and freezing the replica needs INTEGRA_TEST_REPLICA_CONTROL (.ci/replica, as root)"
)
GUARD_SECONDS = 120  # far beyond any fallback; only a hang reaches it


def _control(action: str) -> None:
    subprocess.run([CONTROL, action], check=True, capture_output=True)


@contextlib.contextmanager
def _fault_at_the_reports_first_query(action: str) -> Iterator[list[str]]:
    """Run `.ci/replica <action>` when the report sends its first query to the replica (after the check)."""
    faulted: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if not faulted and "pg_is_in_recovery" not in sql:
            faulted.append(sql)
            _control(action)
        return execute(sql, params, many, context)

    with connections[replica.REPLICA].execute_wrapper(wrapper):
        yield faulted
    assert faulted, "the report never read the replica"


@contextlib.contextmanager
def _hang_guard() -> Iterator[threading.Event]:
    """Thaws a frozen replica after GUARD_SECONDS (so a hung report ends) and tells the test it hung."""
    hung = threading.Event()

    def rescue() -> None:
        hung.set()
        _control("thaw")

    timer = threading.Timer(GUARD_SECONDS, rescue)
    timer.start()
    try:
        yield hung
    finally:
        timer.cancel()


@contextlib.contextmanager
def _restored(action: str) -> Iterator[None]:
    """Whatever happens, the replica runs again afterwards, caught up, and is tried again at once."""
    try:
        yield
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _control(action)
        connections[replica.REPLICA].close()
        replica._down_until = 0.0
        wait_for_replay()


@needs_replica
@needs_control
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_replica_stopped_while_a_report_runs_gives_the_primarys_answer_and_says_so(real_replica, coordinator):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    url = reverse("reports:club-annual", args=[_club_pk(coordinator)])
    with _restored("resume"):
        with _fault_at_the_reports_first_query("pause"):
            page = coordinator.client.get(url, {"year": 2014})
        assert page.status_code == 200  # was a 500: the replica's connection ended under the report
        assert "Replika raportowa jest niedostępna: dane odczytano z bazy głównej" in page.content.decode()
        data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")  # not tried again for a while
        assert data["data_source"]["database"] == "primary"
        assert data["people_served"] == {"total": 5, "women": 4}
    assert _report("club-annual", "--club", "KIS-TEST", "--year", "2014")["data_source"]["database"] == "replica"


@needs_replica
@needs_control
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_replica_frozen_while_a_report_runs_gives_the_primarys_answer_instead_of_hanging(real_replica, coordinator):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    with _restored("thaw"), _hang_guard() as hung:
        with _fault_at_the_reports_first_query("freeze"):
            data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
        api = coordinator.client.get(reverse("reports:club-annual", args=[_club_pk(coordinator)]), {"year": 2014})
    assert not hung.is_set(), "the report waited for the frozen replica until the test's guard thawed it"
    assert data["data_source"]["database"] == "primary"
    assert data["data_source"]["note"] == (
        "The reporting replica cannot be reached; figures were read from the primary database."
    )
    assert data["people_served"] == {"total": 5, "women": 4}
    assert "Replika raportowa jest niedostępna" in api.content.decode()


@needs_replica
@needs_control
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_replica_frozen_before_a_report_is_left_for_the_primary_on_an_open_and_on_a_new_connection(
    real_replica, coordinator
):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    real_replica.ensure_connection()  # a persistent connection (INTEGRA_DB_CONN_MAX_AGE) opened before
    answers = []
    with _restored("thaw"), _hang_guard() as hung:
        _control("freeze")
        answers.append(_report("club-annual", "--club", "KIS-TEST", "--year", "2014"))  # the check's query waits
        replica._down_until = 0.0
        connections[replica.REPLICA].close()
        answers.append(_report("club-annual", "--club", "KIS-TEST", "--year", "2014"))  # connecting waits
    assert not hung.is_set(), "a report waited for the frozen replica until the test's guard thawed it"
    for data in answers:
        assert data["data_source"]["database"] == "primary"
        assert data["people_served"] == {"total": 5, "women": 4}


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_report_query_over_the_replicas_statement_timeout_runs_again_on_the_primary(real_replica, coordinator):
    build_summary_world(coordinator.institution)
    wait_for_replay()
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"  # INTEGRA_REPLICA_STATEMENT_TIMEOUT's default, on every session
    overrun: list[str] = []

    def over_time(execute, sql, params, many, context):
        if not overrun and "pg_is_in_recovery" not in sql:
            overrun.append(sql)  # the report's first query on the replica takes longer than the limit allows
            context["cursor"].execute("SET statement_timeout = '1ms'")
            context["cursor"].execute("SELECT pg_sleep(0.5)")
        return execute(sql, params, many, context)

    try:
        with connections[replica.REPLICA].execute_wrapper(over_time):
            data = _report("club-annual", "--club", "KIS-TEST", "--year", "2014")
    finally:
        replica._down_until = 0.0
        connections[replica.REPLICA].close()
    assert overrun, "the report never read the replica"
    assert data["data_source"]["database"] == "primary"
    assert data["people_served"] == {"total": 5, "women": 4}


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_files_read_from_a_replica_that_lags_say_as_of_when(real_replica, coordinator):
    import openpyxl

    world = build_summary_world(coordinator.institution)
    wait_for_replay()
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        # a write the paused replica has not replayed: it lags, but well within INTEGRA_REPLICA_MAX_LAG_SECONDS
        Institution.objects.filter(pk=coordinator.institution.pk).update(name="MOPS Leżajsk (po zmianie)")
        sheet = coordinator.client.get(reverse("outcomes:sheet-export-csv", args=[world.project.pk]))
        rows = b"".join(sheet.streaming_content).decode("utf-8-sig")
        xlsx = coordinator.client.get(
            reverse("reports:club-annual", args=[_club_pk(coordinator)]), {"year": 2014, "format": "xlsx"}
        )
    finally:
        with connections[replica.REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    assert "Anna" in rows
    assert "stan-na-" in sheet["Content-Disposition"]  # a data file's header is row 1: its name says so
    assert sheet["X-Integra-Data-Source"].startswith("replica; as-of=")
    cells = [
        c for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row
    ]
    assert any(str(c).startswith("Dane z repliki raportowej, stan na ") for c in cells if c)

    wait_for_replay()  # caught up: the same files say nothing of a replica
    sheet = coordinator.client.get(reverse("outcomes:sheet-export-csv", args=[world.project.pk]))
    assert "stan-na-" not in sheet["Content-Disposition"] and "X-Integra-Data-Source" not in sheet
