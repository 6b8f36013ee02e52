from django.urls import path

from integra.casework import views

app_name = "casework"
urlpatterns = [
    path("contracts/", views.contract_list, name="contract-list"),
    path("contracts/due/", views.contract_due, name="contract-due"),
    path("contracts/new/", views.contract_create, name="contract-create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/stages/add/", views.stage_add, name="stage-add"),
    path("contracts/<int:pk>/obligations/add/", views.obligation_add, name="obligation-add"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract-sign"),
    path("contracts/<int:pk>/status/", views.contract_status, name="contract-status"),
    path("contracts/<int:pk>/contract.pdf", views.contract_pdf_view, name="contract-pdf"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan-review"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/join/", views.programme_join, name="programme-join"),
    path("participants/<int:pk>/notes/", views.note_list, name="note-list"),
    path("participants/<int:pk>/admit/", views.admit, name="admit"),
]
