"""Where job files live: under INTEGRA_JOB_FILES_DIR (var/jobs), never served by URL; only the owner's
download view reads them."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def job_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.INTEGRA_JOB_FILES_DIR, base_url=None, file_permissions_mode=0o600,
                             directory_permissions_mode=0o700)


def new_name(folder: str, job_id: int, filename: str) -> str:
    """A name nobody can guess and that carries no personal data (the person's filename stays in the row)."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{job_id}-{secrets.token_hex(16)}{suffix}"


def save_bytes(name: str, data: bytes) -> str:
    return job_storage().save(name, ContentFile(data))


def delete(name: str) -> None:
    if name:
        job_storage().delete(name)
