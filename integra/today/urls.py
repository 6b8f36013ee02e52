from django.urls import path

from integra.today import views

app_name = "today"
urlpatterns = [
    path("", views.start, name="start"),
    path("today/sheet-gaps/", views.sheet_gaps, name="sheet-gaps"),
    path("today/unassigned-expenses/", views.unassigned_expenses, name="unassigned-expenses"),
    path("today/anonymisation-due/", views.anonymisation_due, name="anonymisation-due"),
]
