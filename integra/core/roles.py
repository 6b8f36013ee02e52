"""Roles and specialties shared by every app (codes are stable: JSON and tests read them)."""

from typing import Any, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    DIRECTOR = "director", _("director")
    COORDINATOR = "coordinator", _("coordinator")
    SOCIAL_WORKER = "social_worker", _("social worker")
    SPECIALIST = "specialist", _("specialist")
    ACCOUNTANT = "accountant", _("accountant")
    AUDITOR = "auditor", _("read-only auditor")
    DPO = "dpo", _("data protection officer")
    REGIONAL_SUPERVISOR = "regional_supervisor", _("regional supervisor")


class Specialty(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    CAREER_ADVISOR = "career_advisor", _("career advisor")
    LAWYER = "lawyer", _("lawyer")
    THERAPIST = "therapist", _("therapist")
    FAMILY_ASSISTANT = "family_assistant", _("family assistant")
    FINANCIAL_ADVISOR = "financial_advisor", _("financial advisor")


# Groups of roles used by the access predicates (integra.core.permissions).
CASE_ROLES = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.SOCIAL_WORKER, Role.SPECIALIST})
STAFF_ROLES = CASE_ROLES | {Role.ACCOUNTANT, Role.AUDITOR}
EDITOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER})
TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.REGIONAL_SUPERVISOR})


class NeedKind(models.TextChoices):
    """Kinds of support a person is assessed as needing (recruitment needs assessment, needs form).

    The specialty codes are shared with `Specialty` so demand and staff can be compared.
    """

    SOCIAL_WORKER = "social_worker", _("social work")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    CAREER_ADVISOR = "career_advisor", _("career advisor")
    LAWYER = "lawyer", _("lawyer")
    THERAPIST = "therapist", _("therapy")
    FAMILY_ASSISTANT = "family_assistant", _("family assistant")
    FINANCIAL_ADVISOR = "financial_advisor", _("financial advice")
    COURSE = "course", _("vocational course")
    INTERNSHIP = "internship", _("internship")


class Acting(Protocol):
    """What core reads of the principal a request acts as (`integra.institutions.models.Membership`, which lives
    above core): its centre, role and specialty. Core's predicates and scoping take this, so core imports no app."""

    pk: Any
    institution_id: int
    role: str
    specialty: str

    @property
    def effective_specialty(self) -> str: ...
