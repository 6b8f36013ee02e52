"""Writes of centres: setting up a new centre with its first administrator, adding its staff, and the API service
accounts (tokens) another system acts as."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from integra.core.history import record
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.core.roles import Role, Specialty
from integra.institutions.models import Institution, Membership, PopulationYear, ServiceAccount

DUPLICATE_SLUG = _("A centre with the short name “%(slug)s” already exists.")
BAD_SLUG = _("The short name may contain only lower-case letters, digits and hyphens.")
DUPLICATE_USERNAME = _("The user “%(username)s” already exists; choose another administrator username.")
BAD_POPULATION = _("The population must be a positive number.")
BAD_KIND = _("Unknown kind of centre.")
REQUIRED = _("This field is required.")


@transaction.atomic
def create_centre(
    *,
    slug: str,
    name: str,
    kind: str,
    gmina: str,
    powiat: str,
    voivodeship: str,
    population: int,
    admin_username: str,
    admin_password: str,
    year: int | None = None,
) -> Membership:
    """Create a centre, its population for the current year and its first administrator."""
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message, **params) -> None:
        errors.setdefault(field, []).append(ValidationError(message, params=params or None))

    for field, value in (("name", name), ("gmina", gmina), ("powiat", powiat), ("voivodeship", voivodeship)):
        if not (value or "").strip():
            refuse(field, REQUIRED)
    if not slug or slugify(slug) != slug:
        refuse("slug", BAD_SLUG)
    elif Institution.objects.filter(slug=slug).exists():
        refuse("slug", DUPLICATE_SLUG, slug=slug)
    if kind not in Institution.Kind.values:
        refuse("kind", BAD_KIND)
    if population is None or population <= 0:
        refuse("population", BAD_POPULATION)
    user_model = get_user_model()
    if not admin_username:
        refuse("admin_username", REQUIRED)
    elif user_model.objects.filter(username=admin_username).exists():
        refuse("admin_username", DUPLICATE_USERNAME, username=admin_username)
    try:
        validate_password(admin_password, user_model(username=admin_username))
    except ValidationError as exc:
        errors.setdefault("admin_password", []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)

    centre = Institution(
        slug=slug,
        name=name.strip(),
        kind=kind,
        gmina=gmina.strip(),
        powiat=powiat.strip(),
        voivodeship=voivodeship.strip(),
        population=population,
    )
    centre.full_clean()
    centre.save()
    PopulationYear.objects.create(institution=centre, year=year or timezone.localdate().year, population=population)
    user = user_model(username=admin_username)
    user.set_password(admin_password)
    user.full_clean(exclude=["password"])
    user.save()
    return Membership.objects.create(user=user, institution=centre, role=Role.ADMINISTRATOR)


CENTRE_STAFF_ROLES = tuple(r for r in Role if r != Role.REGIONAL_SUPERVISOR)
BAD_ROLE = _("This role cannot be given in a centre.")
SPECIALTY_REQUIRED = _("A specialist needs a specialty.")
BAD_FTE = _("The FTE must be between 0,01 and 1,00.")


@transaction.atomic
def add_staff_member(
    *,
    actor: Membership,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    role: str,
    specialty: str = "",
    fte: Decimal = Decimal("1.00"),
    start_on: dt.date | None = None,
) -> Membership:
    """Give a new staff member an account and a role in the actor's centre (the administrator's "add staff")."""
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message, **params) -> None:
        errors.setdefault(field, []).append(ValidationError(message, params=params or None))

    for field, value in (("username", username), ("first_name", first_name), ("last_name", last_name)):
        if not (value or "").strip():
            refuse(field, REQUIRED)
    user_model = get_user_model()
    if username and user_model.objects.filter(username=username).exists():
        refuse("username", DUPLICATE_USERNAME, username=username)
    if role not in CENTRE_STAFF_ROLES:
        refuse("role", BAD_ROLE)
    if role == Role.SPECIALIST and not specialty:
        refuse("specialty", SPECIALTY_REQUIRED)
    if fte is None or not Decimal("0.01") <= fte <= Decimal("1.00"):
        refuse("fte", BAD_FTE)
    try:
        validate_password(password, user_model(username=username, first_name=first_name, last_name=last_name))
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    user = user_model(username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership(
        user=user,
        institution_id=actor.institution_id,
        role=role,
        specialty=specialty or "",
        fte=fte,
        start_on=start_on,
    )
    membership.full_clean()
    membership.save()
    return membership


# --- API service accounts ------------------------------------------------------------------------------

TOKEN_PREFIX = "itg_"
NAME_REQUIRED = _("Give the service account a name, e.g. the system that will use it.")
NAME_TAKEN = _("This centre already has a service account with this name.")
UNKNOWN_ROLE = _("Choose one of the listed roles.")
SPECIALIST_NEEDS_SPECIALTY = _("A specialist's token needs the specialty.")
UNKNOWN_SPECIALTY = _("Choose one of the listed specialties.")
EXPIRY_IN_PAST = _("The expiry date has already passed.")
ALREADY_REVOKED = _("This token has already been revoked.")


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
    user = get_user_model()(username=f"api-{secrets.token_hex(8)}", first_name=f"API: {name}"[:150], is_active=False)
    user.set_unusable_password()
    user.save()
    account = ServiceAccount(
        institution_id=actor.institution_id,
        name=name,
        role=role,
        specialty=specialty if role == Role.SPECIALIST else "",
        user=user,
        token_hash=hash_token(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 6],
        expires_on=expires_on,
        created_by=getattr(actor, "user", None) if getattr(actor, "user_id", None) else None,
    )
    account.full_clean()
    account.save()
    record(
        actor=actor if getattr(actor, "user_id", None) else None,
        obj=account,
        action=HistoryEntry.Action.CREATE,
        after={
            "name": account.name,
            "role": account.role,
            "specialty": account.specialty,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return account, token


@transaction.atomic
def revoke_service_account(*, actor: Any, account: ServiceAccount) -> ServiceAccount:
    """The token stops working at once; the account stays listed (who used it, when) but cannot be revived."""
    ensure_same_centre(actor, account)
    account = ServiceAccount.objects.select_for_update().get(pk=account.pk)
    if account.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED, code="revoked")
    account.revoked_at = timezone.now()
    account.revoked_by = actor.user if getattr(actor, "user_id", None) else None
    account.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    record(
        actor=actor if getattr(actor, "user_id", None) else None,
        obj=account,
        action=HistoryEntry.Action.STATUS,
        before={"revoked": False},
        after={"revoked": True},
    )
    return account


def actor_for(account: ServiceAccount) -> Membership:
    """The membership a token acts as: the same role and specialty at the same centre, never saved.

    Every predicate of integra.core.permissions and every `for_membership` scope takes it unchanged.
    """
    return Membership(
        user=account.user, institution=account.institution, role=account.role, specialty=account.specialty
    )
