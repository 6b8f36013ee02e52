"""API v1 under /api/v1/. Light on purpose: report modules load only when a report is asked for."""

from django.urls import include, path, re_path, register_converter
from rest_framework.routers import SimpleRouter

from integra.api import screens, views
from integra.api.docs import DocsView, SchemaView, not_found
from integra.api.reports import REPORTS, report_view

app_name = "api"


class IdConverter:
    """A row id: 1 to 18 digits (anything longer cannot be an id; the catch-all below answers 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "api_id")

router = SimpleRouter(use_regex_path=False)
router.register("participants", views.ParticipantViewSet, basename="participant")
router.register("households", views.HouseholdViewSet, basename="household")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("participations", views.ParticipationViewSet, basename="participation")
router.register("recruitment/applications", views.ApplicationViewSet, basename="application")
router.register("recruitment/decisions", views.DecisionViewSet, basename="decision")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("exits", views.ExitViewSet, basename="exit")
router.register("results", views.ResultViewSet, basename="result")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")
router.register("consents", views.ConsentViewSet, basename="consent")
router.register("messages", views.MessageViewSet, basename="message")
router.register("budget-versions", views.BudgetVersionViewSet, basename="budget-version")
router.register("expenses", views.ExpenseViewSet, basename="expense")
router.register("imports/participant-sheet", views.SheetImportViewSet, basename="sheet-import")
router.register("jobs", views.JobViewSet, basename="job")

urlpatterns = [
    path("accounts/", screens.account_list, name="account-list"),
    path("accounts/<int:pk>/revoke/", screens.account_revoke, name="account-revoke"),
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/docs/", DocsView.as_view(), name="docs"),
    *[path(f"v1/reports/{name}/", report_view(name), name=f"report-{name}") for name in REPORTS],
    path("v1/", include(router.urls)),
    re_path(r"^v1/", not_found, name="not-found"),  # anything else under v1: 404 in the API's error shape
]
