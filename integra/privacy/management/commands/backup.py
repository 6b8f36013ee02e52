"""`integra backup --out FILE --passphrase-file F [--format native|json]`: an encrypted backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from integra.privacy.backup import backup


def read_passphrase(path: str) -> bytes:
    try:
        value = Path(path).read_bytes().rstrip(b"\r\n")
    except OSError as exc:
        raise CommandError(f"cannot read the passphrase file: {exc.strerror}") from exc
    if len(value) < 12:
        raise CommandError("the passphrase must have at least 12 characters")
    return value


class Command(BaseCommand):
    help = "Back up the database DATABASE_URL names into one encrypted file (scrypt + AES-256-GCM)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="backup file to write")
        parser.add_argument("--passphrase-file", required=True, help="file holding the passphrase")
        parser.add_argument(
            "--format",
            choices=["native", "json"],
            default="native",
            help="native: sqlite3 backup API / pg_dump (default); json: portable table dump",
        )

    def handle(self, *args, **options):
        passphrase = read_passphrase(options["passphrase_file"])
        out = Path(options["out"])
        partial = out.with_name(out.name + ".part")
        try:
            with partial.open("wb") as target:
                kind = backup(connection, target, passphrase, fmt=options["format"])
        except BaseException:  # interrupted or failed: no half-written file is left beside the backups
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        out.chmod(0o600)
        self.stdout.write(f"backup written to {out} ({kind}, {out.stat().st_size} bytes, encrypted)")
