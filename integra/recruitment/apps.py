from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "integra.recruitment"
    label = "recruitment"
