from django.urls import path

from integra.privacy import views

app_name = "privacy"
urlpatterns = [
    path("access-log/", views.access_log, name="access-log"),
    path("consents/", views.consent_list, name="consent-list"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("people/", views.subject_find, name="subject-find"),
    path("people/<int:pk>/", views.subject_detail, name="subject"),
    path("people/<int:pk>/export/", views.subject_export, name="subject-export"),
    path("people/<int:pk>/anonymise/", views.subject_anonymise, name="subject-anonymise"),
]
