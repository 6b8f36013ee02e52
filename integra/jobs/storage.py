"""Where job files live, never served by URL (only the owner's download view reads them): in the shared
database (INTEGRA_FILES_URL=database:, PostgreSQL's default; every app server and worker reach it) or under
INTEGRA_JOB_FILES_DIR (INTEGRA_FILES_URL=file:, var/jobs, the embedded SQLite default)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models import Min, Sum
from django.db.models.functions import Length

# A chunk is one row; reading a file holds one chunk at a time from the database.
CHUNK_BYTES = 1024 * 1024


class DatabaseStorage(Storage):
    """Job files as rows of `JobFileChunk`, written in the caller's transaction (an upload whose request rolls
    back leaves nothing)."""

    def _chunks(self):
        from integra.jobs.models import JobFileChunk

        return JobFileChunk.objects

    def _save(self, name: str, content) -> str:
        with transaction.atomic():
            count = 0
            for count, piece in enumerate(content.chunks(CHUNK_BYTES), start=1):
                self._chunks().create(name=name, seq=count - 1, data=bytes(piece))
            if not count:  # an empty file is one empty chunk
                self._chunks().create(name=name, seq=0, data=b"")
        return name

    def _open(self, name: str, mode: str = "rb") -> File:
        seqs = list(self._chunks().filter(name=name).order_by("seq").values_list("seq", flat=True))
        if not seqs:
            raise FileNotFoundError(name)
        spool = tempfile.SpooledTemporaryFile(max_size=4 * CHUNK_BYTES)  # noqa: SIM115 - the File closes it
        for seq in seqs:
            spool.write(bytes(self._chunks().values_list("data", flat=True).get(name=name, seq=seq)))
        spool.seek(0)
        return File(spool, name=name)

    def delete(self, name: str) -> None:
        self._chunks().filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return self._chunks().filter(name=name).exists()

    def size(self, name: str) -> int:
        return self._chunks().filter(name=name).aggregate(size=Sum(Length("data")))["size"] or 0

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        names = self._chunks().filter(name__startswith=prefix).values_list("name", flat=True).distinct()
        return [], sorted({name[len(prefix) :] for name in names if "/" not in name[len(prefix) :]})

    def get_created_time(self, name: str) -> dt.datetime:
        moment = self._chunks().filter(name=name).aggregate(moment=Min("created_at"))["moment"]
        if moment is None:
            raise FileNotFoundError(name)
        return moment

    get_modified_time = get_created_time

    def names_older_than(self, folder: str, moment: dt.datetime) -> Iterator[str]:
        old = self._chunks().filter(name__startswith=f"{folder}/", created_at__lt=moment)
        yield from old.values_list("name", flat=True).distinct()


def in_database() -> bool:
    return settings.INTEGRA_FILES_URL == "database:"


def job_storage() -> Storage:
    if in_database():
        return DatabaseStorage()
    return FileSystemStorage(
        location=settings.INTEGRA_JOB_FILES_DIR,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def new_name(folder: str, job_id: int, filename: str) -> str:
    """A name nobody can guess and that carries no personal data (the person's filename stays in the row)."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{job_id}-{secrets.token_hex(16)}{suffix}"


def save_bytes(name: str, data: bytes) -> str:
    return job_storage().save(name, ContentFile(data))


def delete(name: str) -> None:
    if name:
        job_storage().delete(name)


class LocalCopy:
    """A local path a job writes a large result to; `keep()` stores it under `name` (the folder storage writes
    in place, the database storage copies the finished file into its chunks)."""

    def __init__(self, name: str):
        self.name, self._scratch = name, None
        try:
            self.path = job_storage().path(name)
        except NotImplementedError:  # no local path: write to a private scratch folder, store when finished
            self._scratch = tempfile.mkdtemp(prefix="integra-job-")
            self.path = os.path.join(self._scratch, PurePosixPath(name).name)
        os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)

    def keep(self) -> str:
        os.chmod(self.path, 0o600)
        if self._scratch is None:
            return self.name
        with open(self.path, "rb") as handle:
            return job_storage().save(self.name, File(handle))

    def discard(self) -> None:
        if self._scratch is None:
            delete(self.name)

    def close(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def names_older_than(folders: Iterable[str], moment: dt.datetime) -> Iterator[str]:
    """Storage names of the files in `folders` last written before `moment` (for the leftover sweep)."""
    if in_database():
        for folder in folders:
            yield from DatabaseStorage().names_older_than(folder, moment)
        return
    root = settings.INTEGRA_JOB_FILES_DIR
    limit = moment.timestamp()
    for folder in folders:
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                yield f"{folder}/{entry.name}"
