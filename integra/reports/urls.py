from django.urls import path

from integra.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/indicators/", views.project_indicators, name="project-indicators"),
    path("projects/<int:pk>/indicators/people/", views.indicator_people, name="indicator-people"),
    path("projects/<int:pk>/effectiveness/", views.project_effectiveness, name="project-effectiveness"),
    path("projects/<int:pk>/summary/", views.project_summary, name="project-summary"),
    path("projects/<int:pk>/dashboard/", views.project_dashboard, name="project-dashboard"),
    path("centre/dashboard/", views.centre_dashboard, name="centre-dashboard"),
    path("centre/annual/", views.centre_annual, name="centre-annual"),
    path("clubs/<int:pk>/annual/", views.club_annual, name="club-annual"),
    path("regional/", views.regional, name="regional"),
]
