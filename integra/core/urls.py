from django.urls import path

from integra.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.IntegraLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("switch-centre/", views.switch_centre, name="switch-centre"),
    path("session/ping/", views.session_ping, name="session-ping"),
]
