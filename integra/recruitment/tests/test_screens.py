import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from integra.core.models import AccessLogEntry
from integra.people.tests.factories import ParticipantFactory
from integra.recruitment import services
from integra.recruitment.models import Decision
from integra.recruitment.tests.factories import RecruitmentCallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def qualified_call(coordinator):
    call = RecruitmentCallFactory(project__institution=coordinator.institution, capacity=1, reserve_size=1)
    for name, day in (("Żaneta Łęcka-Ściegienna", 3), ("Grzegorz Brzęczyszczykiewicz", 4)):
        first, last = name.split(" ")
        services.register_application(
            actor=coordinator.membership,
            call=call,
            participant=ParticipantFactory(institution=coordinator.institution, first_name=first, last_name=last),
            applied_on=dt.date(2011, 1, day),
        )
    services.qualify_applicants(
        actor=coordinator.membership, call=call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    return call


def pdf_text(response) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_ranking_pdf_has_names_with_diacritics_and_is_logged(coordinator, qualified_call):
    response = coordinator.client.get(reverse("recruitment:ranking-pdf", args=[qualified_call.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "LISTA RANKINGOWA" in text
    assert "Łęcka-Ściegienna Żaneta" in text
    assert "Brzęczyszczykiewicz Grzegorz" in text
    assert AccessLogEntry.objects.filter(kind="document", what="ranking-list.pdf").count() == 1


def test_committee_record_lists_every_decision(coordinator, qualified_call):
    text = pdf_text(coordinator.client.get(reverse("recruitment:committee-pdf", args=[qualified_call.pk])))
    assert "PROTOKÓŁ KOMISJI REKRUTACYJNEJ" in text
    flat = " ".join(text.split())
    assert "Łęcka-Ściegienna Żaneta" in flat
    assert "zakwalifikowany" in flat and "lista rezerwowa" in flat


def test_capacity_below_qualified_on_screen_shows_polish_message(coordinator, qualified_call):
    url = reverse("recruitment:call-capacity", args=[qualified_call.pk])
    qualified_call.capacity = 1
    # one qualified already; 0 places is below the form's minimum, so ask for 1 after qualifying a second person
    services.raise_capacity(
        actor=coordinator.membership, call=qualified_call, capacity=2, decided_on=dt.date(2011, 5, 3)
    )
    decisions = Decision.objects.count()
    response = coordinator.client.post(url, {"capacity": 1, "decided_on": "2011-05-04", "plan": "shown"})
    assert response.status_code == 200
    assert "nie może być mniejsza niż liczba osób już zakwalifikowanych (2)" in response.content.decode()
    qualified_call.refresh_from_db()
    assert qualified_call.capacity == 2
    assert Decision.objects.count() == decisions


def test_hand_score_without_justification_on_screen(coordinator, qualified_call):
    hand = services.add_criterion(
        actor=coordinator.membership, call=qualified_call, kind="manual", rule="hand", label="Ocena komisji", points=5
    )
    application = qualified_call.applications.first()
    response = coordinator.client.post(
        reverse("recruitment:score-award", args=[application.pk]),
        {"criterion": hand.pk, "points": 3, "justification": "", "awarded_on": "2011-05-01"},
    )
    assert "Punkty przyznane ręcznie wymagają pisemnego uzasadnienia." in response.content.decode()
    assert application.manual_scores.count() == 0


def test_call_detail_shows_ranking(social_worker, qualified_call):
    response = social_worker.client.get(reverse("recruitment:call-detail", args=[qualified_call.pk]))
    body = response.content.decode()
    assert "Łęcka-Ściegienna Żaneta" in body and "zakwalifikowany" in body
    for application in qualified_call.applications.all():  # each name opens its application
        url = reverse("recruitment:application-detail", args=[application.pk])
        assert f'<a href="{url}">{application.participant.last_name} {application.participant.first_name}</a>' in body
