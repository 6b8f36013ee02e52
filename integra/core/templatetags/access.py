"""`{% if membership|may:"can_view_finance" %}`: menus and in-page links ask the predicates the views ask."""

from __future__ import annotations

from django import template

from integra.core import permissions
from integra.core.accesslog import document_label

register = template.Library()


@register.filter
def may(membership, predicate: str) -> bool:
    """Whether the membership passes the named predicate of integra.core.permissions (an unknown name fails loudly)."""
    if not predicate.startswith(("can_", "is_")):
        raise template.TemplateSyntaxError(f"{predicate!r} is not a predicate of integra.core.permissions")
    return bool(getattr(permissions, predicate)(membership))


@register.filter
def document(entry) -> str:
    """The Polish name of what an access-log entry opened („Karta uczestnika”, „Eksport arkusza uczestników”)."""
    return document_label(entry.what, entry.kind)
