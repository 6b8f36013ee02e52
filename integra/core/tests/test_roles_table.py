"""The roles table of docs/security.md says what the predicates of integra.core.permissions do.

Each row is computed here from the predicates for a membership of that role (and specialty) and compared with the
table's row, cell by cell: a predicate changed without the table, or the table without the predicate, fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from integra.core import permissions as p
from integra.core.roles import Role, Specialty
from integra.institutions.models import Membership

DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"
HEADING = "## Roles and what each sees"

ROWS: dict[str, list[tuple[str, str]]] = {
    "administrator": [(Role.ADMINISTRATOR, "")],
    "director": [(Role.DIRECTOR, "")],
    "coordinator": [(Role.COORDINATOR, "")],
    "social worker": [(Role.SOCIAL_WORKER, Specialty.SOCIAL_WORKER)],
    "specialist: psychologist, therapist, lawyer, financial advisor": [
        (Role.SPECIALIST, Specialty.PSYCHOLOGIST),
        (Role.SPECIALIST, Specialty.THERAPIST),
        (Role.SPECIALIST, Specialty.LAWYER),
        (Role.SPECIALIST, Specialty.FINANCIAL_ADVISOR),
    ],
    "specialist: career advisor": [(Role.SPECIALIST, Specialty.CAREER_ADVISOR)],
    "specialist: family assistant": [(Role.SPECIALIST, Specialty.FAMILY_ASSISTANT)],
    "accountant": [(Role.ACCOUNTANT, "")],
    "auditor": [(Role.AUDITOR, "")],
    "IOD (`dpo`)": [(Role.DPO, "")],
    "regional supervisor": [(Role.REGIONAL_SUPERVISOR, "")],
}


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _people(m: Membership) -> str:
    if p.is_regional(m):
        return "never a person"
    if p.can_edit_participants(m):
        return "read, edit"
    if p.can_view_contact_details(m):
        return "read"
    if p.can_view_participant_record(m):
        return "eligibility and evidence: no address lines, phone, e-mail or household"
    if p.is_dpo(m):
        return "list, to find the person of a request"
    return "list" if p.can_view_participants(m) else "—"


def _notes(m: Membership) -> str:
    if not p.can_view_case_notes(m):
        return "no"
    other = Specialty.LAWYER if m.effective_specialty != Specialty.LAWYER else Specialty.PSYCHOLOGIST
    return "yes" if p.can_view_case_notes(m, other) else "own specialty only"


def _edit_read(edit: bool, read: bool) -> str:
    return "edit" if edit else "read" if read else "—"


def _casework(m: Membership) -> str:
    sensitive = p.can_view_sensitive(m)
    return f"{_edit_read(p.can_edit_participants(m), sensitive)} / {_edit_read(p.can_edit_plans(m), sensitive)}"


def _projects(m: Membership) -> str:
    if p.can_manage_projects(m):
        return "runs projects and calls, takes people in"
    if p.can_admit_to_projects(m):
        return "takes people in with a social contract"
    return "read" if p.can_view_projects(m) else "—"


def _support(m: Membership) -> str:
    if p.can_manage_projects(m):
        return "runs activities, records all"
    if p.can_record_support(m):
        own = "records own sessions and own specialty"
        return f"{own}, family visits" if p.can_record_family_visits(m) else own
    if p.can_view_individual_support(m):
        return "reads all"
    return "activities and timetable" if p.can_view_activities(m) else "—"


def _outcomes(m: Membership) -> str:
    rules = (("exits", p.can_record_exits), ("results, follow-ups", p.can_record_results))
    done = [label for label, rule in rules if rule(m)]
    if done:
        return "records " + ", ".join(done)
    return "read" if p.can_view_projects(m) else "—"


def _money(m: Membership) -> str:
    return _edit_read(p.can_manage_finance(m), p.can_view_finance(m))


def _reports(m: Membership) -> str:
    if p.is_regional(m):
        return "aggregates only, counts < 3 suppressed"
    return _yes(p.can_view_reports(m))


def _privacy(m: Membership) -> str:
    parts = []
    if p.is_dpo(m):
        parts.append("reads the access log and consents, answers data-subject requests")
    elif p.can_manage_consents(m):
        parts.append("records consents")
    if p.can_unlock_accounts(m):
        parts.append("unlocks sign-in lockouts")
    return "; ".join(parts) or "—"


COLUMNS = {
    "people and case files": _people,
    "special-category answers": lambda m: _yes(p.can_view_sensitive(m)),
    "case notes": _notes,
    "contracts, PAL / IPD": _casework,
    "projects": _projects,
    "support": _support,
    "outcomes": _outcomes,
    "money": _money,
    "reports": _reports,
    "access log, consents": _privacy,
}


def documented_table() -> dict[str, dict[str, str]]:
    """The roles table of docs/security.md as {role: {column: cell}}."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(HEADING) :].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table = {}
    for line in rows[2:]:
        cells = [cell.strip().strip("*") for cell in line.strip().strip("|").split("|")]
        table[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return table


def computed_row(role: str, specialty: str) -> dict[str, str]:
    membership = Membership(role=role, specialty=specialty)
    return {column: rule(membership) for column, rule in COLUMNS.items()}


def test_the_table_has_a_row_for_every_role_and_specialty():
    assert set(documented_table()) == set(ROWS)
    covered = {(role, specialty) for pairs in ROWS.values() for role, specialty in pairs}
    assert {(Role.SPECIALIST, s) for s in Specialty if s != Specialty.SOCIAL_WORKER} <= covered
    assert {r for r, _s in covered} == set(Role)


@pytest.mark.parametrize("label", list(ROWS))
def test_each_row_says_what_the_predicates_do(label):
    documented = documented_table()[label]
    for role, specialty in ROWS[label]:
        expected = computed_row(role, specialty)
        assert {column: documented[column] for column in expected} == expected, (label, specialty)
