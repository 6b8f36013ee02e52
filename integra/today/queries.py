"""The start page ("Na dziś"): each role's work lists, assembled from the reads of the owning apps.

Every list is one query whatever the centre's size: the owning app's query, its first `TOP` rows and the
count of all of them read together (`Window(Count)`). Links are built only where the role passes the same
predicate the target view asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from integra.casework.queries import DUE_WITHIN_DAYS, contracts_due, plans_due, programmes_ending
from integra.core.permissions import (
    can_edit_participants,
    can_edit_plans,
    can_import_participant_sheet,
    can_manage_finance,
    can_manage_projects,
    can_manage_staff,
    can_mark_attendance,
    can_record_family_visits,
    can_record_results,
    can_record_support,
    can_view_activities,
    can_view_finance,
    can_view_individual_support,
    can_view_participant_record,
    can_view_sensitive,
    is_career_advisor,
    is_dpo,
    is_family_assistant,
)
from integra.core.roles import Role
from integra.core.templatetags.integra import format_money, format_percent
from integra.finance import queries as finance
from integra.institutions.models import Institution, Membership
from integra.outcomes import queries as outcomes
from integra.planning import staffing
from integra.planning.models import StaffingRule
from integra.privacy import queries as privacy
from integra.projects.models import Participation, Project
from integra.projects.queries import projects_for
from integra.recruitment.queries import applications_awaiting_decision
from integra.reports.queries import regional_summary, supervised_centres
from integra.support.queries import families_visited_by, sessions_to_mark

TOP = 10  # items shown per list; the count and the link to all cover the rest


@dataclass
class Item:
    """One thing to do: its date, what it is, and the one click that acts on it (absent when not allowed)."""

    date: dt.date | None
    title: str
    detail: str = ""
    url: str = ""
    action: str = ""
    late: bool = False


@dataclass
class WorkList:
    """A list on the start page: how many, the most urgent `TOP`, where to see all, what to say when empty."""

    key: str
    title: str
    empty: str
    total: int = 0
    items: list[Item] = field(default_factory=list)
    all_url: str = ""
    note: str = ""  # what the list leaves out on purpose and where it is (shown under the items or the empty text)


def first_with_total(queryset: QuerySet, limit: int = TOP) -> tuple[list[Any], int]:
    """The first `limit` rows and the number of all rows, in one query."""
    rows = list(queryset.annotate(list_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].list_total if rows else 0)


def _url(allowed: bool, name: str, *args: Any, query: str = "") -> str:
    if not allowed:
        return ""
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


# ---------------------------------------------------------------- staff working with people


def sessions_list(membership: Any, today: dt.date) -> WorkList:
    """Sessions of this week (and the last two) with attendance still to mark, among those the member runs."""
    rows, total = first_with_total(sessions_to_mark(membership, today))
    items = [
        Item(
            date=s.date,
            title=s.activity.title,
            detail=" · ".join(
                p for p in (f"{s.start_time:%H:%M}", s.room or s.activity.room, str(s.activity.club or "")) if p
            ),
            url=_url(can_record_support(membership) and can_mark_attendance(membership, s), "support:attendance", s.pk),
            action=str(_("Mark attendance")),
            late=s.date < today,
        )
        for s in rows
    ]
    return WorkList(
        key="sessions",
        title=str(_("Attendance to mark")),
        empty=str(_("All attendance is marked.")),
        total=total,
        items=items,
        all_url=_url(can_view_activities(membership), "support:timetable"),
    )


def follow_ups_list(membership: Any, today: dt.date) -> WorkList:
    """Follow-ups due this week and overdue: the situation 28 days after exit, and the 3- and 6-month checks."""
    leaving, n_leaving = first_with_total(outcomes.situations_upon_leaving_due(membership, today))
    due, n_due = first_with_total(outcomes.follow_ups_due_this_week(membership, today))
    # The most recently overdue first: those are the ones still worth a phone call.
    # Only projects still in their follow-up period: a 2012 project's checks are no phone call to make today.
    overdue, n_overdue = first_with_total(
        outcomes.follow_ups_overdue_in_period(membership, today).order_by("-due_on", "-id")
    )
    may_record = can_record_results(membership)
    situation = _("situation 28 days after exit")
    items = [
        Item(
            date=e.exit_on + dt.timedelta(days=outcomes.SITUATION_WINDOW_DAYS),
            title=e.participation.participant.full_name,
            detail=f"{situation} · {e.participation.project.code}",
            url=_url(may_record, "outcomes:result-record", e.participation_id),
            action=str(_("Record the result")),
            late=e.exit_on + dt.timedelta(days=outcomes.SITUATION_WINDOW_DAYS) < today,
        )
        for e in leaving
    ] + [
        Item(
            date=f.due_on,
            title=f.participation.participant.full_name,
            detail=f"{f.get_kind_display()} · {f.participation.project.code}",
            url=_url(may_record, "outcomes:follow-up-record", f.pk),
            action=str(_("Record the follow-up")),
            late=f.due_on < today,
        )
        for f in [*due, *overdue]
    ]
    items.sort(
        key=lambda item: (item.date < outcomes.week_bounds(today)[0], item.date if item.date >= today else today)
    )
    # Said, not hidden: Monitoring (the full screen) still lists them, and a card saying „none is due" above it read
    # as a contradiction.
    older = outcomes.follow_ups_overdue_past_period(membership, today).count()
    note = (
        ngettext(
            "%(n)s older follow-up, of a project past its follow-up period, is still open on the full list.",
            "%(n)s older follow-ups, of projects past their follow-up period, are still open on the full list.",
            older,
        )
        % {"n": older}
        if older
        else ""
    )
    return WorkList(
        key="follow-ups",
        title=str(_("Follow-ups due")),
        empty=str(_("No follow-up is due.")),
        total=n_leaving + n_due + n_overdue,
        items=items[:TOP],
        all_url=_url(may_record, "outcomes:follow-ups-due"),
        note=note,
    )


def answers_list(membership: Any, today: dt.date) -> WorkList:
    """Participants' own answers to a follow-up question (SMS / e-mail link) that await a staff confirmation."""
    rows, total = first_with_total(outcomes.answers_awaiting_confirmation(membership))
    may_record = can_record_results(membership)
    items = [
        Item(
            date=timezone.localdate(f.answered_at) if f.answered_at else f.done_on,
            title=f.participation.participant.full_name,
            detail=f"{f.get_kind_display()} · {f.get_answer_display()} · {f.participation.project.code}",
            url=_url(may_record, "outcomes:follow-up-record", f.pk),
            action=str(_("Confirm the answer")),
        )
        for f in rows
    ]
    return WorkList(
        key="answers",
        title=str(_("Participants' answers to confirm")),
        empty=str(_("No answer awaits confirmation.")),
        total=total,
        items=items,
        all_url="",
    )


def casework_list(membership: Any, today: dt.date) -> WorkList:
    """Social contracts, individual plans (IPD) and local activity programmes (PAL) whose review or end date
    falls within 14 days (overdue reviews included)."""
    sensitive = can_view_sensitive(membership)
    items: list[Item] = []
    total = 0
    career_advisor = is_career_advisor(membership)
    review_label, ends_label = _("review"), _("ends")
    if membership.role in {Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER}:
        contract_label, pal_label = _("social contract"), _("PAL")
        contracts, n = first_with_total(
            contracts_due(membership, today).order_by(Least(Coalesce("next_review_on", "end_on"), "end_on"), "id")
        )
        total += n
        for c in contracts:
            review = c.next_review_on is not None and c.next_review_on <= c.end_on
            when = c.next_review_on if review else c.end_on
            items.append(
                Item(
                    date=when,
                    title=c.participant.full_name,
                    detail=f"{contract_label} {c.number} · {review_label if review else ends_label}",
                    url=_url(sensitive, "casework:contract-detail", c.pk),
                    action=str(_("Open the contract")),
                    late=when < today,
                )
            )
        programmes, n = first_with_total(programmes_ending(membership, today))
        total += n
        items += [
            Item(
                date=p.end_on,
                title=p.title,
                detail=f"{pal_label} · {ends_label}",
                url=_url(sensitive, "casework:programme-detail", p.pk),
                action=str(_("Open the programme")),
            )
            for p in programmes
        ]
    if membership.role in {Role.ADMINISTRATOR, Role.COORDINATOR} or career_advisor:
        plans, n = first_with_total(plans_due(membership, today))
        total += n
        ipd_label = _("IPD")
        for plan in plans:
            review = plan.next_review_on is not None and plan.next_review_on <= plan.end_on
            when = plan.next_review_on if review else plan.end_on
            items.append(
                Item(
                    date=when,
                    title=plan.participant.full_name,
                    detail=f"{ipd_label} · {review_label if review else ends_label}",
                    url=_url(can_edit_plans(membership), "casework:plan-review", plan.pk)
                    or _url(sensitive, "casework:plan-detail", plan.pk),
                    action=str(_("Review the plan")) if can_edit_plans(membership) else str(_("Open the plan")),
                    late=when < today,
                )
            )
    items.sort(key=lambda item: item.date)
    return WorkList(
        key="casework",
        title=ngettext(
            "Contracts, IPD and PAL within %(days)s day", "Contracts, IPD and PAL within %(days)s days", DUE_WITHIN_DAYS
        )
        % {"days": DUE_WITHIN_DAYS},
        empty=str(
            ngettext(
                "No contract, plan or programme needs a review or ends within %(days)s day.",
                "No contract, plan or programme needs a review or ends within %(days)s days.",
                DUE_WITHIN_DAYS,
            )
            % {"days": DUE_WITHIN_DAYS}
        ),
        total=total,
        items=items[:TOP],
        all_url=_url(sensitive, "casework:plan-list" if career_advisor else "casework:contract-due"),
    )


def applications_list(membership: Any, today: dt.date) -> WorkList:
    """Recruitment applications awaiting a decision, those of the call closing first at the top."""
    rows, total = first_with_total(applications_awaiting_decision(membership))
    sensitive = can_view_sensitive(membership)
    applied_on = _("applied on")
    items = [
        Item(
            date=a.call.closes_on,
            title=a.participant.full_name,
            detail=f"{a.call.title} · {applied_on} {a.applied_on:%d.%m.%Y}",
            url=_url(sensitive, "recruitment:application-detail", a.pk),
            action=str(_("Open the application")),
        )
        for a in rows
    ]
    return WorkList(
        key="applications",
        title=str(_("Applications awaiting a decision")),
        empty=str(_("Every application has a decision.")),
        total=total,
        items=items,
        all_url=_url(sensitive, "recruitment:call-list"),
    )


def sheet_gaps_list(membership: Any, today: dt.date) -> WorkList:
    """Participants of running projects whose data the participant sheet requires is incomplete."""
    rows, total = first_with_total(outcomes.participations_incomplete_for_sheet(membership, today))
    edit = can_edit_participants(membership)
    missing = _("missing")
    items = [
        Item(
            date=p.start_on,
            title=p.participant.full_name,
            detail=f"{p.project.code} · {missing}: {', '.join(outcomes.missing_sheet_fields(p))}",
            url=_url(edit, "people:participant-edit", p.participant_id)
            or _url(can_view_participant_record(membership), "people:participant-detail", p.participant_id),
            action=str(_("Complete the data")) if edit else str(_("Open")),
        )
        for p in rows
    ]
    return WorkList(
        key="sheet-gaps",
        title=str(_("Data missing for the participant sheet")),
        empty=str(_("Every participant of the running projects has what the sheet requires.")),
        total=total,
        items=items,
        all_url=_url(can_view_participant_record(membership), "today:sheet-gaps"),
    )


def family_visits_list(membership: Any, today: dt.date) -> WorkList:
    """The families a family assistant visits, the one longest without a visit first."""
    rows, total = first_with_total(families_visited_by(membership))
    may_record = can_record_family_visits(membership)
    items = [
        Item(
            date=h.last_visit,
            title=h.name,
            detail=str(_("last visit")),
            url=_url(may_record, "support:visit-create", query=f"household={h.pk}"),
            action=str(_("Record a visit")),
        )
        for h in rows
    ]
    return WorkList(
        key="family-visits",
        title=str(_("Families you visit")),
        empty=str(_("No visit recorded yet: record the first one under Support → Family assistant visits.")),
        total=total,
        items=items,
        all_url=_url(can_view_individual_support(membership), "support:visit-list"),
    )


def casework_lists(membership: Any, today: dt.date) -> list[WorkList]:
    """The coordinator's, social worker's and specialist's lists, as far as the role may act on them."""
    lists = [sessions_list(membership, today)]
    if can_record_results(membership):
        lists.append(follow_ups_list(membership, today))
        lists.append(answers_list(membership, today))
    if membership.role != Role.SPECIALIST or is_career_advisor(membership):
        lists.append(casework_list(membership, today))
    if is_family_assistant(membership):
        lists.append(family_visits_list(membership, today))
    lists.append(applications_list(membership, today))
    lists.append(sheet_gaps_list(membership, today))
    return lists


# ---------------------------------------------------------------- accountant


def accountant_lists(membership: Any, today: dt.date) -> list[WorkList]:
    """Budget lines at ≥ 90 % of plan, caps close to breach, expenses not assigned, the next payment claim."""
    projects = list(
        Project.objects.for_membership(membership)
        .filter(start_on__lte=today, end_on__gte=today)
        .order_by("end_on", "code")
    )
    statuses = finance.budget_statuses(projects)
    manage = can_manage_finance(membership)
    view = can_view_finance(membership)
    lines = sorted(
        ((status, row) for status in statuses.values() for row in finance.lines_near_plan(status)),
        key=lambda pair: -(pair[1].used_percent or Decimal(0)),
    )
    used, left = _("used"), _("left")
    line_items = [
        Item(
            date=None,
            title=f"{row.line.number} {row.line.name}",
            detail=f"{status.project.code} · {used} {_pct(row.used_percent)} · {left} {_money(row.remaining.total)}",
            url=_url(view, "finance:budget-status", status.project.pk),
            action=str(_("Open the budget")),
        )
        for status, row in lines
    ]
    caps = finance.caps_near_limit(projects, statuses)
    planned, spent, limit_label = pgettext("budget", "planned"), _("spent"), _("limit")
    cap_items = [
        Item(
            date=None,
            title=check.rule.name,
            detail=f"{check.rule.project.code} · {planned if check.kind == 'planned' else spent} "
            f"{_pct(check.share)} / {limit_label} {_pct(check.rule.limit_percent)}",
            url=_url(view, "finance:cap-list", check.rule.project_id),
            action=str(_("Open the caps")),
            late=check.broken,
        )
        for check in caps
    ]
    unassigned, n_unassigned = first_with_total(finance.expenses_without_activity(membership, today))
    expense_items = [
        Item(
            date=e.date,
            title=f"{e.document_number} · {e.contractor}",
            detail=f"{e.project.code} · {e.line.number} {e.line.name} · {_money(e.amount)}",
            url=_url(view, "finance:expense-list", e.project_id),
            action=str(_("Open the expenses")),
        )
        for e in unassigned
    ]
    claims = finance.next_claim_periods(projects, today)
    file_by, entries_label = _("file the claim by the date shown"), _("entries in the period")
    claim_items = [
        Item(
            date=period.file_by,
            title=f"{period.project.code} · {period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}",
            detail=f"{file_by} · {entries_label}: {period.entries} · {_money(period.amount)}",
            url=_url(
                view,
                "finance:claim-summary",
                period.project.pk,
                query=f"start={period.start.isoformat()}&end={period.end.isoformat()}",
            ),
            action=str(_("Prepare the claim")),
        )
        for period in claims
    ]
    all_budgets = _url(view, "finance:project-list")
    return [
        # "90 %" is never %-formatted: keep xgettext from flagging these two python-format.
        # xgettext:no-python-format
        WorkList(
            key="budget-lines",
            title=str(_("Budget lines at 90 % of plan or more")),
            # xgettext:no-python-format
            empty=str(_("Every budget line is below 90 % of its plan.")),
            total=len(line_items),
            items=line_items[:TOP],
            all_url=all_budgets,
        ),
        WorkList(
            key="caps",
            title=str(_("Caps close to breach")),
            empty=str(_("Every cap is well within its limit.")),
            total=len(cap_items),
            items=cap_items[:TOP],
            all_url=all_budgets,
        ),
        WorkList(
            key="unassigned-expenses",
            title=str(_("Support expenses not assigned to an activity")),
            empty=str(_("Every support expense is assigned to an activity.")),
            total=n_unassigned,
            items=expense_items,
            all_url=_url(manage or view, "today:unassigned-expenses"),
        ),
        WorkList(
            key="claims",
            title=str(_("Next payment-claim period")),
            empty=str(_("No project is running.")),
            total=len(claim_items),
            items=claim_items[:TOP],
            all_url=all_budgets,
        ),
    ]


# ---------------------------------------------------------------- director and auditor


@dataclass
class ProjectRow:
    project: Any
    participants: int
    women: int
    jobs: int
    budget: Any


def project_rows(membership: Any, today: dt.date) -> list[ProjectRow]:
    """Each running project against its targets (participants, women, jobs) with its budget burn (fixed queries)."""
    projects = list(projects_for(membership).filter(start_on__lte=today, end_on__gte=today))
    statuses = finance.budget_statuses(projects)
    jobs = outcomes.jobs_by_project([p.pk for p in projects])
    return [
        ProjectRow(
            project=p,
            participants=p.participant_count,
            women=p.women_count,
            jobs=jobs.get(p.pk, 0),
            budget=statuses[p.pk],
        )
        for p in projects
    ]


def staffing_today(membership: Any, today: dt.date) -> Any:
    """The staffing standard today, or None when no rule is in force."""
    try:
        return staffing.evaluate(membership.institution, today)
    except StaffingRule.DoesNotExist:
        return None


# ---------------------------------------------------------------- data protection officer


def dpo_lists(membership: Any, today: dt.date) -> list[WorkList]:
    """Consents ending soon and withdrawn lately, people due for anonymisation, accounts that opened unusually
    many pages."""
    window = settings.INTEGRA_CONSENT_EXPIRY_WARNING_DAYS
    expiring, n_expiring = first_with_total(privacy.consents_expiring(membership, today))
    expiring_items = [
        Item(
            date=c.valid_until,
            title=c.participant.full_name,
            detail=f"{c.get_purpose_display()} · " + str(_("given on %(date)s") % {"date": f"{c.given_on:%d.%m.%Y}"}),
            url=_url(is_dpo(membership), "privacy:subject", c.participant_id),
            action=str(_("Open the person")),
        )
        for c in expiring
    ]
    withdrawn, n_withdrawn = first_with_total(
        privacy.consents_withdrawn_since(membership, today - dt.timedelta(days=30))
    )
    withdrawn_items = [
        Item(
            date=c.withdrawn_on,
            title=c.participant.full_name,
            detail=c.get_purpose_display(),
            url=_url(is_dpo(membership), "privacy:subject", c.participant_id),
            action=str(_("Open the person")),
        )
        for c in withdrawn
    ]
    due, n_due = first_with_total(privacy.due_for_anonymisation(membership, today))
    person_no = _("person no.")
    due_items = [
        Item(
            date=None,
            title=f"{person_no} {p.pk}",
            detail=str(_("retention period over")),
            url=_url(is_dpo(membership), "privacy:subject", p.pk),
            action=str(_("Open the person")),
        )
        for p in due
    ]
    limit = settings.INTEGRA_UNUSUAL_ACCESS_PER_DAY
    unusual = list(privacy.unusual_access(membership, today, limit=limit))
    users = get_user_model().objects.in_bulk([row["user"] for row in unusual[:TOP]])
    unusual_items = [
        Item(
            date=row["day"],
            title=users[row["user"]].get_full_name() or users[row["user"]].get_username(),
            detail=str(
                _("%(pages)s participant pages opened (limit %(limit)s)") % {"pages": row["pages"], "limit": limit}
            ),
            url=_url(
                is_dpo(membership),
                "privacy:access-log",
                query=f"user={row['user']}&date_from={row['day'].isoformat()}&date_to={row['day'].isoformat()}",
            ),
            action=str(_("Open the access log")),
        )
        for row in unusual[:TOP]
    ]
    n_unusual = len(unusual)
    return [
        WorkList(
            key="consents-expiring",
            title=ngettext("Consents ending within %(days)s day", "Consents ending within %(days)s days", window)
            % {"days": window},
            empty=ngettext("No consent ends within %(days)s day.", "No consent ends within %(days)s days.", window)
            % {"days": window},
            total=n_expiring,
            items=expiring_items,
            all_url=_url(is_dpo(membership), "privacy:consent-list", query="withdrawn=expiring"),
        ),
        WorkList(
            key="consents-withdrawn",
            title=str(_("Consents withdrawn in the last 30 days")),
            empty=str(_("No consent was withdrawn in the last 30 days.")),
            total=n_withdrawn,
            items=withdrawn_items,
            all_url=_url(is_dpo(membership), "privacy:consent-list", query="withdrawn=yes"),
        ),
        WorkList(
            key="anonymisation",
            title=str(_("People due for anonymisation")),
            empty=str(_("Nobody's retention period is over.")),
            total=n_due,
            items=due_items,
            all_url=_url(is_dpo(membership), "today:anonymisation-due"),
        ),
        WorkList(
            key="unusual-access",
            title=str(_("Unusual access in the last 7 days")),
            empty=ngettext(
                "No account opened more than %(limit)s participant page in a day.",
                "No account opened more than %(limit)s participant pages in a day.",
                limit,
            )
            % {"limit": limit},
            total=n_unusual,
            items=unusual_items,
            all_url=_url(is_dpo(membership), "privacy:access-log"),
        ),
    ]


# ---------------------------------------------------------------- regional supervisor


def regional_overview(membership: Any, today: dt.date) -> dict[str, Any] | None:
    """Each supervised centre's headline figures this year, counts below 3 suppressed (the regional summary)."""
    region = membership.institution
    if not supervised_centres(region).exists():
        return None
    return regional_summary(region, today.year)


# ---------------------------------------------------------------- a new centre


@dataclass
class SetupStep:
    title: str
    done: bool
    url: str
    action: str
    hint: str = ""


def setup_steps(membership: Any) -> list[SetupStep] | None:
    """What a new centre does first: create a project, import a participant sheet into it, add staff — for the
    administrator and the coordinator, each step linked where the role may take it. Read in one query; None once
    all three are done (the work then lives in the normal screens)."""
    centre = membership.institution_id
    first_project = Project.objects.filter(institution_id=centre).order_by("start_on", "pk").values("pk")[:1]
    state = (
        Institution.objects.filter(pk=centre)
        .annotate(
            project=Subquery(first_project),
            has_participants=Exists(Participation.objects.filter(institution_id=centre)),
            has_staff=Exists(Membership.objects.filter(institution_id=centre).exclude(pk=membership.pk)),
        )
        .values("project", "has_participants", "has_staff")
        .get()
    )
    project = state["project"]
    if project and state["has_participants"] and state["has_staff"]:
        return None
    may_import = can_import_participant_sheet(membership)
    return [
        SetupStep(
            title=str(_("Create the first project")),
            done=bool(project),
            url=_url(can_manage_projects(membership), "projects:project-create"),
            action=str(_("Create a project")),
            hint=str(_("its programme codes, period and targets")),
        ),
        SetupStep(
            title=str(_("Import the participant sheet")),
            done=state["has_participants"],
            url=_url(may_import and bool(project), "outcomes:sheet-import", project),
            action=str(_("Import a sheet")),
            hint=str(_("possible once the project exists: the sheet is imported into a project"))
            if may_import and not project
            else "",
        ),
        SetupStep(
            title=str(_("Add the staff")),
            done=state["has_staff"],
            url=_url(can_manage_staff(membership), "institutions:staff-create"),
            action=str(_("Add a staff member")),
            hint=str(_("social workers, specialists, the accountant"))
            if can_manage_staff(membership)
            else str(_("the centre's administrator adds them")),
        ),
    ]


def _pct(value: Decimal | None) -> str:
    return format_percent(value) if value is not None else "—"


def _money(value: Decimal | None) -> str:
    return format_money(value)
