"""No PESEL, name or case-note text in application logs, URLs or error pages."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.test import Client

from integra.casework.models import CaseNote
from integra.core.models import AccessLogEntry
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
NOTE = "Pani Żaneta zwierzyła się z długów u lichwiarza"


@pytest.fixture
def person(social_worker):
    person = ParticipantFactory(
        institution=social_worker.institution, first_name="Żaneta", last_name="Brzęczyszczykiewicz"
    )
    CaseNote.objects.create(
        institution=social_worker.institution,
        participant=person,
        author=social_worker.membership,
        specialty="social_worker",
        written_on=dt.date(2024, 2, 1),
        text=NOTE,
    )
    return person


def _secrets(person) -> list[str]:
    return [person.pesel, person.last_name, NOTE]


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', html)


def test_requests_leave_no_personal_data_in_logs_urls_or_error_pages(person, social_worker, dpo, outsider, caplog):
    caplog.set_level(logging.DEBUG)
    pages = []
    for client, url in [
        (social_worker.client, f"/people/{person.pk}/"),
        (dpo.client, f"/privacy/people/{person.pk}/"),
        (dpo.client, "/privacy/access-log/"),
        (outsider.client, f"/people/{person.pk}/"),  # another centre: 404
        (social_worker.client, f"/people/{person.pesel}/"),  # PESEL typed into the address: 404, not echoed
        (social_worker.client, f"/no-such-page/{person.last_name}/?pesel={person.pesel}"),
        (dpo.client, f"/casework/?q={person.pesel}"),
    ]:
        response = client.get(url)
        pages.append((url, response))
    pages.append(("POST pesel", dpo.client.post("/privacy/access-log/", {"person": person.pesel})))
    found = dpo.client.post("/privacy/people/", {"person": person.pesel})
    pages.append(("POST find", found))
    assert found["Location"] == f"/privacy/people/{person.pk}/"
    pages.append(("export", dpo.client.post(f"/privacy/people/{person.pk}/export/")))
    anonymous = Client(raise_request_exception=False)
    pages.append(("anonymous", anonymous.get(f"/people/{person.pk}/")))

    for url, response in pages:
        location = response.get("Location", "")
        for secret in _secrets(person):
            assert secret not in location, (url, "redirect")
        if response.status_code in {403, 404, 500} or url.startswith("/no-such"):
            body = response.content.decode()
            for secret in _secrets(person):
                assert secret not in body, (url, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            for link in _links(response.content.decode()):
                assert person.pesel not in link and person.last_name not in link, (url, link)
    assert [r.status_code for _u, r in pages[3:5]] == [404, 404]
    for secret in _secrets(person):
        assert secret not in caplog.text
    assert all(person.pesel not in e.what and person.last_name not in e.what for e in AccessLogEntry.objects.all())


def test_server_error_page_does_not_echo_the_request(settings, client, person):
    settings.DEBUG = False
    response = client.get(f"/login/?next=/people/{person.pesel}/&name={person.last_name}", HTTP_HOST="evil.example")
    assert response.status_code == 400  # disallowed host: the plain error page
    assert person.pesel not in response.content.decode() and "evil.example" not in response.content.decode()
