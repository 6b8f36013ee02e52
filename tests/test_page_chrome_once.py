"""The page chrome of every screen (head, header, offline banner, footer) is drawn once per process for each
language and reader ({% once %} in base.html): each reader still sees their own centre, role and user, and a
renamed centre or a changed role shows at once."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from integra.core.templatetags.integra import _ONCE

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    return re.search(r'<li class="muted">([^<]*)</li>', html).group(1)


def _offline(html: str) -> tuple[str, str]:
    found = re.search(r'<div id="offline" class="offline" data-user="(\d+)" data-membership="(\d+)"', html)
    return found.group(1), found.group(2)


def test_each_reader_sees_their_own_centre_role_and_user(social_worker, outsider, coordinator):
    url = reverse("people:participant-list")
    mine = social_worker.client.get(url).content.decode()
    theirs = outsider.client.get(url).content.decode()
    assert _header(mine) == "MOPS Leżajsk · pracownik socjalny"
    assert _header(theirs) == "MOPS Oświęcim · pracownik socjalny"
    assert _offline(mine) == (str(social_worker.user.pk), str(social_worker.membership.pk))
    assert _offline(theirs) == (str(outsider.user.pk), str(outsider.membership.pk))
    assert _header(coordinator.client.get(url).content.decode()) == "MOPS Leżajsk · koordynator"
    assert _offline(social_worker.client.get(url).content.decode())[0] == str(social_worker.user.pk)


def test_a_renamed_centre_and_a_changed_role_show_on_the_next_page(social_worker):
    url = reverse("people:participant-list")
    social_worker.client.get(url)
    centre = social_worker.institution
    centre.name = "MOPS Leżajsk-Zachód"
    centre.save()
    assert _header(social_worker.client.get(url).content.decode()) == "MOPS Leżajsk-Zachód · pracownik socjalny"
    social_worker.membership.role = "coordinator"
    social_worker.membership.save()
    assert _header(social_worker.client.get(url).content.decode()) == "MOPS Leżajsk-Zachód · koordynator"


def test_the_chrome_follows_the_language(social_worker):
    url = reverse("people:participant-list")
    polish = social_worker.client.get(url).content.decode()
    social_worker.client.post(reverse("set_language"), {"language": "en", "next": url})
    english = social_worker.client.get(url).content.decode()
    assert "Przejdź do treści" in polish and "Skip to content" in english
    assert '<option value="pl" lang="pl" selected>' in polish and '<option value="en" lang="en" selected>' in english


def test_a_fragment_is_drawn_once_for_each_value_it_names():
    _ONCE.clear()
    drawn = Template("{% load integra %}{% once who %}{{ who }}-{{ other }}{% endonce %}")
    with translation.override("pl"):
        assert drawn.render(Context({"who": "a", "other": 1})) == "a-1"
        assert drawn.render(Context({"who": "a", "other": 2})) == "a-1"  # not named: drawn before, kept
        assert drawn.render(Context({"who": "b", "other": 2})) == "b-2"
    with translation.override("en"):
        assert drawn.render(Context({"who": "a", "other": 3})) == "a-3"
    # Another fragment with the same text and values is its own.
    assert (
        Template("{% load integra %}{% once who %}{{ who }}={{ other }}{% endonce %}").render(
            Context({"who": "a", "other": 4})
        )
        == "a=4"
    )
