"""A refused form says at its top that nothing was saved, on every screen that saves data, not only the person form.

The person form opened its refusal with „Dane nie zostały zapisane. Popraw zaznaczone poniżej pola.”; the
recruitment call, the contract and every other form only marked the refused field, further down on a long form
(seen at 1024 px). The one error summary (components/error_summary.html) now says it whenever a form that saves
data (`form=form`) refused one of its fields.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import integra
from integra.outcomes.models import Exit
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.models import RecruitmentCall

NOT_SAVED = "Dane nie zostały zapisane. Popraw zaznaczone poniżej pola."
TEMPLATES = Path(integra.__file__).parent
# Forms that save nothing (filters, analyses, searches, a sign-in) or say so in their own words: their summary lists
# only what stopped the whole form.
SAVES_NOTHING = {
    "planning/regional_whatworks.html",  # an analysis's filter
    "planning/whatworks.html",  # an analysis's filter
    "components/filter_row.html",  # every list's filter
    "privacy/subject_find.html",  # a search
    "privacy/subject_anonymise.html",  # one box to tick; the page says what happens
}


def _summary(page: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*role="alert">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_every_form_that_saves_data_gives_its_summary_the_form():
    missing = []
    for path in TEMPLATES.glob("**/templates/**/*.html"):
        name = str(path).split("/templates/", 1)[1]
        text = path.read_text()
        if 'error_summary.html" with errors=form.non_field_errors' not in text or name in SAVES_NOTHING:
            continue
        if re.search(r'error_summary\.html" with errors=form\.non_field_errors(?! form=form)', text):
            missing.append(name)
    assert not missing, f"error summary without form=form (nothing-saved line missing): {missing}"


@pytest.mark.django_db
def test_a_refused_recruitment_call_says_nothing_was_saved_before_its_first_field(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    response = coordinator.client.post(reverse("recruitment:call-create"), {"project": project.pk, "title": ""})
    page = response.content.decode()
    assert response.status_code in (200, 400) and not RecruitmentCall.objects.exists()
    assert NOT_SAVED in _summary(page)
    assert page.index(NOT_SAVED) < page.index('aria-invalid="true"')  # seen before the first refused field


@pytest.mark.django_db
def test_a_refused_exit_says_nothing_was_saved_and_a_plain_page_says_nothing(coordinator):
    participation = ParticipationFactory(project=ProjectFactory(institution=coordinator.institution))
    url = reverse("outcomes:exit-record", args=[participation.pk])
    assert NOT_SAVED not in coordinator.client.get(url).content.decode()
    refused = coordinator.client.post(url, {"exit_on": "31.02.2026", "reason": "completed"}).content.decode()
    assert NOT_SAVED in _summary(refused)
    assert not Exit.objects.filter(participation=participation).exists()
