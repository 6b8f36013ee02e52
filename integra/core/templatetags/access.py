"""`{% if membership|may:"can_view_finance" %}`, `{% may_for membership "can_mark_attendance" session as ok %}`:
menus and in-page links ask the predicates the views ask."""

from __future__ import annotations

from django import template

from integra.core import permissions
from integra.core.accesslog import document_label
from integra.core.drawn import Drawn

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


# Rendered menus of this process by what they depend on (site_menu).
_MENUS = Drawn(2000)


@register.simple_tag(takes_context=True)
def site_menu(context) -> str:
    """The main menu (`_nav.html` and each app's `_nav.html` fragment), drawn once per process for each reader
    and language instead of on every page: its 13 fragments, 27 links and 16 predicates were 0.9 ms of CPU of
    every screen (bench/load.py). A fragment reads only `membership` and `user` (core's test_site_menu holds
    them to it), and its predicates read only the membership's role and specialty (`integra.core.roles.Acting`),
    all of which are in the key: a changed role draws its own menu at once."""
    from django.urls import get_script_prefix, get_urlconf
    from django.utils.translation import get_language

    membership, user = context.get("membership"), context.get("user")
    key = (
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        bool(user is not None and user.is_authenticated),
        *(
            (membership.pk, membership.institution_id, membership.role, membership.effective_specialty)
            if membership
            else (None,)
        ),
    )
    return _MENUS.get(key, lambda: context.template.engine.get_template("_nav.html").render(context))
