"""What the API's views of every domain share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integra.institutions.models import Membership

NOT_IN_CENTRE = _("No such record in your centre.")
SEARCH_LIMIT = 50
IDEMPOTENCY_HEADER = "Idempotency-Key"
SHEET_SUFFIXES = (".xlsx", ".csv", ".txt")  # as the import screen (integra.outcomes.forms.SheetUploadForm)


def referenced(model: type, pk: int, field: str, membership: Any) -> Any:
    """A row named in the body, of the caller's centre; another centre's row is as unknown as a missing one."""
    found = model.objects.for_membership(membership).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
    return found


def one_of(queryset: Any, pk: int | None, field: str) -> Any:
    """`referenced` over a queryset of its own (the instruments a centre may choose, its active staff)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(NOT_IN_CENTRE, code="does_not_exist")]})
    return found


def staff_of(membership: Any) -> Any:
    """The centre's active staff, as the support forms offer them (integra.support.forms.staff_of)."""
    return Membership.objects.for_membership(membership).filter(is_active=True)


def as_text(raw: str) -> str:
    """A text filter as given, but never a NUL character: PostgreSQL refuses it in any string (a 500 otherwise);
    the view answers 400 `invalid` for the parameter, as for any value its parser refuses."""
    if "\x00" in raw:
        raise ValueError(raw)
    return raw
