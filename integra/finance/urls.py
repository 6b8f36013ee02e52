from django.urls import path

from integra.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("projects/<int:pk>/", views.budget_status, name="budget-status"),
    path("projects/<int:pk>/budget.xlsx", views.budget_status_xlsx, name="budget-status-xlsx"),
    path("projects/<int:pk>/burn.svg", views.burn_chart, name="burn-chart"),
    path("projects/<int:pk>/claim/", views.claim_summary, name="claim-summary"),
    path("projects/<int:pk>/claim.xlsx", views.claim_summary_xlsx, name="claim-summary-xlsx"),
    path("projects/<int:pk>/versions/", views.version_list, name="version-list"),
    path("projects/<int:pk>/versions/new/", views.version_start, name="version-start"),
    path("versions/<int:pk>/", views.version_detail, name="version-detail"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version-approve"),
    path("versions/<int:pk>/lines/new/", views.line_create, name="line-create"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line-edit"),
    path("lines/<int:pk>/remove/", views.line_remove, name="line-remove"),
    path("projects/<int:pk>/expenses/", views.expense_list, name="expense-list"),
    path("projects/<int:pk>/expenses/new/", views.expense_create, name="expense-create"),
    path("expenses/<int:pk>/correct/", views.expense_correct, name="expense-correct"),
    path("projects/<int:pk>/benefits/", views.benefit_list, name="benefit-list"),
    path("projects/<int:pk>/benefits/new/", views.benefit_create, name="benefit-create"),
    path("benefits/<int:pk>/correct/", views.benefit_correct, name="benefit-correct"),
    path("projects/<int:pk>/caps/", views.cap_list, name="cap-list"),
    path("projects/<int:pk>/caps/new/", views.cap_create, name="cap-create"),
    path("caps/<int:pk>/edit/", views.cap_edit, name="cap-edit"),
]
