"""The language switch returns to a page that answers GET.

A refused form drawn again in answer to its POST sits at a URL that only takes POST (a budget version's start):
the switch used to send the person there, and the GET answered 405. It now returns to the page the form was
sent from; a page reached by GET keeps its own address (with its query)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from integra.finance.tests.factories import draft_budget
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _next(page: str) -> str:
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S)
    assert form, "no language switch"
    return re.search(r'name="next" value="([^"]*)"', form.group(0)).group(1).replace("&amp;", "&")


def test_after_a_refused_post_the_switch_returns_to_the_page_the_form_came_from(accountant):
    project = ProjectFactory(institution=accountant.institution)
    draft_budget(accountant.membership, project, [])  # one draft at a time: a second is refused
    versions = reverse("finance:version-list", args=[project.pk])
    start = reverse("finance:version-start", args=[project.pk])
    assert accountant.client.get(start).status_code == 405  # the URL takes only POST

    response = accountant.client.post(start, {"reason": "aneks nr 2"}, HTTP_REFERER=f"http://testserver{versions}")
    assert response.status_code == 400
    back = _next(response.content.decode())
    assert back == versions
    switched = accountant.client.post("/i18n/setlang/", {"language": "en", "next": back})
    assert switched.status_code == 302 and switched["Location"] == versions
    assert accountant.client.get(switched["Location"]).status_code == 200


def test_a_foreign_referer_is_not_followed(accountant):
    project = ProjectFactory(institution=accountant.institution)
    draft_budget(accountant.membership, project, [])
    start = reverse("finance:version-start", args=[project.pk])
    response = accountant.client.post(start, {"reason": "aneks"}, HTTP_REFERER="https://evil.example/phish")
    assert _next(response.content.decode()) == "/"


def test_a_page_reached_by_get_returns_to_itself_with_its_query(coordinator):
    response = coordinator.client.get(reverse("support:timetable") + "?week=2011-03-07")
    assert _next(response.content.decode()) == reverse("support:timetable") + "?week=2011-03-07"


def test_a_post_after_the_session_ended_signs_in_back_to_the_form_page_not_a_post_only_url(accountant, client):
    """The sign-in detour (`require`, `signed_in`) returns to a page that answers GET, the way the switch does."""
    project = ProjectFactory(institution=accountant.institution)
    versions = reverse("finance:version-list", args=[project.pk])
    start = reverse("finance:version-start", args=[project.pk])
    response = client.post(start, {"reason": "aneks"}, HTTP_REFERER=f"http://testserver{versions}")  # signed out
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(versions)}"

    switch = client.post(reverse("accounts:switch-centre"), {}, HTTP_REFERER="http://testserver/people/")
    assert switch.status_code == 302 and switch["Location"] == f"{reverse('accounts:login')}?next=/people/"
    opened = client.get(versions)
    assert opened.status_code == 302 and opened["Location"] == f"{reverse('accounts:login')}?next={quote(versions)}"


def test_a_signed_out_htmx_request_gets_401_and_a_sign_in_link_back(client):
    """htmx would follow a redirect itself and draw the sign-in page inside the list it refreshes; a 401 swaps
    nothing, and integra.js shows the message with its link in the page's status region."""
    people = reverse("people:participant-list")
    response = client.post(people, {"q": "Now"}, HTTP_HX_REQUEST="true", HTTP_REFERER=f"http://testserver{people}")
    assert response.status_code == 401
    page = response.content.decode()
    assert 'id="signed-out"' in page and "Sesja wygasła, więc serwer tego nie przyjął." in page
    assert f'href="{reverse("accounts:login")}?next={quote(people)}"' in page
