"""Reads over project money: budget status, payment-claim summary, burn by month, cap shares.

Every figure is a `Decimal` rounded to the grosz only where it is shown (shares to 0.01 %).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from integra.finance.models import (
    ZERO,
    Benefit,
    BudgetLine,
    BudgetVersion,
    CapRule,
    CostCategory,
    Expense,
    FundingSource,
)
from integra.projects.models import Participation, Project

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
SOURCES = (FundingSource.EU, FundingSource.STATE, FundingSource.OWN)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole in %, rounded half-up to 0.01; None when the whole is zero."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Amounts:
    """Amounts per funding source."""

    eu: Decimal = ZERO
    state: Decimal = ZERO
    own: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.eu + self.state + self.own

    def add(self, source: str, amount: Decimal) -> None:
        setattr(self, str(source), getattr(self, str(source)) + amount)

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(self.eu + other.eu, self.state + other.state, self.own + other.own)

    def __sub__(self, other: Amounts) -> Amounts:
        return Amounts(self.eu - other.eu, self.state - other.state, self.own - other.own)

    def as_strings(self) -> dict[str, str]:
        return {
            key: f"{value.quantize(CENT)}"
            for key, value in (("total", self.total), ("eu", self.eu), ("state", self.state), ("own", self.own))
        }


def planned_of(line: BudgetLine) -> Amounts:
    return Amounts(line.planned_eu, line.planned_state, line.planned_own)


@dataclass
class LineStatus:
    line: BudgetLine
    planned: Amounts
    spent: Amounts

    @property
    def remaining(self) -> Amounts:
        return self.planned - self.spent

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent.total, self.planned.total)

    @property
    def over(self) -> Decimal:
        """How much the line is spent over its plan (zero when within it)."""
        return max(self.spent.total - self.planned.total, ZERO)


@dataclass
class BudgetStatus:
    project: Project
    version: BudgetVersion | None
    rows: list[LineStatus] = field(default_factory=list)
    participants: int = 0

    @property
    def planned(self) -> Amounts:
        return sum((row.planned for row in self.rows), Amounts())

    @property
    def spent(self) -> Amounts:
        return sum((row.spent for row in self.rows), Amounts())

    @property
    def remaining(self) -> Amounts:
        return self.planned - self.spent

    @property
    def eu_share_percent(self) -> Decimal | None:
        return percent(self.planned.eu, self.planned.total)

    @property
    def own_share_percent(self) -> Decimal | None:
        return percent(self.planned.own, self.planned.total)

    @property
    def spent_eu_share_percent(self) -> Decimal | None:
        return percent(self.spent.eu, self.spent.total)

    @property
    def spent_own_share_percent(self) -> Decimal | None:
        return percent(self.spent.own, self.spent.total)

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent.total, self.planned.total)

    @property
    def cost_per_participant(self) -> Decimal | None:
        """Spent ÷ participants of the project, to the grosz."""
        if not self.participants:
            return None
        return (self.spent.total / self.participants).quantize(CENT, rounding=ROUND_HALF_UP)


def current_version(project: Project) -> BudgetVersion | None:
    """The project's latest approved budget version."""
    return (
        BudgetVersion.objects.filter(project=project, status=BudgetVersion.Status.APPROVED).order_by("-number").first()
    )


def draft_version(project: Project) -> BudgetVersion | None:
    """The project's version being prepared, if any."""
    return BudgetVersion.objects.filter(project=project, status=BudgetVersion.Status.DRAFT).first()


def spent_by_lineage(
    project: Project, start: dt.date | None = None, end: dt.date | None = None
) -> dict[object, Amounts]:
    """Expenses and benefits (with their corrections) summed per budget-line lineage and source."""
    expenses = Expense.objects.filter(project=project)
    benefits = Benefit.objects.filter(project=project)
    if start is not None:
        expenses, benefits = expenses.filter(date__gte=start), benefits.filter(date__gte=start)
    if end is not None:
        expenses, benefits = expenses.filter(date__lte=end), benefits.filter(date__lte=end)
    spent: dict[object, Amounts] = defaultdict(Amounts)
    for row in expenses.values("line__lineage", "source").annotate(total=Sum("amount")).order_by():
        spent[row["line__lineage"]].add(row["source"], row["total"])
    for row in benefits.values("line__lineage").annotate(total=Sum("amount")).order_by():
        spent[row["line__lineage"]].add(FundingSource.OWN, row["total"])
    return spent


@dataclass(frozen=True)
class LineOverrun:
    """A line's spending over its plan (all sources together), with the entry about to be written."""

    line: BudgetLine
    planned: Decimal
    spent: Decimal

    @property
    def over(self) -> Decimal:
        return self.spent - self.planned

    @property
    def share(self) -> Decimal | None:
        return percent(self.spent, self.planned)


def line_overrun(project: Project, line: BudgetLine, added: Decimal) -> LineOverrun | None:
    """The overrun of the line (its lineage: older copies count) if `added` takes spending over the plan."""
    if added <= 0:
        return None
    spent = ZERO
    for model in (Expense, Benefit):
        spent += (
            model.objects.filter(project=project, line__lineage=line.lineage).aggregate(total=Sum("amount"))["total"]
            or ZERO
        )
    planned = planned_of(line).total
    if spent + added <= planned:
        return None
    return LineOverrun(line=line, planned=planned, spent=spent + added)


def participant_count(project: Project) -> int:
    return Participation.objects.filter(project=project).count()


def budget_status(
    project: Project, version: BudgetVersion | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> BudgetStatus:
    """Planned vs spent per line and source for a version (default: the current one)."""
    version = version or current_version(project)
    status = BudgetStatus(project=project, version=version, participants=participant_count(project))
    if version is None:
        return status
    spent = spent_by_lineage(project, start, end)
    status.rows = [
        LineStatus(line=line, planned=planned_of(line), spent=spent.get(line.lineage, Amounts()))
        for line in version.lines.order_by("number", "id")
    ]
    return status


def budget_statuses(projects: Iterable[Project]) -> dict[int, BudgetStatus]:
    """`budget_status` of many projects (their current versions) in five queries, for the list of project budgets."""
    projects = list(projects)
    ids = [project.pk for project in projects]
    versions: dict[int, BudgetVersion] = {}
    approved = BudgetVersion.objects.filter(project_id__in=ids, status=BudgetVersion.Status.APPROVED)
    for version in approved.order_by("project_id", "-number"):
        versions.setdefault(version.project_id, version)
    lines: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.filter(budget__in=list(versions.values())).order_by("number", "id"):
        lines[line.budget_id].append(line)
    spent: dict[int, dict[object, Amounts]] = defaultdict(lambda: defaultdict(Amounts))
    expenses = Expense.objects.filter(project_id__in=ids).values("project_id", "line__lineage", "source")
    for row in expenses.annotate(total=Sum("amount")).order_by():
        spent[row["project_id"]][row["line__lineage"]].add(row["source"], row["total"])
    benefits = Benefit.objects.filter(project_id__in=ids).values("project_id", "line__lineage")
    for row in benefits.annotate(total=Sum("amount")).order_by():
        spent[row["project_id"]][row["line__lineage"]].add(FundingSource.OWN, row["total"])
    participants = dict(
        Participation.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("project_id", "n")
    )
    statuses = {}
    for project in projects:
        version = versions.get(project.pk)
        status = BudgetStatus(project=project, version=version, participants=participants.get(project.pk, 0))
        if version is not None:
            status.rows = [
                LineStatus(line=line, planned=planned_of(line), spent=spent[project.pk].get(line.lineage, Amounts()))
                for line in lines[version.pk]
            ]
        statuses[project.pk] = status
    return statuses


def claim_entries(project: Project, start: dt.date, end: dt.date) -> list[Expense | Benefit]:
    """Every expense and benefit entry of the period, by date, for the payment-claim listing."""
    expenses = list(Expense.objects.filter(project=project).between(start, end).select_related("line"))
    benefits = list(Benefit.objects.filter(project=project).between(start, end).select_related("line"))
    return sorted(expenses + benefits, key=lambda e: (e.date, e.line.number, e._meta.model_name, e.pk))


def monthly_burn(project: Project) -> list[tuple[dt.date, Decimal, Decimal]]:
    """(first day of month, spent that month, spent cumulatively), from the first to the last month with entries
    or the project's period, whichever is wider."""
    per_month: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    for model in (Expense, Benefit):
        for date, amount in model.objects.filter(project=project).values_list("date", "amount"):
            per_month[date.replace(day=1)] += amount
    months = [project.start_on.replace(day=1), project.end_on.replace(day=1), *per_month]
    month, last = min(months), max(months)
    rows, cumulative = [], ZERO
    while month <= last:
        cumulative += per_month[month]
        rows.append((month, per_month[month], cumulative))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return rows


@dataclass
class CapCheck:
    rule: CapRule
    kind: str  # "planned" | "spent"
    amount: Decimal
    base_amount: Decimal

    @property
    def share(self) -> Decimal:
        return percent(self.amount, self.base_amount) if self.base_amount else (HUNDRED if self.amount else ZERO)

    @property
    def allowed(self) -> Decimal:
        return (self.base_amount * self.rule.limit_percent / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)

    @property
    def broken(self) -> bool:
        return self.amount * HUNDRED > self.base_amount * self.rule.limit_percent

    @property
    def over(self) -> Decimal:
        return max(self.amount - self.allowed, ZERO) if self.broken else ZERO


def _base_of(rule: CapRule, lines: Iterable[BudgetLine]) -> Decimal:
    return sum((planned_of(line).total for line in lines if rule.base == CapRule.Base.TOTAL or line.eligible), ZERO)


def planned_cap_check(rule: CapRule, lines: Iterable[BudgetLine]) -> CapCheck:
    """The planned share of the rule's categories among the lines of one version."""
    lines = list(lines)
    amount = sum((planned_of(line).total for line in lines if line.category in rule.categories), ZERO)
    return CapCheck(rule=rule, kind="planned", amount=amount, base_amount=_base_of(rule, lines))


def spent_in_categories(project: Project, categories: Iterable[str]) -> Decimal:
    """Spent (expenses and benefits, with corrections) on lines of the given cost categories."""
    total = ZERO
    for model in (Expense, Benefit):
        total += (
            model.objects.filter(project=project, line__category__in=list(categories)).aggregate(total=Sum("amount"))[
                "total"
            ]
            or ZERO
        )
    return total


def spent_cap_check(rule: CapRule, lines: Iterable[BudgetLine], extra: Decimal = ZERO) -> CapCheck:
    """Spent in the rule's categories (plus an entry about to be written) against the planned base."""
    amount = spent_in_categories(rule.project, rule.categories) + extra
    return CapCheck(rule=rule, kind="spent", amount=amount, base_amount=_base_of(rule, lines))


def cap_overview(project: Project) -> list[tuple[CapRule, CapCheck | None, CapCheck | None]]:
    """Each rule of the project with its planned and spent share in the current version."""
    version = current_version(project)
    lines = list(version.lines.all()) if version else []
    return [
        (
            rule,
            planned_cap_check(rule, lines) if version else None,
            spent_cap_check(rule, lines) if version else None,
        )
        for rule in CapRule.objects.filter(project=project).order_by("name", "id")
    ]


# ---------------------------------------------------------------- the accountant's start page

NEAR_PLAN_PERCENT = Decimal("90")  # a line at or above this share of its plan is shown to the accountant
CAP_WARNING_SHARE = Decimal("0.9")  # a cap is "close to breach" from 90 % of its limit
CLAIM_PERIOD_MONTHS = 3  # payment claims are due at least every three months, counted from the project's start
CLAIM_FILING_DAYS = 10  # a claim is filed within ten days after its period ends


def lines_near_plan(status: BudgetStatus, threshold: Decimal = NEAR_PLAN_PERCENT) -> list[LineStatus]:
    """Lines of a budget status whose spending reached `threshold` % of their plan (no query)."""
    return [row for row in status.rows if row.used_percent is not None and row.used_percent >= threshold]


def caps_near_limit(projects: Iterable[Project], statuses: dict[int, BudgetStatus]) -> list[CapCheck]:
    """Planned and spent cap checks of the projects' current versions at ≥ 90 % of their limit or broken,
    the closest to breach first; three queries whatever the number of rules and entries."""
    projects = {project.pk: project for project in projects}
    rules = list(CapRule.objects.filter(project_id__in=list(projects)).order_by("name", "id"))
    spent: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for model in (Expense, Benefit):
        rows = model.objects.filter(project_id__in=list(projects)).values("project_id", "line__category")
        for row in rows.annotate(total=Sum("amount")).order_by():
            spent[row["project_id"], row["line__category"]] += row["total"]
    checks: list[CapCheck] = []
    for rule in rules:
        rule.project = projects[rule.project_id]
        status = statuses.get(rule.project_id)
        if status is None or status.version is None:
            continue
        lines = [row.line for row in status.rows]
        candidates = []
        if rule.check_planned:
            candidates.append(planned_cap_check(rule, lines))
        if rule.check_spent:
            amount = sum((spent[rule.project_id, category] for category in rule.categories), ZERO)
            candidates.append(CapCheck(rule=rule, kind="spent", amount=amount, base_amount=_base_of(rule, lines)))
        checks += [c for c in candidates if c.broken or c.share >= rule.limit_percent * CAP_WARNING_SHARE]
    return sorted(checks, key=lambda c: -(c.share / c.rule.limit_percent if c.rule.limit_percent else HUNDRED))


def expenses_without_activity(membership, today: dt.date):
    """Expenses of running projects charged to lines of support for participants that name no activity, so that
    cost per activity and per participant cannot count them; the oldest first. Corrections follow their expense
    and are left out."""
    return (
        Expense.objects.for_membership(membership)
        .filter(project__start_on__lte=today, project__end_on__gte=today, activity__isnull=True, corrects__isnull=True)
        .filter(line__category=CostCategory.PARTICIPANT_SUPPORT)
        .select_related("project", "line")
        .order_by("date", "id")
    )


@dataclass
class ClaimPeriod:
    project: Project
    start: dt.date
    end: dt.date
    entries: int = 0
    amount: Decimal = ZERO

    @property
    def file_by(self) -> dt.date:
        """The last day to file the claim of this period."""
        return self.end + dt.timedelta(days=CLAIM_FILING_DAYS)


def claim_period_on(project: Project, day: dt.date) -> tuple[dt.date, dt.date]:
    """The payment-claim period of the project containing the day: consecutive three-month periods from the
    project's start, the last one cut at the project's end."""
    number = 0
    while True:
        start = _months_after(project.start_on, CLAIM_PERIOD_MONTHS * number)
        following = _months_after(project.start_on, CLAIM_PERIOD_MONTHS * (number + 1))
        if day < following or following > project.end_on:
            return start, min(following - dt.timedelta(days=1), project.end_on)
        number += 1


def _months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def next_claim_periods(projects: Iterable[Project], today: dt.date) -> list[ClaimPeriod]:
    """For each running project, the claim to file next with the entries recorded in its period (two queries):
    the period that ended within the last ten days (its claim is being filed), else the period under way; the
    earliest filing deadline first."""
    periods: dict[int, ClaimPeriod] = {}
    for project in projects:
        if not project.start_on <= today <= project.end_on:
            continue
        start, end = claim_period_on(project, today)
        if start > project.start_on and (today - start).days < CLAIM_FILING_DAYS:
            start, end = claim_period_on(project, start - dt.timedelta(days=1))
        periods[project.pk] = ClaimPeriod(project, start, end)
    if not periods:
        return []
    within = Q()
    for period in periods.values():
        within |= Q(project_id=period.project.pk, date__range=(period.start, period.end))
    for model in (Expense, Benefit):
        for row in (
            model.objects.filter(within).values("project_id").annotate(n=Count("id"), total=Sum("amount")).order_by()
        ):
            periods[row["project_id"]].entries += row["n"]
            periods[row["project_id"]].amount += row["total"]
    return sorted(periods.values(), key=lambda p: (p.file_by, p.project.code))
