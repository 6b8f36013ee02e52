"""Page titles tell the screen apart (WCAG 2.4.2): later pages of a list, refused forms, 403 and 404."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


@override_settings(INTEGRA_PAGE_SIZE=2)
def test_the_second_page_of_a_list_says_so(social_worker):
    ParticipantFactory.create_batch(3, institution=social_worker.institution)
    first = _title(social_worker.client.get("/people/"))
    second = _title(social_worker.client.get("/people/?page=2"))
    assert "strona" not in first
    assert second == first.replace(" · Integra", " · strona 2 · Integra")


def test_a_refused_form_starts_its_title_with_error(social_worker):
    response = social_worker.client.post("/people/new/", {"first_name": ""})
    assert _title(response).startswith("Błąd: ")
    assert not _title(social_worker.client.get("/people/new/")).startswith("Błąd")


def test_403_and_404_have_their_own_titles(accountant):
    assert _title(accountant.client.get("/people/new/")) == "Brak dostępu · Integra"
    assert _title(accountant.client.get("/no-such-page/")) == "Nie znaleziono strony · Integra"
