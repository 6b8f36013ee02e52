from django.urls import path

from integra.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.call_list, name="call-list"),
    path("new/", views.call_create, name="call-create"),
    path("<int:pk>/", views.call_detail, name="call-detail"),
    path("<int:pk>/criteria/add/", views.criterion_add, name="criterion-add"),
    path("<int:pk>/applications/add/", views.application_create, name="application-create"),
    path("<int:pk>/qualify/", views.call_qualify, name="call-qualify"),
    path("<int:pk>/capacity/", views.call_capacity, name="call-capacity"),
    path("<int:pk>/ranking.pdf", views.ranking_pdf_view, name="ranking-pdf"),
    path("<int:pk>/committee-record.pdf", views.committee_pdf_view, name="committee-pdf"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/score/", views.score_award, name="score-award"),
    path("applications/<int:pk>/tie-break/", views.tie_break, name="tie-break"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
]
