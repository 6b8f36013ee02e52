"""The main menu drawn once per reader (`{% site_menu %}`, issue 26) is the menu `_nav.html` draws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from integra.core.roles import Role
from integra.core.templatetags import access

PACKAGE = Path(__file__).resolve().parents[2]
PERSONAS = ("coordinator", "social_worker", "specialist", "accountant", "director", "administrator", "auditor", "dpo")


def _render(source: str, membership, user) -> str:
    request = RequestFactory().get("/")
    request.user, request.membership = user, membership
    return engines["django"].from_string(source).render({"membership": membership, "user": user}, request)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_each_reader_gets_the_menu_the_fragments_draw(request, language):
    access._MENUS.clear()
    menus = set()
    with translation.override(language):
        for name in PERSONAS:
            membership = request.getfixturevalue(name).membership
            drawn = _render('{% include "_nav.html" %}', membership, membership.user)
            assert _render("{% load access %}{% site_menu %}", membership, membership.user) == drawn
            assert _render("{% load access %}{% site_menu %}", membership, membership.user) == drawn  # the kept one
            menus.add(drawn)
    assert len(menus) >= 6  # the roles' menus differ: a key that missed the role would serve one menu to all
    assert len(access._MENUS) == len(PERSONAS)


@pytest.mark.django_db
def test_a_changed_role_draws_its_own_menu_at_once(coordinator):
    membership = coordinator.membership
    before = _render("{% load access %}{% site_menu %}", membership, membership.user)
    assert 'id="nav-staff"' not in before
    membership.role = Role.ADMINISTRATOR
    after = _render("{% load access %}{% site_menu %}", membership, membership.user)
    assert 'id="nav-staff"' in after
    assert after == _render('{% include "_nav.html" %}', membership, membership.user)


def test_the_menu_fragments_read_only_the_membership_and_the_user():
    """What site_menu's key holds: a fragment that read anything else (a count, the request) would be kept stale."""
    fragments = [PACKAGE / "templates" / "_nav.html", *PACKAGE.glob("*/templates/*/_nav.html")]
    assert len(fragments) >= 12
    for path in fragments:
        source = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S)
        source = re.sub(r"\"[^\"]*\"|'[^']*'", "", source)  # names of URLs, predicates, texts
        tags = re.findall(r"\{%\s*(?:if|elif)\s+(.*?)%\}|\{\{(.*?)\}\}", source)
        names = {m for expr in tags for part in expr for m in re.findall(r"\b([a-z_]+)(?=[.|\s]|$)", part)}
        names -= {"not", "and", "or", "in", "is", "may", "can_view_finance", "role", "is_authenticated"}
        assert names <= {"membership", "user"}, f"{path.relative_to(PACKAGE)} reads {names}"


@pytest.mark.django_db
def test_no_reader_gets_a_menu_group_that_opens_on_nothing(request):
    """The DPO's menu showed „Sprawozdawczość” with nothing under it: a group none of whose fragments has an entry
    for the reader is left out (`menu_group`), and every group drawn holds an entry."""
    access._MENUS.clear()
    with translation.override("pl"):
        for name in PERSONAS:
            membership = request.getfixturevalue(name).membership
            drawn = _render("{% load access %}{% site_menu %}", membership, membership.user)
            groups = re.findall(r'<details class="dropdown" id="([\w-]+)">(.*?)</details>', drawn, re.S)
            assert groups, name
            for group_id, body in groups:
                assert "<li" in body, (name, group_id)
            if name == "dpo":
                assert "nav-reporting" not in drawn and "Sprawozdawczość" not in drawn
                assert "nav-account" in drawn
            if name == "coordinator":
                assert {"nav-reporting", "nav-account"} <= {group_id for group_id, _ in groups}
