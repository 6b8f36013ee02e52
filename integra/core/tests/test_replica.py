"""Reporting replica (integra.core.replica): the router, the data-source note, and real streaming replication.

The tests marked `real_replica` need `INTEGRA_REPLICA_URL` (a streaming replica of the test PostgreSQL;
`.ci/run` starts one with `.ci/replica start`); they skip cleanly without one. Stopping and restarting
the replica needs `INTEGRA_TEST_REPLICA_CONTROL` (the `.ci/replica` script, run as root).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.core import replica
from integra.core.models import AccessLogEntry
from integra.institutions.models import Club, Institution
from integra.reports.tests.summary_world import build_summary_world

REPLICA_URL = os.environ.get("INTEGRA_REPLICA_URL", "")
needs_replica = pytest.mark.skipif(not replica.configured() or not REPLICA_URL,
                                   reason="no reporting replica configured (INTEGRA_REPLICA_URL)")


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
        "database": "replica", "as_of": when.isoformat(timespec="seconds"), "lag_seconds": 1.3, "note": None,
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
    real.update({"HOST": parsed["HOST"], "PORT": parsed["PORT"], "USER": parsed["USER"],
                 "PASSWORD": parsed["PASSWORD"], **overrides})
    real["OPTIONS"] = {**real.get("OPTIONS", {}), "connect_timeout": 2}
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
            "The reporting replica cannot be reached; figures were read from the primary database.")
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
def test_a_streamed_csv_export_reads_the_replica_while_the_access_log_is_written_on_the_primary(real_replica,
                                                                                              coordinator):
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
