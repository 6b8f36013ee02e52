from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "integra.accounts"
    label = "accounts"
    verbose_name = "Sign-in, two-factor sign-in and lockouts"
