from django.urls import path

from integra.projects import letters_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/partners/add/", views.partner_add, name="partner-add"),
    path("<int:pk>/editions/add/", views.edition_add, name="edition-add"),
    path("<int:pk>/letters/", letters_views.project_letters, name="project-letters"),
    path("<int:pk>/letters/<int:template_pk>.pdf", letters_views.letters_pdf, name="letters-pdf"),
    path("<int:pk>/letters/undo/", letters_views.letters_undo, name="letters-undo"),
    path("letter-templates/", letters_views.template_list, name="letter-templates"),
    path("letter-templates/new/", letters_views.template_edit, name="letter-template-create"),
    path("letter-templates/<int:pk>/", letters_views.template_edit, name="letter-template-edit"),
]
