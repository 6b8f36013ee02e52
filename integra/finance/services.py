"""Writes to project money. Each use case is one transaction; refused input writes nothing.

Caps: planned amounts are checked when a budget version is approved (the moment a budget change
takes effect); spent amounts when an expense, a benefit or a correction that adds money is
recorded. A rule in `refuse` mode raises `ValidationError`; in `warn` mode the write goes ahead and
the messages are left on the returned object as `cap_warnings`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from integra.core.dates import refuse_future
from integra.core.formats import format_money, format_percent
from integra.core.history import record, snapshot
from integra.core.locking import bump, lock_for_update
from integra.core.models import HistoryEntry, ensure_same_centre
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
from integra.finance.queries import (
    CapCheck,
    LineOverrun,
    current_version,
    draft_version,
    line_overrun,
    planned_cap_check,
    spent_cap_check,
)
from integra.projects.models import Participation, Project

NO_APPROVED_BUDGET = _("The project has no approved budget yet: approve a budget version first.")
DRAFT_EXISTS = _("Version %(number)s is still a draft: approve it before starting another amendment.")
VERSION_NOT_DRAFT = _("An approved budget version cannot be changed; start an amendment instead.")
VERSION_EMPTY = _("A budget version needs at least one line before it can be approved.")
APPROVED_BEFORE_PREVIOUS = _("The approval date cannot be earlier than the approval of version %(number)s (%(date)s).")
LINE_HAS_ENTRIES = _("This line already has expenses or benefits; set its amounts to zero instead of removing it.")
LINE_NOT_CURRENT = _("Choose a line of the project's current budget version.")
AMOUNT_NOT_POSITIVE = _("The amount must be greater than zero (use a correction to reduce an expense).")
CORRECTION_ZERO = _("A correction must change the amount: enter a positive or negative amount other than zero.")
CORRECTION_OF_CORRECTION = _("Correct the original entry, not a correction of it.")
CORRECTION_BELOW_ZERO = _("A correction cannot take the entry below zero: after it the entry would amount to %(net)s.")
NOT_A_PARTICIPANT = _("This person does not take part in the project.")
ACTIVITY_OTHER_PROJECT = _("The activity belongs to another project.")
CAP_NO_CATEGORIES = _("Choose at least one cost category.")
CAP_NOTHING_CHECKED = _("Check planned amounts, spent amounts or both.")
CAP_PLANNED_BROKEN = _(
    "Cap “%(name)s” (%(categories)s): planned costs may be at most %(limit)s %(base)s. "
    "With this budget they would be %(share)s (%(amount)s of %(base_amount)s), %(over)s over the cap."
)
CAP_SPENT_BROKEN = _(
    "Cap “%(name)s” (%(categories)s): spending may be at most %(limit)s %(base)s. "
    "With this entry it would be %(share)s (%(amount)s of %(base_amount)s), %(over)s over the cap."
)
PAID_IN_FUTURE = _("The date of payment cannot be later than today (%(today)s): record an expense once it is paid.")
BENEFIT_IN_FUTURE = _("The date of the benefit cannot be later than today (%(today)s): record it once it is paid.")
APPROVED_IN_FUTURE = _("The approval date cannot be later than today (%(today)s).")
LINE_OVERRUN = _(
    "This entry takes line %(number)s „%(line)s” over its plan: %(spent)s spent of %(planned)s planned, "
    "an overrun of %(over)s (%(share)s). Give the reason to record it anyway."
)
OVERRUN_COMMENT = _("Over the plan of line %(number)s by %(over)s (%(share)s): %(reason)s")
BASE_GENITIVE = {CapRule.Base.TOTAL: _("of the total budget"), CapRule.Base.ELIGIBLE: _("of eligible costs")}

LINE_FIELDS = (
    "number",
    "task",
    "name",
    "category",
    "instrument_group",
    "eligible",
    "planned_eu",
    "planned_state",
    "planned_own",
)


def cap_message(check: CapCheck) -> str:
    """The user-facing text of a broken cap: the cap, the share it would reach, the amount over."""
    template = CAP_PLANNED_BROKEN if check.kind == "planned" else CAP_SPENT_BROKEN
    return str(template) % {
        "name": check.rule.name,
        "categories": check.rule.category_labels,
        "limit": format_percent(check.rule.limit_percent),
        "base": BASE_GENITIVE[check.rule.base],
        "share": format_percent(check.share),
        "amount": format_money(check.amount),
        "base_amount": format_money(check.base_amount),
        "over": format_money(check.over),
    }


def _enforce(checks: list[CapCheck]) -> list[str]:
    """Raise for broken refusing caps; return the messages of broken warning caps."""
    broken = [check for check in checks if check.broken]
    refusals = [cap_message(c) for c in broken if c.rule.mode == CapRule.Mode.REFUSE]
    if refusals:
        raise ValidationError(refusals, code="cap")
    return [cap_message(c) for c in broken]


# --- budget versions and lines ---------------------------------------------------------------


@transaction.atomic
def start_budget_version(*, actor: Any, project: Project, reason: str = "") -> BudgetVersion:
    """Open a draft: the first budget of a project, or an amendment copying the current version's lines."""
    ensure_same_centre(actor, project)
    Project.objects.select_for_update().get(pk=project.pk)  # one draft at a time per project
    draft = draft_version(project)
    if draft is not None:
        raise ValidationError(DRAFT_EXISTS, code="draft_exists", params={"number": draft.number})
    base = current_version(project)
    number = (BudgetVersion.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
    version = BudgetVersion(
        institution_id=actor.institution_id, project=project, number=number, based_on=base, reason=reason
    )
    version.full_clean()
    version.save()
    record(actor=actor, obj=version, action=HistoryEntry.Action.CREATE)
    if base is not None:
        for line in base.lines.order_by("number", "id"):
            copy = BudgetLine(
                institution_id=actor.institution_id,
                budget=version,
                lineage=line.lineage,
                **{name: getattr(line, name) for name in LINE_FIELDS},
            )
            copy.save()
    return version


@transaction.atomic
def approve_budget_version(*, actor: Any, version: BudgetVersion, approved_on: dt.date) -> BudgetVersion:
    """Approve a draft so it becomes the current budget; refused when it breaks a cap on planned costs."""
    ensure_same_centre(actor, version)
    refuse_future(approved_on, field="approved_on", message=APPROVED_IN_FUTURE)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(VERSION_NOT_DRAFT, code="not_draft")
    lines = list(version.lines.all())
    if not lines:
        raise ValidationError(VERSION_EMPTY, code="empty")
    previous = current_version(version.project)
    if previous is not None and approved_on < previous.approved_on:
        raise ValidationError(
            APPROVED_BEFORE_PREVIOUS,
            code="date",
            params={"number": previous.number, "date": previous.approved_on.strftime("%d.%m.%Y")},
        )
    rules = CapRule.objects.filter(project=version.project, check_planned=True).select_related("project")
    warnings = _enforce([planned_cap_check(rule, lines) for rule in rules])
    before = snapshot(version)
    version.status = BudgetVersion.Status.APPROVED
    version.approved_on = approved_on
    version.full_clean()
    version.save()
    record(actor=actor, obj=version, action=HistoryEntry.Action.STATUS, before=before)
    version.cap_warnings = warnings  # type: ignore[attr-defined]
    return version


def _draft_of(version: BudgetVersion) -> BudgetVersion:
    if not version.is_draft:
        raise ValidationError(VERSION_NOT_DRAFT, code="not_draft")
    return version


@transaction.atomic
def add_budget_line(*, actor: Any, version: BudgetVersion, **values: Any) -> BudgetLine:
    """Add a line to a draft version."""
    ensure_same_centre(actor, version)
    _draft_of(BudgetVersion.objects.select_for_update().get(pk=version.pk))
    line = BudgetLine(
        institution_id=actor.institution_id, budget=version, **{k: values[k] for k in LINE_FIELDS if k in values}
    )
    line.full_clean()
    line.save()
    record(actor=actor, obj=line, action=HistoryEntry.Action.CREATE)
    return line


@transaction.atomic
def update_budget_line(*, actor: Any, line: BudgetLine, expected_version: int | None, **values: Any) -> BudgetLine:
    """Change a line of a draft version; refused if someone saved it since the form was shown."""
    ensure_same_centre(actor, line)
    line = lock_for_update(BudgetLine, line.pk, expected_version)
    _draft_of(line.budget)
    before = snapshot(line)
    for name in LINE_FIELDS:
        if name in values:
            setattr(line, name, values[name])
    bump(line)
    line.full_clean()
    line.save()
    record(actor=actor, obj=line, action=HistoryEntry.Action.UPDATE, before=before)
    return line


@transaction.atomic
def remove_budget_line(*, actor: Any, line: BudgetLine, expected_version: int | None) -> None:
    """Remove a line from a draft version (only while no money was charged to it)."""
    ensure_same_centre(actor, line)
    line = lock_for_update(BudgetLine, line.pk, expected_version)
    _draft_of(line.budget)
    lineage_used = (
        Expense.objects.filter(project=line.budget.project, line__lineage=line.lineage).exists()
        or Benefit.objects.filter(project=line.budget.project, line__lineage=line.lineage).exists()
    )
    if lineage_used:
        raise ValidationError(LINE_HAS_ENTRIES, code="has_entries")
    before = snapshot(line)
    record(actor=actor, obj=line, action=HistoryEntry.Action.DELETE, before=before, after=dict.fromkeys(before))
    line.delete()


# --- expenses and benefits -------------------------------------------------------------------


def _current_line(project: Project, line: BudgetLine) -> tuple[BudgetLine, list[BudgetLine]]:
    version = current_version(project)
    if version is None:
        raise ValidationError(NO_APPROVED_BUDGET, code="no_budget")
    if line.budget_id != version.pk:
        raise ValidationError({"line": LINE_NOT_CURRENT}, code="line")
    return line, list(version.lines.all())


def _overrun_params(overrun: LineOverrun) -> dict[str, str]:
    return {
        "number": overrun.line.number,
        "line": overrun.line.name,
        "spent": format_money(overrun.spent),
        "planned": format_money(overrun.planned),
        "over": format_money(overrun.over),
        "share": format_percent(overrun.share) if overrun.share is not None else "—",
    }


def _check_line_plan(project: Project, line: BudgetLine, added: Decimal, reason: str, warnings: list[str]) -> str:
    """An entry that takes its line over the plan needs a reason; returns the history comment ("" if within).

    Asking for the reason, it repeats the warnings of `warn` caps, so the person decides knowing all of them."""
    overrun = line_overrun(project, line, added)
    if overrun is None:
        return ""
    params = _overrun_params(overrun)
    if not reason:
        error = ValidationError(LINE_OVERRUN, code="line_overrun", params=params)
        raise ValidationError(
            {"overrun_reason": [error], NON_FIELD_ERRORS: warnings} if warnings else {"overrun_reason": [error]}
        )
    return str(OVERRUN_COMMENT) % {**params, "reason": reason}


def _spent_caps(project: Project, category: str, lines: list[BudgetLine], added: Decimal) -> list[str]:
    """Check spent caps covering the category when money is added to it."""
    if added <= 0:
        return []
    rules = [
        r
        for r in CapRule.objects.filter(project=project, check_spent=True).select_related("project")
        if category in r.categories
    ]
    return _enforce([spent_cap_check(rule, lines, extra=added) for rule in rules])


@transaction.atomic
def record_expense(
    *,
    actor: Any,
    project: Project,
    line: BudgetLine,
    date: dt.date,
    document_number: str,
    contractor: str,
    description: str,
    amount: Decimal,
    source: str,
    activity: Any = None,
    overrun_reason: str = "",
) -> Expense:
    """Record a paid cost against a line of the current budget; refused when it breaks a spending cap.

    An expense that takes its line over the plan is refused (`line_overrun`, with the overrun in the message)
    unless `overrun_reason` says why; the reason is kept on the entry and in its history.
    """
    ensure_same_centre(actor, project, line, activity)
    refuse_future(date, field="date", message=PAID_IN_FUTURE)
    Project.objects.select_for_update().get(pk=project.pk)  # serialise cap checks of one project
    if amount is None or amount <= 0:
        raise ValidationError({"amount": AMOUNT_NOT_POSITIVE}, code="amount")
    if activity is not None and activity.project_id != project.pk:
        raise ValidationError({"activity": ACTIVITY_OTHER_PROJECT}, code="activity")
    line, lines = _current_line(project, line)
    expense = Expense(
        institution_id=actor.institution_id,
        project=project,
        line=line,
        date=date,
        document_number=document_number,
        contractor=contractor,
        description=description,
        amount=amount,
        source=source,
        activity=activity,
        recorded_by=getattr(actor, "user", None),
        overrun_reason=(overrun_reason or "").strip(),
    )
    expense.full_clean()
    warnings = _spent_caps(project, line.category, lines, amount)
    overrun = _check_line_plan(project, line, amount, expense.overrun_reason, warnings)
    expense.overrun_reason = expense.overrun_reason if overrun else ""
    expense.save()
    record(actor=actor, obj=expense, action=HistoryEntry.Action.CREATE, comment=overrun)
    expense.cap_warnings = warnings + ([overrun] if overrun else [])  # type: ignore[attr-defined]
    return expense


def _net_after(original: Expense | Benefit, amount: Decimal) -> Decimal:
    corrections = original.corrections.aggregate(total=Sum("amount"))["total"] or ZERO
    return original.amount + corrections + amount


@transaction.atomic
def correct_expense(
    *,
    actor: Any,
    original: Expense,
    date: dt.date,
    document_number: str,
    description: str,
    amount: Decimal,
    overrun_reason: str = "",
) -> Expense:
    """A new entry that adjusts an expense by `amount` (negative to reduce); the original stays as it was."""
    ensure_same_centre(actor, original)
    refuse_future(date, field="date", message=PAID_IN_FUTURE)
    Project.objects.select_for_update().get(pk=original.project_id)
    if original.corrects_id is not None:
        raise ValidationError(CORRECTION_OF_CORRECTION, code="nested")
    if amount is None or amount == 0:
        raise ValidationError({"amount": CORRECTION_ZERO}, code="amount")
    net = _net_after(original, amount)
    if net < 0:
        raise ValidationError(
            {"amount": ValidationError(CORRECTION_BELOW_ZERO, code="below_zero", params={"net": format_money(net)})}
        )
    version = current_version(original.project)
    lines = list(version.lines.all()) if version else []
    correction = Expense(
        institution_id=actor.institution_id,
        project=original.project,
        line=original.line,
        date=date,
        document_number=document_number,
        contractor=original.contractor,
        description=description,
        amount=amount,
        source=original.source,
        activity=original.activity,
        corrects=original,
        recorded_by=getattr(actor, "user", None),
        overrun_reason=(overrun_reason or "").strip(),
    )
    correction.full_clean()
    warnings = _spent_caps(original.project, original.line.category, lines, amount)
    overrun = _check_line_plan(original.project, original.line, amount, correction.overrun_reason, warnings)
    correction.overrun_reason = correction.overrun_reason if overrun else ""
    correction.save()
    comment = " · ".join(filter(None, [f"correction of #{original.pk}", overrun]))
    record(actor=actor, obj=correction, action=HistoryEntry.Action.CREATE, comment=comment)
    correction.cap_warnings = warnings + ([overrun] if overrun else [])  # type: ignore[attr-defined]
    return correction


@transaction.atomic
def record_benefit(
    *,
    actor: Any,
    project: Project,
    line: BudgetLine,
    participant: Any,
    date: dt.date,
    kind: str,
    amount: Decimal,
    decision_number: str,
    overrun_reason: str = "",
) -> Benefit:
    """Record a benefit paid to a participant of the project, counted as spent own contribution.

    Over the line's plan it needs `overrun_reason`, as an expense does."""
    ensure_same_centre(actor, project, line, participant)
    refuse_future(date, field="date", message=BENEFIT_IN_FUTURE)
    Project.objects.select_for_update().get(pk=project.pk)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": AMOUNT_NOT_POSITIVE}, code="amount")
    if not Participation.objects.filter(project=project, participant=participant).exists():
        raise ValidationError({"participant": NOT_A_PARTICIPANT}, code="participant")
    line, lines = _current_line(project, line)
    benefit = Benefit(
        institution_id=actor.institution_id,
        project=project,
        line=line,
        participant=participant,
        date=date,
        kind=kind,
        amount=amount,
        decision_number=decision_number,
        recorded_by=getattr(actor, "user", None),
        overrun_reason=(overrun_reason or "").strip(),
    )
    benefit.full_clean()
    warnings = _spent_caps(project, line.category, lines, amount)
    overrun = _check_line_plan(project, line, amount, benefit.overrun_reason, warnings)
    benefit.overrun_reason = benefit.overrun_reason if overrun else ""
    benefit.save()
    record(actor=actor, obj=benefit, action=HistoryEntry.Action.CREATE, comment=overrun)
    benefit.cap_warnings = warnings + ([overrun] if overrun else [])  # type: ignore[attr-defined]
    return benefit


@transaction.atomic
def correct_benefit(
    *, actor: Any, original: Benefit, date: dt.date, decision_number: str, amount: Decimal, overrun_reason: str = ""
) -> Benefit:
    """A new entry that adjusts a recorded benefit by `amount`; the original stays as it was."""
    ensure_same_centre(actor, original)
    refuse_future(date, field="date", message=BENEFIT_IN_FUTURE)
    Project.objects.select_for_update().get(pk=original.project_id)
    if original.corrects_id is not None:
        raise ValidationError(CORRECTION_OF_CORRECTION, code="nested")
    if amount is None or amount == 0:
        raise ValidationError({"amount": CORRECTION_ZERO}, code="amount")
    net = _net_after(original, amount)
    if net < 0:
        raise ValidationError(
            {"amount": ValidationError(CORRECTION_BELOW_ZERO, code="below_zero", params={"net": format_money(net)})}
        )
    version = current_version(original.project)
    lines = list(version.lines.all()) if version else []
    correction = Benefit(
        institution_id=actor.institution_id,
        project=original.project,
        line=original.line,
        participant=original.participant,
        date=date,
        kind=original.kind,
        amount=amount,
        decision_number=decision_number,
        corrects=original,
        recorded_by=getattr(actor, "user", None),
        overrun_reason=(overrun_reason or "").strip(),
    )
    correction.full_clean()
    warnings = _spent_caps(original.project, original.line.category, lines, amount)
    overrun = _check_line_plan(original.project, original.line, amount, correction.overrun_reason, warnings)
    correction.overrun_reason = correction.overrun_reason if overrun else ""
    correction.save()
    comment = " · ".join(filter(None, [f"correction of #{original.pk}", overrun]))
    record(actor=actor, obj=correction, action=HistoryEntry.Action.CREATE, comment=comment)
    correction.cap_warnings = warnings + ([overrun] if overrun else [])  # type: ignore[attr-defined]
    return correction


# --- caps ------------------------------------------------------------------------------------

CAP_FIELDS = ("name", "categories", "limit_percent", "base", "check_planned", "check_spent", "mode")


def _validate_cap(rule: CapRule) -> None:
    valid = set(CostCategory.values)
    if not rule.categories or not set(rule.categories) <= valid:
        raise ValidationError({"categories": CAP_NO_CATEGORIES}, code="categories")
    if not (rule.check_planned or rule.check_spent):
        raise ValidationError(CAP_NOTHING_CHECKED, code="nothing_checked")
    rule.full_clean()


@transaction.atomic
def create_cap(*, actor: Any, project: Project, **values: Any) -> CapRule:
    """Set a cap on a project's cost categories."""
    ensure_same_centre(actor, project)
    rule = CapRule(
        institution_id=actor.institution_id, project=project, **{k: values[k] for k in CAP_FIELDS if k in values}
    )
    _validate_cap(rule)
    rule.save()
    record(actor=actor, obj=rule, action=HistoryEntry.Action.CREATE)
    return rule


@transaction.atomic
def update_cap(*, actor: Any, rule: CapRule, **values: Any) -> CapRule:
    """Change a cap; it applies to later approvals and expenses."""
    ensure_same_centre(actor, rule)
    rule = CapRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule)
    for name in CAP_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    _validate_cap(rule)
    rule.save()
    record(actor=actor, obj=rule, action=HistoryEntry.Action.UPDATE, before=before)
    return rule


__all__ = [
    "FundingSource",
    "add_budget_line",
    "approve_budget_version",
    "cap_message",
    "correct_benefit",
    "correct_expense",
    "create_cap",
    "record_benefit",
    "record_expense",
    "remove_budget_line",
    "start_budget_version",
    "update_budget_line",
    "update_cap",
]
