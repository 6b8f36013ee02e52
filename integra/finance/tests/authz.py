import datetime as dt
from decimal import Decimal as D

from integra.core.roles import Role
from integra.core.testing.authz import FINANCE_EDIT, FINANCE_READ, Rule
from integra.finance import services
from integra.finance.models import Benefit, BudgetLine, BudgetVersion, CostCategory, Expense
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.institutions.tests.factories import MembershipFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory


def _centre_money(institution):
    actor = MembershipFactory(institution=institution, role=Role.ACCOUNTANT)
    project = ProjectFactory(institution=institution)
    current = approved_budget(
        actor,
        project,
        [
            line_values("1.1", "Aktywna integracja", "Kursy", CostCategory.PARTICIPANT_SUPPORT, eu=D("9000.00")),
            line_values("1.2", "Aktywna integracja", "Zasiłki", CostCategory.BENEFITS, own=D("1000.00")),
        ],
    )
    spent = expense(actor, project, line(current, "1.1"), D("1200.00"))
    participation = ParticipationFactory(project=project)
    benefit = services.record_benefit(
        actor=actor,
        project=project,
        line=line(current, "1.2"),
        participant=participation.participant,
        date=dt.date(2011, 6, 1),
        kind=Benefit.Kind.PERIODIC,
        amount=D("300.00"),
        decision_number="DPS.1.2011",
    )
    cap = services.create_cap(
        actor=actor,
        project=project,
        name="Adaptacja biura",
        categories=[CostCategory.OFFICE_ADAPTATION],
        limit_percent=D("15"),
    )
    draft = services.start_budget_version(actor=actor, project=project, reason="Aneks")
    return {
        "project": project,
        "version": draft,
        "line": line(draft, "1.1"),
        "expense": spent,
        "benefit": benefit,
        "cap": cap,
    }


def objects(world):
    a, b = _centre_money(world.a), _centre_money(world.b)
    return {f"finance_{key}": (a[key], b[key]) for key in a}


# No finance row may add or remove budget lines, versions or expenses (a refused or empty form writes nothing).
UNCHANGED = (BudgetLine, BudgetVersion, Expense)

RULES = [
    Rule("finance:project-list", allowed=FINANCE_READ),
    Rule("finance:budget-status", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:budget-status-xlsx", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:burn-chart", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:claim-summary", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:claim-summary-xlsx", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:version-list", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule(
        "finance:version-start",
        kwargs={"pk": "finance_project"},
        allowed=FINANCE_EDIT,
        method="POST",
        ok=frozenset({400}),
        note="a draft already exists: the versions again, the refusal on the form and the reason typed kept",
    ),
    Rule("finance:version-detail", kwargs={"pk": "finance_version"}, allowed=FINANCE_READ),
    Rule(
        "finance:version-approve",
        kwargs={"pk": "finance_version"},
        allowed=FINANCE_EDIT,
        method="POST",
        ok=frozenset({400}),
        note="empty form: the approval date is required",
    ),
    Rule("finance:line-create", kwargs={"pk": "finance_version"}, allowed=FINANCE_EDIT),
    Rule("finance:line-edit", kwargs={"pk": "finance_line"}, allowed=FINANCE_EDIT),
    Rule(
        "finance:line-remove",
        kwargs={"pk": "finance_line"},
        allowed=FINANCE_EDIT,
        method="POST",
        ok=frozenset({302}),
        note="without the shown version nothing is removed",
    ),
    Rule("finance:expense-list", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:expense-create", kwargs={"pk": "finance_project"}, allowed=FINANCE_EDIT),
    Rule("finance:expense-correct", kwargs={"pk": "finance_expense"}, allowed=FINANCE_EDIT),
    Rule("finance:benefit-list", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:benefit-create", kwargs={"pk": "finance_project"}, allowed=FINANCE_EDIT),
    Rule("finance:benefit-correct", kwargs={"pk": "finance_benefit"}, allowed=FINANCE_EDIT),
    Rule("finance:cap-list", kwargs={"pk": "finance_project"}, allowed=FINANCE_READ),
    Rule("finance:cap-create", kwargs={"pk": "finance_project"}, allowed=FINANCE_EDIT),
    Rule("finance:cap-edit", kwargs={"pk": "finance_cap"}, allowed=FINANCE_EDIT),
]
