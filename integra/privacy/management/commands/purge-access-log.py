"""`integra purge-access-log [--dry-run]`: the access log's only deletion path (retention)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from integra.privacy.services import purge_access_log


class Command(BaseCommand):
    help = "Delete access-log entries older than INTEGRA_ACCESS_LOG_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, **options):
        count = purge_access_log(dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        days = settings.INTEGRA_ACCESS_LOG_RETENTION_DAYS
        self.stdout.write(f"{verb} {count} access-log entries older than {days} days")
