"""Checks of single values that every door of a write shares: the form, the API serializer, the service, the import.

One function per kind of value, so that what a screen accepts the API accepts too and a stored value that one door
let in never blocks a later change made through another (issue 23, point 7).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

EMAIL_INVALID = _("Enter a valid e-mail address.")

# Django's rule: an ASCII local part (what ordinary mail servers deliver to; SMTPUTF8 local parts such as
# „żaneta@…” are refused), a domain that may be internationalised („urząd.pl” is sent as punycode).
_email = EmailValidator(message=EMAIL_INVALID, code="email")


def validate_email_address(value: str) -> None:
    """A contact e-mail address a centre can write to; an empty value is left to the field's `required`."""
    if value:
        _email(value)


def kept_email_address(value: str, stored: str | None) -> bool:
    """Whether `value` is the stored address sent back unchanged (any case, surrounding spaces aside)."""
    return bool(stored) and (value or "").strip().lower() == stored.strip().lower()


def validate_email_change(value: str, stored: str | None = "") -> None:
    """The rule for an address given for a record that already has one: the stored address sent back unchanged
    passes, even if an older rule or an older import let it in (refusing it would block every other change of the
    record, issue 23, point 7); any other address meets `validate_email_address`."""
    if not kept_email_address(value, stored):
        validate_email_address(value)


def is_email_address(value: str) -> bool:
    """Whether `validate_email_address` accepts the value."""
    try:
        validate_email_address(value)
    except ValidationError:
        return False
    return True
