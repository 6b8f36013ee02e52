from django.urls import path

from integra.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("projects/<int:pk>/", views.project_outcomes, name="project-outcomes"),
    path("participations/<int:pk>/exit/", views.exit_record, name="exit-record"),
    path("participations/<int:pk>/result/", views.result_record, name="result-record"),
    path("follow-ups/", views.follow_ups_due, name="follow-ups-due"),
    path("follow-ups/<int:pk>/", views.follow_up_record, name="follow-up-record"),
    path("projects/<int:pk>/import/", views.sheet_import, name="sheet-import"),
    path("projects/<int:pk>/export.xlsx", views.sheet_export_xlsx, name="sheet-export-xlsx"),
    path("projects/<int:pk>/export.csv", views.sheet_export_csv, name="sheet-export-csv"),
    path("imports/<int:pk>/", views.sheet_import_report, name="sheet-import-report"),
    path("imports/<int:pk>/apply/", views.sheet_import_apply, name="sheet-import-apply"),
    path("imports/<int:pk>/errors.xlsx", views.sheet_import_errors, name="sheet-import-errors"),
]
