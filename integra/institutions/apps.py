from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "integra.institutions"
    label = "institutions"
    verbose_name = "Centres, clubs, partners and staff"
