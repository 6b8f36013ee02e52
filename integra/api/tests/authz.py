"""API v1 rows of the authorisation matrix: every route × role × own/other centre.

The central walk (tests/test_crawl.py, through integra/core/testing/crawl.py) calls these with signed-in staff sessions: anonymous
calls get 401, and as it posts forms, an allowed role's POST is answered 415 (JSON only) after the rules
let it through. integra/api/tests/test_authz_tokens.py walks the same rows with a token per role and JSON
bodies, and checks that lists and errors hold nothing of the other centre.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from integra.casework.models import IndividualPlan
from integra.casework.tests.factories import SocialContractFactory
from integra.core.roles import Role
from integra.core.testing.authz import (
    ALL,
    CASE,
    EDITORS,
    FINANCE_READ,
    MANAGERS,
    REPORT_READERS,
    SPECIALISTS,
    STAFF,
    Rule,
)
from integra.finance.models import CostCategory
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.institutions.models import Membership
from integra.institutions.services import create_service_account
from integra.institutions.tests.factories import MembershipFactory
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory, ResultFactory
from integra.outreach.models import Message
from integra.people.models import Consent
from integra.people.tests.factories import HouseholdFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.models import Application, Criterion, Decision
from integra.recruitment.tests.factories import RecruitmentCallFactory
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

EXIT_RECORDERS = frozenset({"administrator", "coordinator", "social_worker"})  # can_record_exits
RECORDERS = EXIT_RECORDERS | {"career_advisor"}  # can_record_results
SUPPORT_RECORDERS = EXIT_RECORDERS | SPECIALISTS  # can_record_support
PARTICIPANT_READERS = STAFF | {"dpo"}  # can_view_participants


def centre_objects(institution: Any) -> dict[str, Any]:
    """One of each API resource in a centre (a project running in 2011, as the factories' dates are)."""
    project = ProjectFactory(institution=institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    participation = ParticipationFactory(project=project)
    person = participation.participant
    call = RecruitmentCallFactory(project=project)
    application = Application.objects.create(
        institution=institution, call=call, participant=person, applied_on=dt.date(2011, 1, 10)
    )
    decision = Decision.objects.create(
        institution=institution,
        application=application,
        decided_on=dt.date(2011, 5, 2),
        from_status=Application.Status.PENDING,
        to_status=Application.Status.QUALIFIED,
        rank=1,
        decided_by=MembershipFactory(institution=institution).user,
    )
    criterion = Criterion.objects.create(
        institution=institution,
        call=call,
        kind=Criterion.Kind.MANUAL,
        rule=Criterion.Rule.HAND,
        label="Motywacja",
        points=3,
        order=1,
    )
    advisor = MembershipFactory(institution=institution, role=Role.SPECIALIST, specialty="career_advisor")
    plan = IndividualPlan.objects.create(
        institution=institution,
        participant=person,
        career_advisor=advisor,
        drawn_up_on=dt.date(2011, 5, 1),
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 12, 31),
        goals="Praca",
    )
    activity = ActivityFactory(project=project)
    accountant = MembershipFactory(institution=institution, role=Role.ACCOUNTANT)
    budget = approved_budget(
        accountant,
        project,
        [
            line_values("1.1", "Aktywna integracja", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("9000.00")),
        ],
    )
    exit_participation = ParticipationFactory(project=project)
    return {
        "participant": person,
        "household": HouseholdFactory(institution=institution),
        "project": project,
        "participation": participation,
        "application": application,
        "decision": decision,
        "criterion": criterion,
        "contract": SocialContractFactory(institution=institution, participant=person),
        "plan": plan,
        "activity": activity,
        "enrolment": EnrolmentFactory(activity=activity, participant=person),
        "session": SessionFactory(activity=activity),
        "exit": ExitFactory(participation=exit_participation),
        "result": ResultFactory(participation=participation),
        "follow_up": FollowUpFactory(participation=exit_participation),
        "consent": Consent.objects.create(
            institution=institution, participant=person, purpose=Consent.Purpose.SMS, given_on=dt.date(2024, 1, 2)
        ),
        "message": Message.objects.create(
            institution=institution,
            participant=person,
            purpose="reminder",
            channel="sms",
            key=f"api-authz:{institution.pk}",
            recipient="+48501234567",
            body="Przypomnienie",
            due_at=dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.UTC),
        ),
        "budget_version": budget,
        "expense": expense(accountant, project, line(budget, "1.1"), D("1200.00")),
        "sheet_import": SheetImport.objects.create(
            institution=institution,
            project=project,
            filename="arkusz.csv",
            dry_run=True,
            rejected=1,
            report={"error": "", "warnings": [], "problems": [[2, ["PESEL: musi mieć 11 cyfr"]]]},
        ),
    }


def objects(world: Any) -> dict[str, tuple[Any, Any]]:
    a, b = centre_objects(world.a), centre_objects(world.b)
    for key, centre in (("service_account", world.a), ("service_account", world.b)):
        actor = Membership(institution=centre, role=Role.ADMINISTRATOR)
        (a if centre is world.a else b)[key] = create_service_account(actor=actor, name="Matrix", role="auditor")[0]
    return {f"api_{key}": (a[key], b[key]) for key in a}


ANON = frozenset({401})
JSON_ONLY = frozenset({415})
NOTE_POST = "the session walk posts a form: 415 once the rules let the role through (the token walk sends JSON)"


def _read(name: str, key: str, allowed: frozenset[str]) -> list[Rule]:
    return [
        Rule(f"api:{name}-list", allowed=allowed, anonymous=ANON),
        Rule(f"api:{name}-detail", kwargs={"pk": f"api_{key}"}, allowed=allowed, anonymous=ANON),
    ]


def _create(name: str, allowed: frozenset[str]) -> Rule:
    if name == "sheet-import":  # an upload: the empty form is read and refused
        return Rule(f"api:{name}-list", allowed=allowed, method="POST", ok=frozenset({400}), anonymous=ANON)
    return Rule(f"api:{name}-list", allowed=allowed, method="POST", ok=JSON_ONLY, anonymous=ANON, note=NOTE_POST)


# Which roles may read/write each resource: the predicates the screens use (integra/core/permissions.py).
READS = {
    "participant": ("participant", PARTICIPANT_READERS),
    "household": ("household", CASE),  # can_view_contact_details
    "project": ("project", STAFF),
    "participation": ("participation", STAFF),
    "application": ("application", CASE),
    "decision": ("decision", CASE),
    "contract": ("contract", CASE),
    "plan": ("plan", CASE),
    "activity": ("activity", STAFF),
    "enrolment": ("enrolment", STAFF),
    "session": ("session", STAFF),
    "exit": ("exit", STAFF),
    "result": ("result", STAFF),
    "follow-up": ("follow_up", STAFF),
    "consent": ("consent", PARTICIPANT_READERS),
    "message": ("message", CASE | {"dpo"}),  # can_view_messages
    "budget-version": ("budget_version", FINANCE_READ),
    "expense": ("expense", FINANCE_READ),
    "sheet-import": ("sheet_import", MANAGERS),
}
WRITES = {
    "participant": EDITORS,
    "household": EDITORS,
    "application": EDITORS,
    "contract": EDITORS,
    "decision": MANAGERS,
    "participation": MANAGERS,
    "enrolment": MANAGERS,
    "project": MANAGERS,
    "activity": MANAGERS,
    "session": MANAGERS,
    "exit": EXIT_RECORDERS,
    "result": RECORDERS,
    "sheet-import": MANAGERS,
    "consent": EDITORS | {"dpo"},  # can_manage_consents
}
REPORTS = (
    "indicators",
    "effectiveness",
    "project-summary",
    "club-annual",
    "centre-annual",
    "budget",
    "staffing",
    "opening-diagnosis",
    "what-works",
)

RULES = [
    *[rule for name, (key, allowed) in READS.items() for rule in _read(name, key, allowed)],
    *[_create(name, allowed) for name, allowed in WRITES.items()],
    Rule(
        "api:participant-search",
        allowed=PARTICIPANT_READERS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:session-attendance",
        kwargs={"pk": "api_session"},
        allowed=STAFF,
        ok=frozenset({405}),
        anonymous=ANON,
        other_centre=False,
        note="PUT only: a GET passes the read rule and is refused as a method (the token walk PUTs the marks)",
    ),
    Rule(
        "api:application-score",
        kwargs={"pk": "api_application"},
        allowed=EDITORS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:application-tie-break",
        kwargs={"pk": "api_application"},
        allowed=MANAGERS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:application-withdraw",
        kwargs={"pk": "api_application"},
        allowed=MANAGERS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:contract-sign",
        kwargs={"pk": "api_contract"},
        allowed=EDITORS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:contract-status",
        kwargs={"pk": "api_contract"},
        allowed=EDITORS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:consent-withdraw",
        kwargs={"pk": "api_consent"},
        allowed=EDITORS | {"dpo"},
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    Rule(
        "api:follow-up-record",
        kwargs={"pk": "api_follow_up"},
        allowed=RECORDERS,
        method="POST",
        ok=JSON_ONLY,
        anonymous=ANON,
        note=NOTE_POST,
    ),
    *[
        Rule(
            f"api:report-{name}",
            allowed=REPORT_READERS,
            ok=frozenset({200, 400}),
            anonymous=ANON,
            note="without the report's parameters a project/club report refuses with 400 (the token walk gives them)",
        )
        for name in REPORTS
    ],
    Rule("api:account-list", allowed=frozenset({"administrator"})),
    Rule(
        "api:account-list",
        allowed=frozenset({"administrator"}),
        method="POST",
        ok=frozenset({400}),
        note="an empty form is refused with its messages",
    ),
    Rule(
        "api:account-revoke",
        kwargs={"pk": "api_service_account"},
        allowed=frozenset({"administrator"}),
        method="POST",
        ok=frozenset({302}),
    ),
    Rule(
        "api:job-list",
        allowed=ALL,
        anonymous=ANON,
        other_centre=False,
        note="everyone lists their own jobs in their own centre (none here)",
    ),
    Rule(
        "api:job-detail",
        kwargs={"pk": "job"},
        allowed=ALL,
        ok=frozenset({404}),
        anonymous=ANON,
        note="a job is its starter's alone: every other caller, of the same centre or another, gets 404",
    ),
    Rule("api:schema", allowed=ALL, anonymous=frozenset({200}), note="the schema is public: it holds no data"),
    Rule("api:docs", allowed=ALL, anonymous=frozenset({200}), note="the documentation page is public"),
    Rule(
        "api:not-found",
        allowed=ALL,
        ok=frozenset({404}),
        anonymous=frozenset({404}),
        note="any other address under /api/v1/: 404 in the error shape, for everyone",
    ),
]
