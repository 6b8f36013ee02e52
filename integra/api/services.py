"""Writes of the API app: creating and revoking service accounts (tokens)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.api.models import ServiceAccount
from integra.core.history import record
from integra.core.models import HistoryEntry
from integra.core.roles import Role, Specialty
from integra.institutions.models import Membership

TOKEN_PREFIX = "itg_"

NAME_REQUIRED = _("Give the service account a name, e.g. the system that will use it.")
NAME_TAKEN = _("This centre already has a service account with this name.")
UNKNOWN_ROLE = _("Choose one of the listed roles.")
SPECIALIST_NEEDS_SPECIALTY = _("A specialist's token needs the specialty.")
UNKNOWN_SPECIALTY = _("Choose one of the listed specialties.")
EXPIRY_IN_PAST = _("The expiry date has already passed.")
ALREADY_REVOKED = _("This token has already been revoked.")
OTHER_CENTRE = _("This record belongs to another centre.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_service_account(
    *, actor: Any, name: str, role: str, specialty: str = "", expires_on: dt.date | None = None
) -> tuple[ServiceAccount, str]:
    """A token of `role` at the actor's centre; returns the account and the token (shown once, kept hashed)."""
    name = (name or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if not name:
        errors.setdefault("name", []).append(ValidationError(NAME_REQUIRED, code="required"))
    elif ServiceAccount.objects.for_institution(actor.institution_id).filter(name=name).exists():
        errors.setdefault("name", []).append(ValidationError(NAME_TAKEN, code="duplicate"))
    if role not in Role.values:
        errors.setdefault("role", []).append(ValidationError(UNKNOWN_ROLE, code="invalid"))
    if specialty and specialty not in Specialty.values:
        errors.setdefault("specialty", []).append(ValidationError(UNKNOWN_SPECIALTY, code="invalid"))
    if role == Role.SPECIALIST and not specialty:
        errors.setdefault("specialty", []).append(ValidationError(SPECIALIST_NEEDS_SPECIALTY, code="required"))
    if expires_on is not None and expires_on < timezone.localdate():
        errors.setdefault("expires_on", []).append(ValidationError(EXPIRY_IN_PAST, code="past"))
    if errors:
        raise ValidationError(errors)
    token = new_token()
    user = get_user_model()(
        username=f"api-{secrets.token_hex(8)}", first_name=f"API: {name}"[:150], is_active=False
    )
    user.set_unusable_password()
    user.save()
    account = ServiceAccount(
        institution_id=actor.institution_id, name=name, role=role, specialty=specialty if role == Role.SPECIALIST else "",
        user=user, token_hash=hash_token(token), token_prefix=token[: len(TOKEN_PREFIX) + 6], expires_on=expires_on,
        created_by=getattr(actor, "user", None) if getattr(actor, "user_id", None) else None,
    )
    account.full_clean()
    account.save()
    record(actor=actor if getattr(actor, "user_id", None) else None, obj=account, action=HistoryEntry.Action.CREATE,
           after={"name": account.name, "role": account.role, "specialty": account.specialty,
                  "expires_on": expires_on.isoformat() if expires_on else None})
    return account, token


@transaction.atomic
def revoke_service_account(*, actor: Any, account: ServiceAccount) -> ServiceAccount:
    """The token stops working at once; the account stays listed (who used it, when) but cannot be revived."""
    if account.institution_id != actor.institution_id:
        raise ValidationError(OTHER_CENTRE, code="other_centre")
    account = ServiceAccount.objects.select_for_update().get(pk=account.pk)
    if account.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED, code="revoked")
    account.revoked_at = timezone.now()
    account.revoked_by = actor.user if getattr(actor, "user_id", None) else None
    account.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    record(actor=actor if getattr(actor, "user_id", None) else None, obj=account, action=HistoryEntry.Action.STATUS,
           before={"revoked": False}, after={"revoked": True})
    return account


def actor_for(account: ServiceAccount) -> Membership:
    """The membership a token acts as: the same role and specialty at the same centre, never saved.

    Every predicate of integra.core.permissions and every `for_membership` scope takes it unchanged.
    """
    return Membership(
        user=account.user, institution=account.institution, role=account.role, specialty=account.specialty
    )
