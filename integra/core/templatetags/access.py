"""`{% if membership|may:"can_view_finance" %}`, `{% may_for membership "can_mark_attendance" session as ok %}`:
menus and in-page links ask the predicates the views ask."""

from __future__ import annotations

from django import template

from integra.core import permissions
from integra.core.accesslog import document_label

register = template.Library()


@register.filter
def may(membership, predicate: str) -> bool:
    """Whether the membership passes the named predicate of integra.core.permissions (an unknown name fails loudly)."""
    return bool(_predicate(predicate)(membership))


@register.simple_tag
def may_for(membership, predicate: str, obj) -> bool:
    """Whether the membership passes a predicate about one object (`can_mark_attendance(membership, session)`):
    a link to a row's screen is shown only to those its view lets in."""
    return bool(_predicate(predicate)(membership, obj))


def _predicate(name: str):
    if not name.startswith(("can_", "is_")):
        raise template.TemplateSyntaxError(f"{name!r} is not a predicate of integra.core.permissions")
    return getattr(permissions, name)


@register.filter
def document(entry) -> str:
    """The Polish name of what an access-log entry opened („Karta uczestnika”, „Eksport arkusza uczestników”)."""
    return document_label(entry.what, entry.kind)
