import datetime as dt

from integra.core.exports import Column, xlsx_bytes
from integra.core.testing.authz import MANAGERS, STAFF, Rule
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.factories import FollowUpFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

EXIT_RECORDERS = frozenset({"administrator", "coordinator", "social_worker"})  # can_record_exits
RESULT_RECORDERS = EXIT_RECORDERS | {"career_advisor"}  # can_record_results
EXPORTERS = MANAGERS | {"director"}


def _import(institution, project):
    return SheetImport.objects.create(
        institution=institution,
        project=project,
        filename="arkusz.csv",
        dry_run=True,
        rejected=1,
        report={"error": "", "warnings": [], "problems": [[2, ["PESEL: 1 musi mieć 11 cyfr"]]]},
        error_file=xlsx_bytes([Column("Błędy", lambda r: r)], ["PESEL: 1 musi mieć 11 cyfr"]),
        source=None,
    )


def objects(world):
    projects = (
        ProjectFactory(institution=world.a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)),
        ProjectFactory(institution=world.b, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)),
    )
    parts = tuple(ParticipationFactory(project=p) for p in projects)
    return {
        "outcome_project": projects,
        "outcome_participation": parts,
        "follow_up": tuple(FollowUpFactory(participation=p) for p in parts),
        "sheet_import": tuple(_import(p.institution, p) for p in projects),
    }


RULES = [
    Rule("outcomes:project-list", allowed=STAFF),
    Rule("outcomes:project-outcomes", kwargs={"pk": "outcome_project"}, allowed=STAFF),
    Rule("outcomes:exit-record", kwargs={"pk": "outcome_participation"}, allowed=EXIT_RECORDERS),
    Rule("outcomes:result-record", kwargs={"pk": "outcome_participation"}, allowed=RESULT_RECORDERS),
    Rule("outcomes:follow-ups-due", allowed=RESULT_RECORDERS),
    Rule("outcomes:follow-up-record", kwargs={"pk": "follow_up"}, allowed=RESULT_RECORDERS),
    Rule("outcomes:sheet-import", kwargs={"pk": "outcome_project"}, allowed=MANAGERS),
    Rule("outcomes:sheet-export-xlsx", kwargs={"pk": "outcome_project"}, allowed=EXPORTERS),
    Rule("outcomes:sheet-export-csv", kwargs={"pk": "outcome_project"}, allowed=EXPORTERS),
    Rule("outcomes:sheet-import-report", kwargs={"pk": "sheet_import"}, allowed=MANAGERS),
    Rule(
        "outcomes:sheet-import-apply",
        kwargs={"pk": "sheet_import"},
        allowed=MANAGERS,
        method="POST",
        ok=frozenset({302}),
        note="the dry run has no stored file left: a message and a redirect to its report",
    ),
    Rule("outcomes:sheet-import-errors", kwargs={"pk": "sheet_import"}, allowed=MANAGERS),
]
