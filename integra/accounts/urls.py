from django.urls import path

from integra.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.IntegraLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("switch-centre/", views.switch_centre, name="switch-centre"),
    path("session/ping/", views.session_ping, name="session-ping"),
    path("account/two-factor/", views.two_factor, name="two-factor"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/recovery-codes/", views.two_factor_recovery, name="two-factor-recovery"),
    path("account/two-factor/disable/", views.two_factor_disable, name="two-factor-disable"),
    path("centre/lockouts/", views.unlock_list, name="unlock-list"),
    path("centre/lockouts/unlock/", views.unlock, name="unlock"),
]
