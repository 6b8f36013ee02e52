"""Recording access to personal data: call `log_access` from every view or command that shows
a participant's page or hands out a document or file holding personal data."""

from __future__ import annotations

from typing import Any

from django.db import models

from integra.core.clientip import client_ip
from integra.core.models import AccessLogEntry

__all__ = ["client_ip", "log_access"]


def log_access(
    *,
    request: Any = None,
    user: Any = None,
    institution_id: int,
    kind: str,
    subject: models.Model | None = None,
    what: str = "",
) -> AccessLogEntry:
    """Append one entry. `what` names the export/document (e.g. "participants.xlsx"), never a person."""
    user = user if user is not None else getattr(request, "user", None)
    return AccessLogEntry.objects.create(
        institution_id=institution_id,
        user=user if getattr(user, "pk", None) else None,
        kind=kind,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        what=what[:200],
        ip_address=client_ip(request),
    )
