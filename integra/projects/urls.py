from django.urls import path

from integra.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/partners/add/", views.partner_add, name="partner-add"),
    path("<int:pk>/editions/add/", views.edition_add, name="edition-add"),
]
