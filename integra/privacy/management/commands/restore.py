"""`integra restore FILE --passphrase-file F [--force]`: restore into the database DATABASE_URL names."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from integra.privacy.backup import BackupError, restore
from integra.privacy.management.commands.backup import read_passphrase


class Command(BaseCommand):
    help = "Restore an encrypted backup; refuses a database that is not empty unless --force."

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup file")
        parser.add_argument("--passphrase-file", required=True, help="file holding the passphrase")
        parser.add_argument("--force", action="store_true", help="overwrite a database that already has data")

    def handle(self, *args, **options):
        passphrase = read_passphrase(options["passphrase_file"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            with path.open("rb") as source:
                kind = restore(source, passphrase, connection, force=options["force"])
        except BackupError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        except KeyboardInterrupt:  # the restore runs in one transaction: an interrupted one changed nothing
            raise CommandError("restore interrupted; the database was left as it was", returncode=130) from None
        self.stdout.write(f"restored {path} ({kind}) into {connection.settings_dict['NAME']}")
