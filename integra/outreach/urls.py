from django.urls import path

from integra.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("settings/", views.settings_edit, name="settings"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:purpose>/<str:channel>/", views.template_edit, name="template-edit"),
    # Public: the participant's own links (signed, no sign-in) and the SMS gateway's callbacks (a secret path).
    path("m/<str:token>/", views.answer, name="answer"),
    path("stop/<str:token>/", views.stop, name="stop"),
    path("callbacks/<str:secret>/sms-status/", views.sms_status, name="sms-status"),
    path("callbacks/<str:secret>/sms-inbound/", views.sms_inbound, name="sms-inbound"),
]
