"""A form sent without its CSRF token, or with an expired one, says what happened — the form expired,
reload the page — in Polish, and saves nothing (issue 24, point 7); it never reads as a refusal of the role."""

from __future__ import annotations

from django.test import Client

from integra.core.testing.otp import verified_login
from integra.people.models import Participant

PERSON = {"first_name": "Anna", "last_name": "Nowak", "no_pesel": "on", "sex": "F", "birth_date": "1980-01-02"}


def _strict_client(persona) -> Client:
    client = Client(enforce_csrf_checks=True)
    verified_login(client, persona.user)
    return client


def test_a_screen_form_without_its_token_says_the_form_expired(coordinator):
    client = _strict_client(coordinator)
    form_page = "http://testserver/people/new/"
    answer = client.post("/people/new/", PERSON, HTTP_REFERER=form_page)
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "Formularz wygasł" in page and "Odśwież stronę z formularzem" in page and "Nic nie zostało zapisane" in page
    assert f'href="{form_page}"' in page  # the way back to the form
    assert "rola" not in page.lower() and "Brak dostępu" not in page  # not the role's refusal (403.html)
    assert not Participant.objects.exists()


def test_a_stale_token_is_the_same_expired_form(coordinator):
    client = _strict_client(coordinator)
    client.get("/people/new/")
    stale = client.cookies["csrftoken"].value
    client.logout()  # signing in again rotates the token; the open form still holds the old one
    verified_login(client, coordinator.user)
    answer = client.post(
        "/people/new/", {**PERSON, "csrfmiddlewaretoken": "x" * 64}, HTTP_REFERER="https://evil.example/"
    )
    assert answer.status_code == 403 and "Formularz wygasł" in answer.content.decode()
    assert "evil.example" not in answer.content.decode()  # only a same-site page is offered as the way back
    assert stale and not Participant.objects.exists()
