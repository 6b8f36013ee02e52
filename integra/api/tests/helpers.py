"""Test helpers of the API: a token client per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from integra.core.roles import Role
from integra.core.testing.authz import role_and_specialty
from integra.institutions.models import Membership
from integra.institutions.services import create_service_account


def token_for(institution: Any, role: str, name: str | None = None, expires_on: dt.date | None = None) -> str:
    """A token of the role (a key of the authorisation matrix: "career_advisor" is a specialist too)."""
    actor = Membership(institution=institution, role=Role.ADMINISTRATOR)
    name = name or f"test {role}"
    role, specialty = role_and_specialty(role)
    _account, token = create_service_account(
        actor=actor, name=name, role=role, specialty=specialty, expires_on=expires_on
    )
    return token


class TokenClient(Client):
    """A Django test client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, token: str, **kwargs: Any):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)

    def json(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        return getattr(self, method)(path, data=data, content_type="application/json", **extra)
