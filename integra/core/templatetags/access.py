"""`{% if membership|may:"can_view_finance" %}`, `{% may_for membership "can_mark_attendance" session as ok %}`:
menus and in-page links ask the predicates the views ask."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


class _MenuGroup(template.Node):
    def __init__(self, nodelist: template.NodeList, group_id: template.base.FilterExpression, label) -> None:
        self.nodelist, self.group_id, self.label = nodelist, group_id, label

    def render(self, context) -> str:
        items = self.nodelist.render(context)
        if "<li" not in items:
            return ""  # none of the group's entries is the reader's: no heading that opens on nothing
        return format_html(
            '<li><details class="dropdown" id="{}"><summary>{}</summary><ul dir="rtl">{}</ul></details></li>',
            self.group_id.resolve(context),
            self.label.resolve(context),
            mark_safe(items),  # noqa: S308 - the fragments' own rendered markup
        )


@register.tag
def menu_group(parser, token):
    """`{% menu_group "nav-reporting" label %}…{% endmenu_group %}`: one dropdown of the main menu around the
    apps' fragments, left out when none of them gives the reader an entry (the DPO's menu had an empty
    „Sprawozdawczość”)."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("menu_group takes an id and a label")
    nodelist = parser.parse(("endmenu_group",))
    parser.delete_first_token()
    return _MenuGroup(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
