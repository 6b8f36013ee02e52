from django.urls import path

from integra.institutions import views

app_name = "institutions"
urlpatterns = [
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.staff_create, name="staff-create"),
]
