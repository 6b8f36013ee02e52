"""Writes of centres: setting up a new centre with its first administrator, adding its staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from integra.core.roles import Role
from integra.institutions.models import Institution, Membership, PopulationYear

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
        slug=slug, name=name.strip(), kind=kind, gmina=gmina.strip(), powiat=powiat.strip(),
        voivodeship=voivodeship.strip(), population=population,
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
        user=user, institution_id=actor.institution_id, role=role, specialty=specialty or "", fte=fte, start_on=start_on,
    )
    membership.full_clean()
    membership.save()
    return membership
