"""Recording access to personal data: call `log_access` from every view or command that shows
a participant's page or hands out a document or file holding personal data."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

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


# What the `what` codes of the log name, in the officer's words: the one place that maps them.
# Each pattern matches the whole code; a document's own number or code is kept beside its name.
DOCUMENTS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"people/detail"), _("Participant card")),
    (re.compile(r"privacy/subject"), _("Data-subject page (DPO)")),
    (re.compile(r"support-timeline"), _("Participant's support record")),
    (re.compile(r"opening-diagnosis-people"), _("Opening diagnosis: people in a category")),
    (re.compile(r"dane-osoby\.zip|.*dane-osoby.*\.zip"), _("Data-subject access package (ZIP)")),
    (re.compile(r"(attendance-sheet|.*lista-obecnosci.*)\.pdf"), _("Attendance sheet (PDF)")),
    (re.compile(r"(social-contract|.*kontrakt.*)\.pdf"), _("Social contract (PDF)")),
    (re.compile(r"(ranking-list|.*ranking.*)\.pdf"), _("Ranking list (PDF)")),
    (re.compile(r"(committee-record|.*protokol.*)\.pdf"), _("Recruitment committee record (PDF)")),
    (re.compile(r"(letters-.*|.*pisma.*|.*podziekowania.*)\.pdf"), _("Letters (PDF)")),
    (re.compile(r"(bledy-import|.*bledy-importu).*\.xlsx"), _("Sheet import errors (XLSX)")),
    (re.compile(r"(indicator-people|.*osoby-wskaznik).*\.xlsx"), _("People counted in an indicator (XLSX)")),
    (re.compile(r"cli:.*"), _("Participant sheet export (command line)")),
    (re.compile(r"API v1 .*"), _("Read through the API")),
    (re.compile(r"(participants|.*uczestnic.*)\.(xlsx|csv)"), _("Participant sheet export")),
)


def document_label(what: str, kind: str = "") -> str:
    """The Polish name of a logged document or page; an unknown code is shown as it is."""
    if not what and kind == AccessLogEntry.Kind.VIEW:
        return str(_("Participant card"))
    for pattern, label in DOCUMENTS:
        if pattern.fullmatch(what):
            return str(label)
    return what
