"""API v1 resources: thin views over the apps' queries and services (the same ones the screens call).

One module per domain; this package names them all, as `integra.api.urls` and the views read them."""

from integra.api.views.casework import ContractViewSet, PlanViewSet
from integra.api.views.common import (
    IDEMPOTENCY_HEADER,
    NOT_IN_CENTRE,
    SEARCH_LIMIT,
    SHEET_SUFFIXES,
    as_text,
    one_of,
    referenced,
    staff_of,
)
from integra.api.views.consents import ConsentViewSet, MessageViewSet
from integra.api.views.finance import BudgetVersionViewSet, ExpenseViewSet
from integra.api.views.jobs import JobViewSet
from integra.api.views.outcomes import ExitViewSet, FollowUpViewSet, ResultViewSet
from integra.api.views.people import HouseholdViewSet, ParticipantViewSet
from integra.api.views.projects import ParticipationViewSet, ProjectViewSet
from integra.api.views.recruitment import ApplicationViewSet, DecisionViewSet
from integra.api.views.sheets import SheetImportViewSet
from integra.api.views.support import ActivityViewSet, EnrolmentViewSet, SessionViewSet

__all__ = [
    "IDEMPOTENCY_HEADER",
    "NOT_IN_CENTRE",
    "SEARCH_LIMIT",
    "SHEET_SUFFIXES",
    "ActivityViewSet",
    "ApplicationViewSet",
    "BudgetVersionViewSet",
    "ConsentViewSet",
    "ContractViewSet",
    "DecisionViewSet",
    "EnrolmentViewSet",
    "ExitViewSet",
    "ExpenseViewSet",
    "FollowUpViewSet",
    "HouseholdViewSet",
    "JobViewSet",
    "MessageViewSet",
    "ParticipantViewSet",
    "ParticipationViewSet",
    "PlanViewSet",
    "ProjectViewSet",
    "ResultViewSet",
    "SessionViewSet",
    "SheetImportViewSet",
    "as_text",
    "one_of",
    "referenced",
    "staff_of",
]
