"""Compile every .po file under integra/ to .mo with polib (no GNU gettext needed)."""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) of every app, in pure Python."

    def handle(self, *args, **options) -> None:
        count = 0
        for po_path in sorted(Path(settings.BASE_DIR).glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            # Written beside and renamed into place: a process reading the catalogue meanwhile (CI runs
            # the SQLite and PostgreSQL suites at once) sees the old file or the new one, never half of one.
            partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
            polib.pofile(str(po_path)).save_as_mofile(str(partial))
            partial.replace(mo_path)
            count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
