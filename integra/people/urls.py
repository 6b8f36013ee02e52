from django.urls import path

from integra.people import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="participant-list"),
    path("new/", views.participant_create, name="participant-create"),
    path("<int:pk>/", views.participant_detail, name="participant-detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path("<int:pk>/consents/", views.consent_add, name="consent-add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household-edit"),
]
