"""Test helpers of the API: a token client per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from integra.api.services import create_service_account
from integra.core.roles import Role, Specialty
from integra.institutions.models import Membership


def token_for(institution: Any, role: str, name: str | None = None, expires_on: dt.date | None = None) -> str:
    actor = Membership(institution=institution, role=Role.ADMINISTRATOR)
    specialty = Specialty.PSYCHOLOGIST if role == Role.SPECIALIST else ""
    _account, token = create_service_account(
        actor=actor, name=name or f"test {role}", role=role, specialty=specialty, expires_on=expires_on
    )
    return token


class TokenClient(Client):
    """A Django test client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, token: str, **kwargs: Any):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)

    def json(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        return getattr(self, method)(path, data=data, content_type="application/json", **extra)
