from django.urls import path

from integra.planning import views

app_name = "planning"
urlpatterns = [
    path("staffing/", views.staffing_view, name="staffing"),
    path("staffing/card/", views.staffing_card, name="staffing-card"),
    path("participants/<int:pk>/needs/", views.participant_needs, name="participant-needs"),
    path("participants/<int:pk>/needs/add/", views.participant_need_add, name="participant-need-add"),
]
urlpatterns += [
    path("diagnosis/", views.diagnosis_view, name="diagnosis"),
    path("diagnosis/pdf/", views.diagnosis_pdf, name="diagnosis-pdf"),
    path("diagnosis/xlsx/", views.diagnosis_xlsx, name="diagnosis-xlsx"),
    path("diagnosis/people/", views.diagnosis_people, name="diagnosis-people"),
]
urlpatterns += [
    path("what-works/", views.whatworks_view, name="what-works"),
    path("what-works/pdf/", views.whatworks_pdf, name="what-works-pdf"),
    path("what-works/project/<int:pk>/", views.whatworks_view, {"kind": "project"}, name="what-works-project"),
    path("what-works/project/<int:pk>/pdf/", views.whatworks_pdf, {"kind": "project"}, name="what-works-project-pdf"),
    path("what-works/club/<int:pk>/", views.whatworks_view, {"kind": "club"}, name="what-works-club"),
    path("what-works/club/<int:pk>/pdf/", views.whatworks_pdf, {"kind": "club"}, name="what-works-club-pdf"),
]
urlpatterns += [
    path("regional/", views.regional_view, name="regional"),
    path("regional/what-works/", views.regional_whatworks, name="regional-what-works"),
]
