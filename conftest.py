"""Personas shared by every test: centre A's staff in each role, and centre B's outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import (
    TEST_PASSWORD,
    InstitutionFactory,
    MembershipFactory,
    UserFactory,
)
from integra.core.testing.otp import verified_login


@dataclass
class Persona:
    membership: object
    client: Client

    @property
    def user(self):
        return self.membership.user

    @property
    def institution(self):
        return self.membership.institution


def _persona(institution, role: str, username: str, specialty: str = "") -> Persona:
    user = UserFactory(username=username, first_name=username.capitalize(), last_name="Testowa")
    membership = MembershipFactory(user=user, institution=institution, role=role, specialty=specialty)
    client = Client()
    verified_login(client, user)  # 2FA-required roles would otherwise be sent to enrolment
    return Persona(membership=membership, client=client)


@pytest.fixture
def centre_a(db):
    return InstitutionFactory(slug="centre-a", name="MOPS Leżajsk", gmina="Leżajsk")


@pytest.fixture
def centre_b(db):
    return InstitutionFactory(slug="centre-b", name="MOPS Oświęcim", gmina="Oświęcim")


@pytest.fixture
def coordinator(centre_a) -> Persona:
    return _persona(centre_a, Role.COORDINATOR, "koordynator")


@pytest.fixture
def social_worker(centre_a) -> Persona:
    return _persona(centre_a, Role.SOCIAL_WORKER, "pracownik", Specialty.SOCIAL_WORKER)


@pytest.fixture
def specialist(centre_a) -> Persona:
    return _persona(centre_a, Role.SPECIALIST, "psycholog", Specialty.PSYCHOLOGIST)


@pytest.fixture
def accountant(centre_a) -> Persona:
    return _persona(centre_a, Role.ACCOUNTANT, "ksiegowa")


@pytest.fixture
def director(centre_a) -> Persona:
    return _persona(centre_a, Role.DIRECTOR, "dyrektor")


@pytest.fixture
def administrator(centre_a) -> Persona:
    return _persona(centre_a, Role.ADMINISTRATOR, "admin")


@pytest.fixture
def auditor(centre_a) -> Persona:
    return _persona(centre_a, Role.AUDITOR, "audytor")


@pytest.fixture
def dpo(centre_a) -> Persona:
    return _persona(centre_a, Role.DPO, "iod")


@pytest.fixture
def outsider(centre_b) -> Persona:
    """Centre B's social worker: must get 404 for every object of centre A."""
    return _persona(centre_b, Role.SOCIAL_WORKER, "obcy", Specialty.SOCIAL_WORKER)


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD
