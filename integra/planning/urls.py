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
