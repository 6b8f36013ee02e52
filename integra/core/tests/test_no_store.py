"""Nothing with personal data is kept by a browser's or a proxy's cache: every screen and every API answer
says `Cache-Control: no-store` (issue 24, point 6), errors and file downloads included."""

from __future__ import annotations

from django.test import Client

from integra.api.tests.helpers import TokenClient, token_for
from integra.people.tests.factories import ParticipantFactory


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_screens_with_personal_data_are_not_stored(coordinator):
    person = ParticipantFactory(institution=coordinator.institution)
    for path in ("/people/", f"/people/{person.pk}/", f"/people/{person.pk}/edit/", "/"):
        answer = coordinator.client.get(path, follow=False)
        assert answer.status_code in (200, 302) and _no_store(answer), path
    assert _no_store(coordinator.client.get("/people/999999/"))  # a 404 page too
    assert _no_store(Client().get("/login/"))


def test_api_answers_are_not_stored(centre_a):
    person = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "coordinator"))
    for answer in (
        client.get("/api/v1/participants/"),
        client.get(f"/api/v1/participants/{person.pk}/"),
        client.json("post", "/api/v1/participants/search/", {"surname": person.last_name}),
        client.get("/api/v1/participants/999999/"),
        Client().get("/api/v1/participants/"),
    ):
        assert _no_store(answer), answer.request["PATH_INFO"]
