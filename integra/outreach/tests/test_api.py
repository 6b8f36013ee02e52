"""The API: consents readable and writable by the roles that record them; messages readable, never their text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from integra.api.tests.helpers import TokenClient, token_for
from integra.outreach import services
from integra.outreach.models import Message
from integra.people.models import Consent

pytestmark = pytest.mark.django_db

EVE = timezone.make_aware(dt.datetime(2026, 3, 10, 16, 5))


def test_consent_recorded_and_withdrawn_over_the_api_and_messages_read(story, sms_gateway, smtp_server):
    worker = TokenClient(token_for(story.centre, "social_worker"))
    body = {"participant": story.beata.pk, "purpose": "sms", "given_on": "2026-03-01", "given_via": "deklaracja, pkt 9"}
    created = worker.json("post", "/api/v1/consents/", body)
    assert created.status_code == 201, created.content
    assert {k: created.json()[k] for k in ("purpose", "given_via", "given_on", "withdrawn_on")} == {
        "purpose": "sms",
        "given_via": "deklaracja, pkt 9",
        "given_on": "2026-03-01",
        "withdrawn_on": None,
    }
    with time_machine.travel(EVE, tick=False):
        services.send_due(now=EVE)
    messages = worker.get("/api/v1/messages/", {"participant": story.beata.pk}).json()["results"]
    assert [(m["purpose"], m["channel"], m["status"], m["parts"]) for m in messages] == [("reminder", "sms", "sent", 2)]
    assert "body" not in messages[0] and "recipient" not in messages[0]
    withdrawn = worker.json("post", f"/api/v1/consents/{created.json()['id']}/withdraw/", {})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == timezone.localdate().isoformat()


def test_the_accountant_reads_no_messages_and_records_no_consent(story):
    accountant = TokenClient(token_for(story.centre, "accountant"))
    assert accountant.get("/api/v1/messages/").status_code == 403
    body = {"participant": story.beata.pk, "purpose": "sms", "given_on": "2026-03-01"}
    assert accountant.json("post", "/api/v1/consents/", body).status_code == 403
    assert Consent.objects.filter(participant=story.beata).count() == 0
    assert Message.objects.count() == 0


def test_a_consent_for_another_centres_person_is_refused(story, outsider):
    other = TokenClient(token_for(outsider.institution, "social_worker"))
    body = {"participant": story.beata.pk, "purpose": "sms", "given_on": "2026-03-01"}
    refused = other.json("post", "/api/v1/consents/", body)
    assert refused.status_code == 400 and refused.json()["field"] == "participant"
    assert Consent.objects.filter(participant=story.beata).count() == 0
