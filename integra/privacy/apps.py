from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "integra.privacy"
    label = "privacy"
