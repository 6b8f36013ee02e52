"""The access log speaks the officer's language: the person's name and the document in Polish."""

from __future__ import annotations

import re

import pytest

from integra.core.accesslog import DOCUMENTS, document_label, log_access
from integra.outcomes.exporter import filename_for
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def visible_rows(html: str) -> list[list[str]]:
    body = re.split(r'<table[^>]* id="access-log"[^>]*>', html, maxsplit=1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def test_entries_name_the_person_and_the_document_in_polish(dpo, social_worker, coordinator):
    anna = ParticipantFactory(institution=dpo.institution, first_name="Anna", last_name="Zielińska")
    project = ProjectFactory(institution=dpo.institution, code="LEZ-CNA-2011")
    log_access(user=social_worker.user, institution_id=dpo.institution.pk, kind="view", subject=anna)
    log_access(
        user=coordinator.user,
        institution_id=dpo.institution.pk,
        kind="export",
        subject=project,
        what=filename_for(project, "xlsx"),
    )
    log_access(
        user=coordinator.user,
        institution_id=dpo.institution.pk,
        kind="document",
        subject=anna,
        what="social-contract.pdf",
    )
    rows = visible_rows(dpo.client.get("/privacy/access-log/").content.decode())
    documents = [(row[3], row[4]) for row in rows]
    assert documents == [
        (f"Zielińska Anna nr {anna.pk}", "Kontrakt socjalny (PDF)"),
        (f"projekt nr {project.pk}", "Eksport arkusza uczestników"),
        (f"Zielińska Anna nr {anna.pk}", "Karta uczestnika"),
    ]


def test_every_logged_document_code_has_a_polish_name():
    codes = [
        "people/detail",
        "privacy/subject",
        "support-timeline",
        "opening-diagnosis-people",
        "dane-osoby.zip",
        "attendance-sheet.pdf",
        "social-contract.pdf",
        "ranking-list.pdf",
        "committee-record.pdf",
        "letters-thanks.pdf",
        "bledy-import-3.xlsx",
        "indicator-people-EECO12.xlsx",
        "cli:out.csv",
        "uczestnicy-LEZ-CNA-2011.xlsx",
        "participants.xlsx",
    ]
    labels = [document_label(code) for code in codes]
    assert all(label != code for label, code in zip(labels, codes, strict=True)), labels
    assert len(DOCUMENTS) >= 13
