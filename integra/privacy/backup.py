# ruff: noqa: S608 - table and column names come from the database catalogue and pass _name()
"""Encrypted backups of the whole database and their restore.

File layout (version 1):
    b"INTEGRA-BACKUP\\n" | 4-byte header length | header JSON | chunks
    header: {"version": 1, "kind": "sqlite"|"pg_dump"|"json", "created": ..., "kdf": "scrypt",
             "salt": b64, "n": 2**17, "r": 8, "p": 1, "nonce": b64(8 bytes), "chunk": 4 MiB}
    chunk:  4-byte length | AES-256-GCM(ciphertext+tag)
The key is derived from the passphrase with scrypt (parameters checked against SCRYPT_BOUNDS before
anything is derived; older files with n=2**15 still restore); each chunk's nonce is the header nonce plus a
counter, and its associated data binds the header, the counter and a last-chunk flag, so a
reordered, truncated or altered file fails to decrypt instead of restoring half a database.

Payloads: SQLite — the database file made with sqlite3's online backup API; PostgreSQL —
`pg_dump --format=custom`; when the pg_dump on PATH cannot dump the server (version mismatch) or
`--format json` asks for it — a JSON dump of every table read in one snapshot (JSON Lines: a format
line, table blocks, an end line with the counts), restored after `migrate` with foreign-key checks
deferred to the commit and sequences reset.

A restore either completes or leaves the target as it was: the payload is decrypted and checked first,
then written in one transaction — SQLite: the backup API copies every page in one write transaction of
the target; PostgreSQL: `pg_restore`'s SQL runs through `psql` inside one transaction that first drops
and recreates schema `public`, and COMMIT is sent only after `pg_restore` has read the whole dump
(`pg_restore --single-transaction` alone would keep objects the dump does not hold); JSON: the emptying
and every insert in one transaction.

"Empty" means no data: the rows `migrate` itself writes (MIGRATION_TABLES) do not count, so a freshly
migrated database takes any backup without `--force`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.people import stamps
from integra.projects import counts
from integra.support import marks

# Rows the database keeps from other tables' rows by triggers: a JSON restore lets the triggers write them.
DERIVED_TABLES = marks.DERIVED_TABLES | stamps.DERIVED_TABLES | counts.DERIVED_TABLES

MAGIC = b"INTEGRA-BACKUP\n"
VERSION = 1
CHUNK = 4 * 1024 * 1024
# scrypt at OWASP's recommended minimum (Password Storage Cheat Sheet: N=2^17, r=8, p=1; 128 MiB, ~0.5 s).
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
# What a backup's header may ask for. Checked before anything is derived: a hostile file could otherwise ask
# for gigabytes of memory or hours of work. Backups written before 2026-11 used n=2**15 and still restore.
SCRYPT_BOUNDS = {"n": (2**14, 2**20), "r": (8, 16), "p": (1, 4)}
SCRYPT_MAX_MEMORY = 1024 * 1024 * 1024  # 128 * n * r bytes
MAX_HEADER = 64 * 1024
SALT_BYTES = (16, 64)

WRONG_PASSPHRASE = _("The backup cannot be decrypted: wrong passphrase or a damaged file.")
NOT_A_BACKUP = _("This file is not an Integra backup.")
NOT_EMPTY = _("The target database is not empty. Use --force to overwrite it.")
BAD_PARAMETERS = _(
    "This backup asks for key-derivation or chunk parameters outside the accepted range; "
    "it is refused without being decrypted."
)
WRONG_ENGINE = _("This backup was made from another database engine; restore it into the same kind of database.")
DAMAGED = _("The database inside this backup is damaged or incomplete; nothing was restored.")
RESTORE_FAILED = _("The restore failed and the database was left as it was: %(error)s")
TOOL_MISSING = _("%(tool)s is not installed; nothing was restored.")

# Tables whose rows `migrate` writes by itself (Django's bookkeeping, post_migrate's content types and
# permissions, the catalogues of support.0002 and planning.0002, the shared cache): a database holding
# rows only there is empty. `test_a_freshly_migrated_database_holds_no_data` keeps the list complete.
MIGRATION_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "support_instrument",
        "planning_staffingrule",
        "planning_caseloadnorm",
        "integra_cache",
    }
)
# How the restore's own connections name themselves in pg_stat_activity.
RESTORE_APPLICATION = "integra-restore"
JSON_FORMAT = 2
JSON_BLOCK_ROWS = 5000


class BackupError(ValidationError):
    pass


def _name(identifier: str) -> str:
    """A quoted SQL identifier; anything but letters, digits and underscores is refused."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", identifier):
        raise BackupError(NOT_A_BACKUP, code="identifier")
    return f'"{identifier}"'


# ---------------------------------------------------------------- encryption


def _key(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _int(header: dict[str, Any], name: str, low: int, high: int) -> int:
    value = header.get(name)
    if type(value) is not int or not low <= value <= high:
        raise BackupError(BAD_PARAMETERS, code="parameters")
    return value


def check_parameters(header: dict[str, Any]) -> tuple[bytes, int, int, int]:
    """The header's salt and scrypt parameters, refused unless within SCRYPT_BOUNDS (nothing derived yet)."""
    if header.get("kdf") != "scrypt":
        raise BackupError(BAD_PARAMETERS, code="parameters")
    n, r, p = (_int(header, name, *SCRYPT_BOUNDS[name]) for name in ("n", "r", "p"))
    if n & (n - 1) or 128 * n * r > SCRYPT_MAX_MEMORY:
        raise BackupError(BAD_PARAMETERS, code="parameters")
    _int(header, "chunk", 1, CHUNK)
    try:
        salt, nonce = base64.b64decode(header["salt"], validate=True), base64.b64decode(header["nonce"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(BAD_PARAMETERS, code="parameters") from exc
    if not SALT_BYTES[0] <= len(salt) <= SALT_BYTES[1] or len(nonce) != 8:
        raise BackupError(BAD_PARAMETERS, code="parameters")
    return salt, n, r, p


def encrypt(source: BinaryIO, target: BinaryIO, passphrase: bytes, *, kind: str) -> None:
    salt, nonce = os.urandom(16), os.urandom(8)
    header = json.dumps(
        {
            "version": VERSION,
            "kind": kind,
            "created": timezone.now().isoformat(),
            "kdf": "scrypt",
            "salt": base64.b64encode(salt).decode(),
            **SCRYPT,
            "nonce": base64.b64encode(nonce).decode(),
            "chunk": CHUNK,
        }
    ).encode()
    aead = AESGCM(_key(passphrase, salt, **SCRYPT))
    target.write(MAGIC + struct.pack(">I", len(header)) + header)
    counter, block = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(nonce + struct.pack(">I", counter), block, header + struct.pack(">I?", counter, last))
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        counter, block = counter + 1, following


def read_header(source: BinaryIO) -> tuple[dict[str, Any], bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(NOT_A_BACKUP, code="format")
    size_bytes = source.read(4)
    if len(size_bytes) < 4:
        raise BackupError(NOT_A_BACKUP, code="format")
    (size,) = struct.unpack(">I", size_bytes)
    if size > MAX_HEADER:
        raise BackupError(BAD_PARAMETERS, code="header")
    raw = source.read(size)
    try:
        header = json.loads(raw)
    except ValueError as exc:
        raise BackupError(NOT_A_BACKUP, code="format") from exc
    if not isinstance(header, dict) or header.get("version") != VERSION:
        raise BackupError(NOT_A_BACKUP, code="version")
    check_parameters(header)
    return header, raw


def decrypt(source: BinaryIO, target: BinaryIO, passphrase: bytes) -> dict[str, Any]:
    header, raw = read_header(source)
    salt, n, r, p = check_parameters(header)
    aead = AESGCM(_key(passphrase, salt, n, r, p))
    nonce = base64.b64decode(header["nonce"])
    counter = 0
    size_bytes = source.read(4)
    while True:
        if len(size_bytes) < 4:
            raise BackupError(WRONG_PASSPHRASE, code="truncated")
        size = struct.unpack(">I", size_bytes)[0]
        if size > header["chunk"] + 16:  # a chunk is at most the header's chunk size plus the GCM tag
            raise BackupError(WRONG_PASSPHRASE, code="chunk")
        sealed = source.read(size)
        size_bytes = source.read(4)
        last = not size_bytes  # the writer marked its final chunk; a cut file fails here
        try:
            block = aead.decrypt(nonce + struct.pack(">I", counter), sealed, raw + struct.pack(">I?", counter, last))
        except InvalidTag as exc:
            raise BackupError(WRONG_PASSPHRASE, code="decrypt") from exc
        target.write(block)
        if last:
            return header
        counter += 1


# ---------------------------------------------------------------- table checksums


def _plain(value: Any) -> str:
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return repr(value)


def checksums(cursor: Any, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 of the ordered rows of each table."""
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {_name(table)}")  # names come from the database's own catalogue
        rows = sorted("\x1f".join(_plain(v) for v in row) for row in cursor.fetchall())
        digest = hashlib.sha256("\x1e".join(rows).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result


def holds_data(cursor: Any, tables: list[str]) -> bool:
    """Whether any table outside MIGRATION_TABLES has a row (names from the database's own catalogue)."""
    for table in tables:
        if table in MIGRATION_TABLES:
            continue
        cursor.execute(f"SELECT 1 FROM {_name(table)} LIMIT 1")
        if cursor.fetchone() is not None:
            return True
    return False


# ---------------------------------------------------------------- SQLite


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    ]


def backup_sqlite(conn: sqlite3.Connection, target: BinaryIO, passphrase: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite3"
        dest = sqlite3.connect(path)
        try:
            conn.backup(dest)  # consistent online copy, even while others write
        finally:
            dest.close()
        with path.open("rb") as source:
            encrypt(source, target, passphrase, kind="sqlite")


def check_sqlite_payload(payload: Path) -> None:
    """A payload cut short or damaged (even one sealed correctly) is refused before the target is touched."""
    try:
        source = sqlite3.connect(f"file:{payload}?mode=ro", uri=True)
        try:
            verdict = source.execute("PRAGMA quick_check").fetchall()
            tables = sqlite_tables(source)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(DAMAGED, code="damaged") from exc
    if verdict != [("ok",)] or "django_migrations" not in tables:
        raise BackupError(DAMAGED, code="damaged")


def restore_sqlite(payload: Path, db_path: str, *, force: bool) -> None:
    check_sqlite_payload(payload)
    target = sqlite3.connect(db_path, timeout=20)
    try:
        if not force and holds_data(target.cursor(), sqlite_tables(target)):
            raise BackupError(NOT_EMPTY, code="not_empty")
        source = sqlite3.connect(f"file:{payload}?mode=ro", uri=True)
        try:
            # Every page of the target is replaced in one write transaction of the target (its journal or
            # WAL): interrupted or killed before the end, the target keeps its old pages.
            source.backup(target)
        finally:
            source.close()
    finally:
        target.close()


# ---------------------------------------------------------------- PostgreSQL


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def pg_dump_available() -> bool:
    return all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql"))


def backup_postgres(db: dict[str, Any], target: BinaryIO, passphrase: bytes) -> str:
    """pg_dump (one snapshot of its own) when it can dump this server; returns the kind written."""
    args, env = _pg_args(db)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.dump"
        if pg_dump_available():
            done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    shutil.which("pg_dump") or "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "-f",
                    str(path),
                    *args,
                    db["NAME"],
                ],
                env=env,
                capture_output=True,
                check=False,
            )
            if done.returncode == 0:
                with path.open("rb") as source:
                    encrypt(source, target, passphrase, kind="pg_dump")
                return "pg_dump"
    return ""


def pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r[0] for r in cursor.fetchall()]


def restore_postgres(payload: Path, db: dict[str, Any], *, force: bool) -> None:
    import psycopg

    for tool in ("pg_restore", "psql"):
        if not shutil.which(tool):
            raise BackupError(TOOL_MISSING, code="tool", params={"tool": tool})
    conninfo = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "dbname": db["NAME"],
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**conninfo, autocommit=True) as conn, conn.cursor() as cursor:
        if not force and holds_data(cursor, pg_tables(cursor)):
            raise BackupError(NOT_EMPTY, code="not_empty")
    _restore_in_one_transaction(payload, db)


# Sent to psql before pg_restore's SQL; COMMIT follows only once pg_restore has read the whole dump.
_BEGIN = b"BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
_COMMIT = b"COMMIT;\n"


def _restore_in_one_transaction(payload: Path, db: dict[str, Any]) -> None:
    """pg_restore turns the dump into SQL; psql runs it inside one transaction that first empties schema
    `public`. If pg_restore fails (a dump cut short), psql stops on an error (ON_ERROR_STOP), or the
    command is interrupted, psql is ended without COMMIT and the server rolls everything back."""
    args, env = _pg_args(db)
    env["PGAPPNAME"] = RESTORE_APPLICATION
    with tempfile.TemporaryFile() as dump_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
            [
                shutil.which("psql") or "psql",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--dbname",
                db["NAME"],
                *args,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        dump = None
        committed = False
        try:
            dump = subprocess.Popen(  # noqa: S603 - fixed program, the payload is our own temporary file
                [shutil.which("pg_restore") or "pg_restore", "--no-owner", "--no-privileges", "--file=-", str(payload)],
                stdout=subprocess.PIPE,
                stderr=dump_errors,
                env=env,
            )
            assert psql.stdin is not None and dump.stdout is not None  # both are pipes
            with contextlib.suppress(BrokenPipeError):  # psql stopped on an error: its exit code says which
                psql.stdin.write(_BEGIN)
                shutil.copyfileobj(dump.stdout, psql.stdin, 1 << 20)
            dump.stdout.close()
            if dump.wait() == 0 and psql.poll() is None:
                with contextlib.suppress(BrokenPipeError):
                    psql.stdin.write(_COMMIT)
                    psql.stdin.close()
                    committed = psql.wait() == 0
        finally:
            for process in (dump, psql):
                if process is not None and process.poll() is None:
                    process.kill()  # a connection closed inside the transaction rolls it back
                    process.wait()
        if not committed:
            text = ""
            for log in (dump_errors, psql_errors):
                log.seek(0)
                text += log.read().decode(errors="replace")
            raise BackupError(RESTORE_FAILED, code="restore", params={"error": _error_summary(text)})


def _error_summary(text: str) -> str:
    """The error lines of pg_restore/psql/PostgreSQL output, without DETAIL and CONTEXT lines (they quote rows)."""
    lines = [line.strip() for line in text.splitlines() if re.search(r"\b(error|ERROR|FATAL)\b", line)]
    return " | ".join(lines)[-500:] or "interrupted"


# ---------------------------------------------------------------- Django-level JSON (fallback)


@contextlib.contextmanager
def _one_snapshot(connection: Any) -> Iterator[None]:
    """Every table of a dump read from one snapshot, whatever commits meanwhile: PostgreSQL REPEATABLE READ,
    SQLite one read transaction (WAL keeps its snapshot). Inside a caller's transaction, that transaction."""
    from django.db import transaction

    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _line(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode() + b"\n"


def json_rows(connection: Any) -> Iterator[bytes]:
    """The JSON dump as lines: {"format": 2}, then every table as {"table", "columns", "rows"} blocks of at
    most JSON_BLOCK_ROWS rows (django_migrations first), all read in one snapshot, then
    {"end": {"tables": N, "rows": M}} — a dump without its end line is incomplete."""
    yield _line({"format": JSON_FORMAT})
    tables_done = rows_done = 0
    with _one_snapshot(connection), connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor), key=lambda t: (t != "django_migrations", t))
        for table in tables:
            cursor.execute(f"SELECT * FROM {_name(table)}")  # names from the database's catalogue
            columns = [c[0] for c in cursor.description]
            first = True
            while True:
                rows = cursor.fetchmany(JSON_BLOCK_ROWS)
                if rows or first:
                    yield _line(
                        {"table": table, "columns": columns, "rows": [[_json_value(v) for v in r] for r in rows]}
                    )
                first = False
                rows_done += len(rows)
                if len(rows) < JSON_BLOCK_ROWS:
                    break
            tables_done += 1
    yield _line({"end": {"tables": tables_done, "rows": rows_done}})


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview | bytearray):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dt.datetime | dt.date | dt.time | decimal.Decimal | uuid.UUID):
        return {"$" + type(value).__name__: str(value)}
    if isinstance(value, dict | list):
        return {"$json": json.dumps(value)}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        return {
            "$bytes": lambda: base64.b64decode(raw),
            "$datetime": lambda: dt.datetime.fromisoformat(raw),
            "$date": lambda: dt.date.fromisoformat(raw),
            "$time": lambda: dt.time.fromisoformat(raw),
            "$Decimal": lambda: decimal.Decimal(raw),
            "$UUID": lambda: uuid.UUID(raw),
            "$json": lambda: raw,
        }.get(tag, lambda: value)()
    return value


def backup_json(connection: Any, target: BinaryIO, passphrase: bytes) -> None:
    with tempfile.TemporaryFile() as spool:
        for line in json_rows(connection):
            spool.write(line)
        spool.seek(0)
        encrypt(spool, target, passphrase, kind="json")


def _json_blocks(payload: Path) -> Iterator[dict[str, Any]]:
    """The dump's table blocks, each checked for shape; DAMAGED when a line does not parse, and — for a dump
    that starts with its format line — when it does not end with an end line whose counts match."""
    versioned, end, tables, rows = False, None, set(), 0
    with payload.open("rb") as source:
        for number, line in enumerate(source):
            try:
                block = json.loads(line)
            except ValueError as exc:
                raise BackupError(DAMAGED, code="damaged") from exc
            if not isinstance(block, dict) or end is not None:
                raise BackupError(DAMAGED, code="damaged")
            if number == 0 and "format" in block:
                versioned = True
            elif "end" in block:
                end = block["end"]
            elif (
                isinstance(block.get("table"), str)
                and isinstance(block.get("columns"), list)
                and isinstance(block.get("rows"), list)
            ):
                tables.add(block["table"])
                rows += len(block["rows"])
                yield block
            else:
                raise BackupError(DAMAGED, code="damaged")
    if versioned and end != {"tables": len(tables), "rows": rows}:
        raise BackupError(DAMAGED, code="damaged")


def restore_json(payload: Path, connection: Any, *, force: bool) -> None:
    """Load a JSON dump into the database, migrated first (schema and catalogue only): every table emptied
    and every row inserted in one transaction, foreign keys checked at its commit; sequences reset after."""
    from django.core.management import call_command
    from django.db import DatabaseError, transaction

    for _block in _json_blocks(payload):  # the whole dump is read once before anything is changed
        pass
    call_command("migrate", verbosity=0, database=connection.alias)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if not force and holds_data(cursor, tables):
            raise BackupError(NOT_EMPTY, code="not_empty")
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # foreign keys are checked at commit
            # SQLite: Django creates foreign keys DEFERRABLE INITIALLY DEFERRED, checked at commit too.
            for table in tables:
                cursor.execute(f"DELETE FROM {_name(table)}")  # not TRUNCATE: it refuses pending deferred checks
            for block in _json_blocks(payload):
                # A summary the database keeps from other tables is rebuilt by their rows' triggers, not loaded.
                if block["table"] not in tables or block["table"] in DERIVED_TABLES or not block["rows"]:
                    continue
                cols = ", ".join(_name(c) for c in block["columns"])
                marks = ", ".join(["%s"] * len(block["columns"]))
                cursor.executemany(
                    f"INSERT INTO {_name(block['table'])} ({cols}) VALUES ({marks})",
                    [[_from_json(v) for v in row] for row in block["rows"]],
                )
    except DatabaseError as exc:  # e.g. a row pointing at one the dump lacks: rolled back, first line only
        raise BackupError(RESTORE_FAILED, code="restore", params={"error": str(exc).splitlines()[0][:300]}) from exc
    _reset_sequences(connection)  # after the commit: setval is not undone by a rollback


def _reset_sequences(connection: Any) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# ---------------------------------------------------------------- entry points


def backup(connection: Any, target: BinaryIO, passphrase: bytes, *, fmt: str = "native") -> str:
    """Write an encrypted backup of the connection's database; returns the payload kind."""
    connection.ensure_connection()
    if fmt == "native" and connection.vendor == "sqlite":
        backup_sqlite(connection.connection, target, passphrase)
        return "sqlite"
    if fmt == "native" and connection.vendor == "postgresql":
        position = target.tell()
        if backup_postgres(connection.settings_dict, target, passphrase):
            return "pg_dump"
        target.seek(position)
        target.truncate()
    backup_json(connection, target, passphrase)
    return "json"


def restore(source: BinaryIO, passphrase: bytes, connection: Any, *, force: bool = False) -> str:
    """Restore an encrypted backup into the connection's database; refuses a non-empty one unless forced."""
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / "payload"
        with payload.open("wb") as plain:
            header = decrypt(source, plain, passphrase)
        kind = header["kind"]
        if kind == "json":
            restore_json(payload, connection, force=force)
        elif kind == "sqlite" and connection.vendor == "sqlite":
            connection.close()
            restore_sqlite(payload, connection.settings_dict["NAME"], force=force)
        elif kind == "pg_dump" and connection.vendor == "postgresql":
            connection.close()
            restore_postgres(payload, connection.settings_dict, force=force)
        else:
            raise BackupError(WRONG_ENGINE, code="engine")
    return kind
