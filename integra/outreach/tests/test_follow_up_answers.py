"""Follow-up questions after an exit: a personal one-time link (signed, expiring, no sign-in), the answer kept as
a follow-up awaiting confirmation, counted by the indicators only once staff confirm it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from integra.outcomes import services as outcomes
from integra.outcomes.models import FollowUp, Result, ResultKind
from integra.outreach import services
from integra.outreach.models import Channel, Message, Purpose, Status
from integra.outreach.tests.conftest import consent
from integra.people.models import Consent
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports.indicators import indicators_json

pytestmark = pytest.mark.django_db

EXIT = dt.date(2026, 1, 12)
SIX_MONTHS = timezone.make_aware(dt.datetime(2026, 7, 13, 10, 0))


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


@pytest.fixture
def left(coordinator):
    """Dorota left the project on 12.01.2026 and agreed to SMS; her 3- and 6-month checks are scheduled."""
    project = ProjectFactory(
        institution=coordinator.institution,
        start_on=dt.date(2025, 1, 1),
        end_on=dt.date(2026, 12, 31),
        programme_period="2021-2027",
    )
    person = ParticipantFactory(institution=coordinator.institution, first_name="Dorota", phone="+48601234567")
    part = ParticipationFactory(project=project, participant=person, start_on=dt.date(2025, 3, 1))
    with time_machine.travel(dt.datetime(2026, 1, 12, 12, 0), tick=False):
        outcomes.record_exit(actor=coordinator.membership, participation=part, exit_on=EXIT, reason="completed")
    consent(person, Consent.Purpose.SMS, given_on=dt.date(2025, 3, 1))
    return part


def _link_path(message: Message) -> str:
    link = next(word for word in message.body.split() if "/outreach/m/" in word)
    return urlsplit(link).path


def test_the_question_goes_when_due_and_the_answer_awaits_confirmation(left, sms_gateway, client, coordinator):
    with time_machine.travel(SIX_MONTHS, tick=False):
        summary = services.send_due(now=SIX_MONTHS)
        assert summary["queued"] == 1
        message = Message.objects.get(purpose=Purpose.FOLLOW_UP)
        assert (message.follow_up_kind, message.status, message.channel) == ("6m", Status.SENT, Channel.SMS)
        assert sms_gateway.requests[0]["message"].startswith(
            f"{left.institution.name}: Dorota, prosimy o jedną odpowiedź: czy pracuje Pan/Pani? http://127.0.0.1:8000/outreach/m/"
        )
        before = indicators_json(left.project)["indicators"]
        page = client.get(_link_path(message))
        html = page.content.decode()
        assert page.status_code == 200 and "Czy pracuje Pan/Pani?" in html and "Dorota" not in html
        answered = client.post(_link_path(message), {"answer": "employment_contract"})
        assert "Dziękujemy za odpowiedź" in answered.content.decode()
        follow_up = FollowUp.objects.get(participation=left, kind="6m")
        assert (follow_up.source, follow_up.channel, follow_up.answer, follow_up.answer_status, follow_up.employed) == (
            "participant",
            "sms",
            "employment_contract",
            "awaiting",
            True,
        )
        assert follow_up.done_on == dt.date(2026, 7, 13)
        message.refresh_from_db()
        assert message.status == Status.ANSWERED
        # Not counted until confirmed.
        assert indicators_json(left.project)["indicators"] == before
        start = coordinator.client.get(reverse("today:start")).content.decode()
        assert "Odpowiedzi uczestników do potwierdzenia" in start and "tak, na umowę o pracę" in start
        coordinator.client.post(reverse("outcomes:follow-up-record", args=[follow_up.pk]), {"decision": "confirm"})
        follow_up.refresh_from_db()
        assert follow_up.answer_status == "confirmed"
        eecr05 = next(i for i in indicators_json(left.project)["indicators"] if i["code"] == "EECR05")
        assert eecr05["total"] == 1


def test_the_link_cannot_be_used_twice(left, sms_gateway, client):
    with time_machine.travel(SIX_MONTHS, tick=False):
        services.send_due(now=SIX_MONTHS)
        path = _link_path(Message.objects.get(purpose=Purpose.FOLLOW_UP))
        client.post(path, {"answer": "job_searching"})
        again = client.post(path, {"answer": "employment_contract"})
        assert again.status_code == 410
        assert "Na to pytanie już odpowiedziano przez ten link." in again.content.decode()
        assert FollowUp.objects.get(participation=left, kind="6m").answer == "job_searching"


def test_the_link_expires_and_a_forged_one_is_refused(left, sms_gateway, client):
    with time_machine.travel(SIX_MONTHS, tick=False):
        services.send_due(now=SIX_MONTHS)
        path = _link_path(Message.objects.get(purpose=Purpose.FOLLOW_UP))
    with time_machine.travel(SIX_MONTHS + dt.timedelta(days=15), tick=False):
        expired = client.post(path, {"answer": "employment_contract"})
        assert expired.status_code == 410 and "Ten link wygasł." in expired.content.decode()
        forged = client.get(path[:-3] + "xx/")
        assert forged.status_code == 404 and "Ten link jest nieprawidłowy." in forged.content.decode()
    follow_up = FollowUp.objects.get(participation=left, kind="6m")
    assert (follow_up.answer, follow_up.done_on) == ("", None)


def test_no_answer_chosen_records_nothing(left, sms_gateway, client):
    with time_machine.travel(SIX_MONTHS, tick=False):
        services.send_due(now=SIX_MONTHS)
        path = _link_path(Message.objects.get(purpose=Purpose.FOLLOW_UP))
        response = client.post(path, {})
        assert "Wybierz jedną odpowiedź." in response.content.decode()
    assert FollowUp.objects.get(participation=left, kind="6m").answer == ""


def test_a_confirmed_28_day_answer_is_the_situation_upon_leaving(left, sms_gateway, client, coordinator):
    day28 = timezone.make_aware(dt.datetime(2026, 2, 9, 11, 0))
    with time_machine.travel(day28, tick=False):
        services.send_due(now=day28)
        message = Message.objects.get(purpose=Purpose.FOLLOW_UP)
        assert message.follow_up_kind == "28d"
        client.post(_link_path(message), {"answer": "self_employment"})
        follow_up = FollowUp.objects.get(participation=left, kind="28d")
        assert Result.objects.filter(participation=left).count() == 0
        coordinator.client.post(reverse("outcomes:follow-up-record", args=[follow_up.pk]), {"decision": "confirm"})
    (result,) = Result.objects.filter(participation=left)
    assert (result.kind, result.achieved_on) == (ResultKind.SELF_EMPLOYMENT, dt.date(2026, 2, 9))
    eecr04 = next(i for i in indicators_json(left.project)["indicators"] if i["code"] == "EECR04")
    assert eecr04["total"] == 1


def test_a_check_staff_already_recorded_is_not_asked(left, sms_gateway, coordinator):
    follow_up = FollowUp.objects.get(participation=left, kind="6m")
    with time_machine.travel(SIX_MONTHS, tick=False):
        outcomes.record_follow_up(
            actor=coordinator.membership,
            follow_up=follow_up,
            done_on=dt.date(2026, 7, 10),
            employed=False,
            improved_situation=None,
        )
        assert services.send_due(now=SIX_MONTHS)["queued"] == 0
