"""Backups under faults (issue 24): a restore either completes or leaves the target as it was, every dump is
one snapshot, and a freshly migrated database takes any backup without --force.

PostgreSQL cases use scratch databases of their own on 127.0.0.1:5432 (they skip when it does not answer);
SQLite cases use files in tmp_path. The interrupted restore is the real command in its own process group,
stopped with SIGINT (Ctrl+C) while it is inside the dump's data; the dump holds a table whose CHECK takes an
advisory lock the test holds, so "inside the data" is a state the test waits for, not a guess of time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from integra.people.models import Participant
from integra.privacy import backup as bk
from integra.projects.tests.factories import ParticipationFactory

PASS = b"correct horse battery staple"
BIN = Path(sys.executable).parent
PROJECT_DIR = Path(__file__).resolve().parents[3]
PG = {"HOST": "127.0.0.1", "PORT": 5432, "USER": "postgres", "PASSWORD": ""}
GATE_LOCK = 24024  # the advisory lock the gate table's CHECK waits for

needs_pg_tools = pytest.mark.skipif(not bk.pg_dump_available(), reason="pg_dump, pg_restore or psql not on PATH")


# ---------------------------------------------------------------- helpers


def _pg_admin():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(
            host=PG["HOST"], port=PG["PORT"], user=PG["USER"], dbname="postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")


@pytest.fixture
def pg_scratch():
    """Make scratch databases on demand (optionally from a template); all dropped afterwards."""
    admin = _pg_admin()
    made: list[str] = []

    def make(template: str | None = None) -> dict:
        name = f"integra_bkf_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        made.append(name)
        return dict(PG, NAME=name)

    make.admin = admin
    yield make
    for name in reversed(made):
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _pg(db):
    import psycopg

    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True)


def _pg_state(db) -> dict:
    with _pg(db) as conn, conn.cursor() as cursor:
        return bk.checksums(cursor, bk.pg_tables(cursor))


def _url(db) -> str:
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRA_", "DATABASE_URL", "DJANGO_"))}
    env.update({"INTEGRA_SECRET_KEY": "backup-faults-test-secret-key-0123456789-abcdefghijklmnop", **extra})
    return env


def _integra(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "integra"), *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )


def _seal(payload: bytes, kind: str, path: Path) -> Path:
    with path.open("wb") as target:
        bk.encrypt(io.BytesIO(payload), target, PASS, kind=kind)
    return path


def _passfile(tmp_path: Path) -> Path:
    passfile = tmp_path / "pass"
    passfile.write_bytes(PASS + b"\n")
    return passfile


def _source_with_gate(db) -> None:
    """A source database whose dump restores `person` first and then waits in `zz_gate`'s data for GATE_LOCK."""
    with _pg(db) as conn:
        conn.execute("CREATE TABLE person (id bigserial PRIMARY KEY, surname text NOT NULL)")
        conn.execute("INSERT INTO person (surname) SELECT 'Nowak ' || n FROM generate_series(1, 5000) AS n")
        conn.execute(
            "CREATE FUNCTION gate() RETURNS boolean LANGUAGE plpgsql AS "
            f"$$BEGIN PERFORM pg_catalog.pg_advisory_xact_lock_shared({GATE_LOCK}); RETURN true; END$$"
        )
        conn.execute("CREATE TABLE zz_gate (id int PRIMARY KEY CHECK (public.gate()))")
        conn.execute("INSERT INTO zz_gate VALUES (1)")


def _target_with_own_rows(db) -> dict:
    with _pg(db) as conn:
        conn.execute("CREATE TABLE person (id bigserial PRIMARY KEY, surname text NOT NULL)")
        conn.execute("INSERT INTO person (surname) VALUES ('Kowalska'), ('Wiśniewski'), ('Zając')")
        conn.execute("CREATE TABLE kept_only_here (id int PRIMARY KEY)")
        conn.execute("INSERT INTO kept_only_here VALUES (7)")
    state = _pg_state(db)
    assert state["person"][0] == 3 and state["kept_only_here"][0] == 1
    return state


def _pg_dump_payload(db, tmp_path: Path) -> bytes:
    sealed = tmp_path / "source.ibk"
    with sealed.open("wb") as target:
        assert bk.backup_postgres(db, target, PASS) == "pg_dump"
    plain = io.BytesIO()
    with sealed.open("rb") as source:
        bk.decrypt(source, plain, PASS)
    return plain.getvalue()


def _wait_for(predicate, what: str, process: subprocess.Popen | None = None, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the command ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


# ---------------------------------------------------------------- PostgreSQL: interrupted and cut-off restores


@needs_pg_tools
def test_a_restore_interrupted_inside_the_data_leaves_the_postgresql_target_as_it_was(pg_scratch, tmp_path):
    source, target = pg_scratch(), pg_scratch()
    _source_with_gate(source)
    backup_file = _seal(_pg_dump_payload(source, tmp_path), "pg_dump", tmp_path / "good.ibk")
    before = _target_with_own_rows(target)

    admin = pg_scratch.admin
    holder = _pg(target)  # advisory locks belong to one database: hold it in the target's
    holder.execute("SELECT pg_advisory_lock(%s)", [GATE_LOCK])
    try:
        restore = subprocess.Popen(
            [
                str(BIN / "integra"),
                "restore",
                str(backup_file),
                "--passphrase-file",
                str(_passfile(tmp_path)),
                "--force",
            ],
            env=_env(DATABASE_URL=_url(target)),
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

        def inside_the_data() -> bool:  # the restore has loaded `person` and waits in zz_gate's COPY
            waiting = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event = 'advisory'",
                [target["NAME"]],
            )
            return waiting.fetchone()[0] > 0

        _wait_for(inside_the_data, "the restore reaching the dump's data", restore)
        os.killpg(restore.pid, signal.SIGINT)  # Ctrl+C in the operator's terminal
        _out, err = restore.communicate(timeout=120)
    finally:
        holder.close()
    assert _pg_state(target) == before  # the same three people, and the table the dump does not have
    assert restore.returncode == 130
    assert "the database was left as it was" in err


@needs_pg_tools
def test_a_cut_off_but_correctly_sealed_dump_leaves_the_postgresql_target_as_it_was(pg_scratch, tmp_path):
    source, target = pg_scratch(), pg_scratch()
    _source_with_gate(source)
    payload = _pg_dump_payload(source, tmp_path)
    cut = _seal(payload[: len(payload) * 2 // 3], "pg_dump", tmp_path / "cut.ibk")  # pg_dump stopped short
    before = _target_with_own_rows(target)

    done = _integra(
        "restore",
        str(cut),
        "--passphrase-file",
        str(_passfile(tmp_path)),
        "--force",
        env=_env(DATABASE_URL=_url(target)),
    )
    assert _pg_state(target) == before
    assert done.returncode != 0
    assert "baza danych pozostała bez zmian" in done.stderr  # the CLI speaks the site's language (pl)
    assert "Nowak" not in done.stderr  # the error names the fault, never a row


# ---------------------------------------------------------------- SQLite: a damaged payload, a killed restore


def _sqlite_file(path: Path, surnames: list[str], blob_rows: int = 0) -> dict:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text)")
    conn.execute("CREATE TABLE person (id integer PRIMARY KEY, surname text NOT NULL, photo blob)")
    conn.executemany("INSERT INTO person (surname) VALUES (?)", [(s,) for s in surnames])
    conn.executemany("INSERT INTO person (surname, photo) VALUES ('x', ?)", [(os.urandom(64 * 1024),)] * blob_rows)
    conn.commit()
    state = bk.checksums(conn.cursor(), bk.sqlite_tables(conn))
    conn.close()
    return state


def _sqlite_state(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        return bk.checksums(conn.cursor(), bk.sqlite_tables(conn))
    finally:
        conn.close()


def test_a_cut_off_sqlite_payload_is_refused_and_the_target_kept(tmp_path):
    _sqlite_file(tmp_path / "source.sqlite3", [f"Nowak {n}" for n in range(3000)])
    payload = tmp_path / "payload"
    data = (tmp_path / "source.sqlite3").read_bytes()
    payload.write_bytes(data[: len(data) // 2])
    target = tmp_path / "target.sqlite3"
    before = _sqlite_file(target, ["Kowalska", "Wiśniewski", "Zając"])
    with pytest.raises(bk.BackupError) as refused:
        bk.restore_sqlite(payload, str(target), force=True)
    assert refused.value.code == "damaged"
    assert _sqlite_state(target) == before


def test_a_sqlite_restore_killed_during_the_copy_leaves_the_old_or_the_new_database_never_a_mix(tmp_path):
    source = tmp_path / "source.sqlite3"
    after = _sqlite_file(source, [f"Nowak {n}" for n in range(100)], blob_rows=400)  # 25 MiB to copy
    target = tmp_path / "target.sqlite3"
    before = _sqlite_file(target, ["Kowalska", "Wiśniewski", "Zając"])
    code = (
        "import sys; from pathlib import Path; from integra.privacy import backup as bk; "
        "bk.restore_sqlite(Path(sys.argv[1]), sys.argv[2], force=True)"
    )
    restore = subprocess.Popen([sys.executable, "-c", code, str(source), str(target)], cwd=PROJECT_DIR)
    wal = Path(f"{target}-wal")
    _wait_for(lambda: (wal.exists() and wal.stat().st_size > 4 * 1024 * 1024) or restore.poll() is not None, "a copy")
    restore.send_signal(signal.SIGKILL)  # worse than Ctrl+C: no handler runs at all
    restore.wait()
    assert _sqlite_state(target) in (before, after)


# ---------------------------------------------------------------- one snapshot per dump


@contextlib.contextmanager
def _alias(settings_dict: dict) -> Iterator:
    """A second database alias for a scratch database (json_rows works on any Django connection)."""
    alias = "backup_scratch"
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: settings_dict}
    )
    connections.settings[alias] = configured[alias]
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _sqlite_writer(path: Path):
    conn = sqlite3.connect(path, isolation_level=None)

    def write(sql: str) -> None:
        conn.execute(sql)

    return write, conn.close


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_json_dump_taken_while_people_are_imported_is_one_snapshot(vendor, tmp_path, request, django_db_blocker):
    schema = [
        "CREATE TABLE a_person (id integer PRIMARY KEY, surname text NOT NULL)",
        "CREATE TABLE b_participation (id integer PRIMARY KEY, person_id integer NOT NULL REFERENCES a_person (id))",
        "INSERT INTO a_person VALUES (1, 'Kowalska')",
        "INSERT INTO b_participation VALUES (1, 1)",
    ]
    if vendor == "sqlite":
        path = tmp_path / "live.sqlite3"
        write, close = _sqlite_writer(path)
        write("PRAGMA journal_mode=WAL")
        settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    else:
        db = request.getfixturevalue("pg_scratch")()
        writer = _pg(db)
        write, close = writer.execute, writer.close
        settings_dict = {"ENGINE": "django.db.backends.postgresql", **db}
    for sql in schema:
        write(sql)
    blocks = []
    try:
        with django_db_blocker.unblock(), _alias(settings_dict) as live:
            for line in bk.json_rows(live):
                block = json.loads(line)
                blocks.append(block)
                if block.get("table") == "a_person":  # an import commits a person and their participation now
                    write("INSERT INTO a_person VALUES (2, 'Nowak')")
                    write("INSERT INTO b_participation VALUES (2, 2)")
    finally:
        close()
    rows = {b["table"]: b["rows"] for b in blocks if "table" in b}
    people = {row[0] for row in rows["a_person"]}
    assert [row[1] for row in rows["b_participation"]] == [1]  # the dump is the moment it started
    assert all(row[1] in people for row in rows["b_participation"])
    assert blocks[0] == {"format": bk.JSON_FORMAT}
    assert blocks[-1] == {"end": {"tables": 2, "rows": 2}}


def test_a_json_dump_without_its_end_is_refused_before_anything_is_changed(tmp_path):
    lines = [
        {"format": bk.JSON_FORMAT},
        {"table": "people_participant", "columns": ["id"], "rows": [[1]]},
        {"end": {"tables": 2, "rows": 9}},
    ]
    payload = tmp_path / "payload"
    for cut in (lines[:2], lines):  # cut at a line's end; an end line whose counts do not match
        payload.write_bytes(b"".join(json.dumps(line).encode() + b"\n" for line in cut))
        with pytest.raises(bk.BackupError) as refused:
            list(bk._json_blocks(payload))
        assert refused.value.code == "damaged"


# ---------------------------------------------------------------- a freshly migrated database


def _people_in_test_database() -> None:
    for n in range(4):
        ParticipationFactory(participant__last_name=f"Łukasiewicz{n}")


@pytest.fixture(scope="module")
def fresh_sqlite(tmp_path_factory) -> Path:
    """A SQLite database freshly made by `integra migrate` (and nothing else)."""
    var = tmp_path_factory.mktemp("fresh-var")
    done = _integra("migrate", "-v0", env=_env(INTEGRA_VAR_DIR=str(var)))
    assert done.returncode == 0, done.stderr
    return var / "integra.sqlite3"


def test_a_freshly_migrated_database_holds_no_data(fresh_sqlite):
    conn = sqlite3.connect(fresh_sqlite)
    try:
        tables = bk.sqlite_tables(conn)
        filled = {t for t in tables if conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()}
        assert not bk.holds_data(conn.cursor(), tables)
    finally:
        conn.close()
    assert filled <= bk.MIGRATION_TABLES  # a new data migration must add its table to the list
    assert {"django_migrations", "support_instrument", "planning_caseloadnorm"} <= filled


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fmt", ["native", "json"])
def test_a_backup_restores_into_a_freshly_migrated_sqlite_database_without_force(fmt, fresh_sqlite, tmp_path):
    if fmt == "native" and connection.vendor != "sqlite":
        pytest.skip("a native SQLite backup needs the SQLite test database")
    _people_in_test_database()
    expected = sorted(Participant.objects.values_list("last_name", flat=True))
    sealed = tmp_path / "b.ibk"
    with sealed.open("wb") as target:
        bk.backup(connection, target, PASS, fmt=fmt)
    var = tmp_path / "var"
    var.mkdir()
    (var / "integra.sqlite3").write_bytes(fresh_sqlite.read_bytes())
    done = _integra(
        "restore", str(sealed), "--passphrase-file", str(_passfile(tmp_path)), env=_env(INTEGRA_VAR_DIR=str(var))
    )
    assert done.returncode == 0, done.stderr
    restored = sqlite3.connect(var / "integra.sqlite3")
    try:
        surnames = sorted(r[0] for r in restored.execute("SELECT last_name FROM people_participant"))
    finally:
        restored.close()
    assert surnames == expected and len(expected) == 4


@pytest.fixture(scope="module")
def fresh_postgresql():
    """A PostgreSQL database freshly made by `integra migrate`, kept as a template for the tests to copy."""
    admin = _pg_admin()
    template = f"integra_bkf_fresh_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{template}"')
    try:
        done = _integra("migrate", "-v0", env=_env(DATABASE_URL=_url(dict(PG, NAME=template))))
        assert done.returncode == 0, done.stderr
        yield template
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        admin.close()


@needs_pg_tools
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL test database is the source")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fmt", ["native", "json"])
def test_a_backup_restores_into_a_freshly_migrated_postgresql_database_without_force(
    fmt, fresh_postgresql, pg_scratch, tmp_path
):
    _people_in_test_database()
    expected = sorted(Participant.objects.values_list("last_name", flat=True))
    sealed = tmp_path / "b.ibk"
    with sealed.open("wb") as target:
        assert bk.backup(connections[DEFAULT_DB_ALIAS], target, PASS, fmt=fmt) == (
            "pg_dump" if fmt == "native" else fmt
        )
    fresh = pg_scratch(template=fresh_postgresql)
    with _pg(fresh) as conn, conn.cursor() as cursor:
        assert not bk.holds_data(cursor, bk.pg_tables(cursor))
    done = _integra(
        "restore", str(sealed), "--passphrase-file", str(_passfile(tmp_path)), env=_env(DATABASE_URL=_url(fresh))
    )
    assert done.returncode == 0, done.stderr
    with _pg(fresh) as conn:
        surnames = sorted(r[0] for r in conn.execute("SELECT last_name FROM people_participant"))
    assert surnames == expected and len(expected) == 4
