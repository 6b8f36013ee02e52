"""Encrypted backup → restore round trips: identical row counts and per-table checksums."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from integra.casework.models import CaseNote
from integra.people.tests.factories import ParticipantFactory
from integra.privacy import backup as bk

pytestmark = pytest.mark.django_db
PASS = b"correct horse battery staple"


def test_encryption_round_trip_over_many_chunks_and_tamper_detection(monkeypatch):
    monkeypatch.setattr(bk, "CHUNK", 1000)
    monkeypatch.setattr(bk, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    monkeypatch.setattr(bk, "SCRYPT_BOUNDS", {**bk.SCRYPT_BOUNDS, "n": (2**10, 2**20)})  # fast, for this test only
    data = os.urandom(4500)
    sealed = io.BytesIO()
    bk.encrypt(io.BytesIO(data), sealed, PASS, kind="sqlite")
    blob = sealed.getvalue()
    assert data not in blob and blob.startswith(bk.MAGIC)
    out = io.BytesIO()
    assert bk.decrypt(io.BytesIO(blob), out, PASS)["kind"] == "sqlite"
    assert out.getvalue() == data
    for broken in (blob[:-1], blob[: len(blob) - 1020], blob[:-30] + bytes([blob[-30] ^ 1]) + blob[-29:]):
        with pytest.raises(bk.BackupError):
            bk.decrypt(io.BytesIO(broken), io.BytesIO(), PASS)
    with pytest.raises(bk.BackupError):
        bk.decrypt(io.BytesIO(blob), io.BytesIO(), b"wrong passphrase!!")
    with pytest.raises(bk.BackupError):
        bk.decrypt(io.BytesIO(b"PK\x03\x04 not a backup"), io.BytesIO(), PASS)


def _people(social_worker):
    for n in range(5):
        person = ParticipantFactory(
            institution=social_worker.institution, last_name=f"Łukasiewicz{n}", phone="600 100 200"
        )
        CaseNote.objects.create(
            institution=social_worker.institution,
            participant=person,
            author=social_worker.membership,
            specialty="social_worker",
            written_on=dt.date(2024, 1, n + 1),
            text="Zażółć gęślą jaźń ✓",
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite round trip")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the online backup API copies committed pages
def test_sqlite_round_trip_restores_every_row(social_worker, tmp_path):
    _people(social_worker)
    passfile = tmp_path / "pass"
    passfile.write_bytes(PASS + b"\n")
    out = tmp_path / "integra.backup"
    call_command("backup", "--out", str(out), "--passphrase-file", str(passfile), stdout=io.StringIO())
    assert "Zażółć".encode() not in out.read_bytes() and b"SQLite format" not in out.read_bytes()
    live = sqlite3.connect(connection.settings_dict["NAME"], uri=True)  # raw values, as the restored file holds them
    expected = bk.checksums(live.cursor(), bk.sqlite_tables(live))
    live.close()
    assert expected["people_participant"][0] == 5 and expected["casework_casenote"][0] == 5

    payload, target = tmp_path / "payload", tmp_path / "restored.sqlite3"
    with out.open("rb") as source, payload.open("wb") as plain:
        assert bk.decrypt(source, plain, PASS)["kind"] == "sqlite"
    bk.restore_sqlite(payload, str(target), force=False)
    restored = sqlite3.connect(target)
    assert bk.checksums(restored.cursor(), bk.sqlite_tables(restored)) == expected
    restored.close()
    with pytest.raises(bk.BackupError) as refused:
        bk.restore_sqlite(payload, str(target), force=False)
    assert refused.value.code == "not_empty"
    bk.restore_sqlite(payload, str(target), force=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_command_refuses_a_non_empty_database_and_a_bad_passphrase(social_worker, tmp_path):
    _people(social_worker)
    passfile = tmp_path / "pass"
    passfile.write_bytes(PASS)
    out = tmp_path / "b.backup"
    call_command("backup", "--out", str(out), "--passphrase-file", str(passfile), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"not empty|nie jest pusta"):
        call_command("restore", str(out), "--passphrase-file", str(passfile))
    wrong = tmp_path / "wrong"
    wrong.write_bytes(b"another passphrase")
    with pytest.raises(CommandError):
        call_command("restore", str(out), "--passphrase-file", str(wrong))
    short = tmp_path / "short"
    short.write_bytes(b"short")
    with pytest.raises(CommandError, match="12 characters"):
        call_command("backup", "--out", str(out), "--passphrase-file", str(short))


def test_json_fallback_round_trip_on_the_running_database(social_worker, tmp_path):
    _people(social_worker)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        before = bk.checksums(cursor, tables)
    sealed = io.BytesIO()
    assert bk.backup(connection, sealed, PASS, fmt="json") == "json"
    sealed.seek(0)
    with pytest.raises(bk.BackupError):
        bk.restore(io.BytesIO(sealed.getvalue()), PASS, connection, force=False)
    assert bk.restore(io.BytesIO(sealed.getvalue()), PASS, connection, force=True) == "json"
    with connection.cursor() as cursor:
        assert bk.checksums(cursor, tables) == before


# ---------------------------------------------------------------- PostgreSQL (own scratch databases)

PG = {"HOST": "127.0.0.1", "PORT": 5432, "USER": "postgres", "PASSWORD": ""}


def _pg_admin():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(
            host=PG["HOST"], port=PG["PORT"], user=PG["USER"], dbname="postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")


@pytest.fixture
def scratch_databases():
    admin = _pg_admin()
    names = [f"integra_bk_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield [dict(PG, NAME=name) for name in names]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _pg(db):
    import psycopg

    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True)


@pytest.mark.skipif(not bk.pg_dump_available(), reason="pg_dump/pg_restore not on PATH")
def test_postgresql_round_trip_restores_every_row(scratch_databases, tmp_path):
    src, dst = scratch_databases
    with _pg(src) as conn:
        conn.execute("CREATE TABLE centre (id bigserial PRIMARY KEY, name text NOT NULL)")
        conn.execute(
            "CREATE TABLE person (id bigserial PRIMARY KEY, centre_id bigint REFERENCES centre(id), "
            "surname text, amount numeric(12,2), at timestamptz, photo bytea, extra jsonb)"
        )
        conn.execute("INSERT INTO centre (name) VALUES ('MOPS Leżajsk'), ('GOPS Żółkiewka')")
        for n in range(200):
            conn.execute(
                "INSERT INTO person (centre_id, surname, amount, at, photo, extra) VALUES (%s, %s, %s, now(), %s, %s)",
                (n % 2 + 1, f"Łukasiewicz {n}", f"{n}.31", bytes([n % 256]) * 5, '{"gęś": [1, 2]}'),
            )
        expected = bk.checksums(conn.cursor(), bk.pg_tables(conn.cursor()))
    sealed = tmp_path / "pg.backup"
    with sealed.open("wb") as target:
        assert bk.backup_postgres(src, target, PASS) == "pg_dump"
    assert "Łukasiewicz".encode() not in sealed.read_bytes()
    payload = tmp_path / "payload"
    with sealed.open("rb") as source, payload.open("wb") as plain:
        assert bk.decrypt(source, plain, PASS)["kind"] == "pg_dump"
    bk.restore_postgres(payload, dst, force=False)
    with _pg(dst) as conn:
        assert bk.checksums(conn.cursor(), bk.pg_tables(conn.cursor())) == expected
        assert expected["person"][0] == 200
    with pytest.raises(bk.BackupError):
        bk.restore_postgres(payload, dst, force=False)
    bk.restore_postgres(payload, dst, force=True)
    with _pg(dst) as conn:
        assert bk.checksums(conn.cursor(), bk.pg_tables(conn.cursor())) == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_file_is_not_left_world_readable(social_worker, tmp_path):
    passfile = tmp_path / "pass"
    passfile.write_bytes(PASS)
    out = tmp_path / "b.backup"
    call_command("backup", "--out", str(out), "--passphrase-file", str(passfile), stdout=io.StringIO())
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert not Path(str(out) + ".part").exists()


def _sealed_with(header_changes: dict, payload: bytes = b"Zazolc gesla jazn") -> bytes:
    """A backup written with today's code, then its header rewritten (as an attacker or an old version would)."""
    sealed = io.BytesIO()
    bk.encrypt(io.BytesIO(payload), sealed, PASS, kind="sqlite")
    blob = sealed.getvalue()
    start = len(bk.MAGIC) + 4
    size = int.from_bytes(blob[len(bk.MAGIC) : start], "big")
    header = {**json.loads(blob[start : start + size]), **header_changes}
    raw = json.dumps(header).encode()
    return bk.MAGIC + len(raw).to_bytes(4, "big") + raw + blob[start + size :]


def test_new_backups_use_owasp_scrypt_strength():
    sealed = io.BytesIO()
    bk.encrypt(io.BytesIO(b"x"), sealed, PASS, kind="sqlite")
    header, _raw = bk.read_header(io.BytesIO(sealed.getvalue()))
    assert (header["n"], header["r"], header["p"]) == (2**17, 8, 1)


@pytest.mark.parametrize(
    "changes",
    [
        {"n": 2**30},  # 128 GiB of memory
        {"n": 2**20, "r": 16},  # 2 GiB
        {"n": 2**17 + 1},  # not a power of two
        {"r": 1024},
        {"p": 64},
        {"n": "131072"},
        {"n": 2**8},
        {"kdf": "pbkdf2"},
        {"chunk": 2**31},
        {"salt": "!!"},
    ],
)
def test_out_of_bounds_parameters_are_refused_before_deriving_anything(monkeypatch, changes):
    blob = _sealed_with(changes)  # the header is bound to the ciphertext: a changed header never decrypts anyway

    def must_not_derive(*args, **kwargs):
        raise AssertionError("a key was derived from out-of-bounds parameters")

    monkeypatch.setattr(bk, "_key", must_not_derive)
    with pytest.raises(bk.BackupError) as error:
        bk.decrypt(io.BytesIO(blob), io.BytesIO(), PASS)
    assert error.value.code == "parameters"


def test_a_huge_header_length_is_refused_without_reading_it():
    blob = bk.MAGIC + (2**32 - 1).to_bytes(4, "big") + b"{}"
    with pytest.raises(bk.BackupError) as error:
        bk.decrypt(io.BytesIO(blob), io.BytesIO(), PASS)
    assert error.value.code == "header"


def test_a_backup_written_with_the_old_parameters_still_restores(monkeypatch):
    monkeypatch.setattr(bk, "SCRYPT", {"n": 2**15, "r": 8, "p": 1})  # what version 1 files were written with
    sealed = io.BytesIO()
    bk.encrypt(io.BytesIO(b"kopia z 2025 roku"), sealed, PASS, kind="sqlite")
    monkeypatch.undo()
    assert bk.SCRYPT["n"] == 2**17
    out = io.BytesIO()
    header = bk.decrypt(io.BytesIO(sealed.getvalue()), out, PASS)
    assert header["n"] == 2**15
    assert out.getvalue() == b"kopia z 2025 roku"
