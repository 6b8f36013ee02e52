"""Reminders by SMS (a local server speaking SMSAPI's sms.do) and e-mail (a real SMTP server), only with consent,
never twice; quiet hours, the daily limit, provider errors, delivery reports and an inbound „STOP”."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from integra.core.models import HistoryEntry
from integra.outreach import channels, services
from integra.outreach.models import Channel, Message, OutreachSettings, Purpose, Status
from integra.people.models import Consent
from integra.support import services as support
from integra.support.models import Session

pytestmark = pytest.mark.django_db

EVE = timezone.make_aware(dt.datetime(2026, 3, 10, 16, 5))  # the day before the workshop, after 16:00


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"), time_machine.travel(EVE, tick=False):
        yield


def test_reminders_go_only_to_people_who_agreed_and_never_twice(story, sms_gateway, smtp_server):
    summary = services.send_due(now=EVE)

    assert (summary["queued"], summary["skipped_no_consent"], summary["sent"]) == (2, 1, 2)
    (sms,) = sms_gateway.requests
    message = Message.objects.get(participant=story.anna)
    assert sms["to"] == "48501234567"
    assert sms["message"] == (
        f"{story.centre.name}: przypominamy o zajęciach „Warsztat kulinarny” 11.03.2026 o 10:00, Sala 2. "
        "Rezygnacja z SMS: odpisz STOP"
    )
    assert (sms["idx"], sms["check_idx"], sms["from"], sms["encoding"]) == (
        f"integra-{message.pk}",
        "1",
        "MOPS Test",
        "utf-8",
    )
    assert urlsplit(sms["notify_url"]).path == reverse("outreach:sms-status", args=[channels.callback_secret()])
    assert sms_gateway.authorizations == ["Bearer test-token-123"]
    assert (message.status, message.provider_id, message.points, message.parts) == (
        Status.SENT,
        "SMS00000001",
        Decimal("0.1650"),
        2,
    )
    (mail,) = smtp_server.messages
    assert smtp_server.envelopes == [("przypomnienia@mops-test.pl", ["celina@example.org"])]
    assert mail["Subject"] == "Przypomnienie: Warsztat kulinarny, 11.03.2026 o 10:00"
    body = mail.get_payload(decode=True).decode()
    assert "przypominamy o zajęciach „Warsztat kulinarny”: 11.03.2026 o godz. 10:00, Sala 2" in body
    assert "Wypisz się jednym kliknięciem: http://127.0.0.1:8000/outreach/stop/" in body
    assert mail["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/outreach/stop/")
    assert not Message.objects.filter(participant=story.beata).exists()

    again = services.send_due(now=EVE + dt.timedelta(minutes=5))
    assert (again["queued"], again["sent"]) == (0, 0)
    assert len(sms_gateway.requests) == 1 and len(smtp_server.messages) == 1


def test_dry_run_counts_and_writes_nothing(story, sms_gateway, smtp_server):
    summary = services.send_due(now=EVE, dry_run=True)
    assert (summary["queued"], summary["skipped_no_consent"], summary["dry_run"]) == (2, 1, True)
    assert Message.objects.count() == 0 and sms_gateway.requests == [] and smtp_server.messages == []


def test_the_cli_prints_the_summary_as_json(story, sms_gateway, smtp_server):
    out = io.StringIO()
    call_command("messages", "send-due", "--now", "2026-03-10T16:05", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["queued"], data["skipped_no_consent"], data["skipped_quiet"]) == (2, 1, 0)
    assert Message.objects.count() == 0


def test_no_reminder_before_the_centres_time_and_none_for_a_cancelled_session(story, sms_gateway, smtp_server):
    OutreachSettings.objects.create(institution=story.centre, reminder_time=dt.time(17, 30))
    assert services.send_due(now=EVE)["queued"] == 0
    support.cancel_session(actor=_coordinator(story), session=story.session)
    summary = services.send_due(now=EVE.replace(hour=17, minute=45))
    assert summary["queued"] == 0
    assert Message.objects.filter(purpose=Purpose.REMINDER).count() == 0


def _coordinator(story):
    from integra.institutions.models import Membership

    return Membership.objects.get(institution=story.centre, role="coordinator")


def test_no_text_message_in_quiet_hours_it_waits_for_the_morning(story, sms_gateway, smtp_server):
    night = timezone.make_aware(dt.datetime(2026, 3, 10, 21, 30))
    summary = services.send_due(now=night)
    assert (summary["queued"], summary["skipped_quiet"], summary["sent"]) == (2, 1, 1)  # the e-mail goes
    assert sms_gateway.requests == []
    assert Message.objects.get(channel=Channel.SMS).status == Status.QUEUED
    morning = timezone.make_aware(dt.datetime(2026, 3, 11, 8, 0))
    summary = services.send_due(now=morning)
    assert (summary["queued"], summary["sent"]) == (0, 1)
    assert len(sms_gateway.requests) == 1


def test_the_daily_limit_holds_the_rest_for_the_next_day(story, sms_gateway, smtp_server):
    OutreachSettings.objects.create(institution=story.centre, daily_sms_limit=0)
    summary = services.send_due(now=EVE)
    assert (summary["held_daily_limit"], sms_gateway.requests) == (1, [])
    assert Message.objects.get(channel=Channel.SMS).status == Status.QUEUED


def test_a_provider_error_fails_the_message_with_a_polish_reason(story, sms_gateway, smtp_server, caplog):
    sms_gateway.error = {"error": 13, "message": "No correct phone numbers"}
    summary = services.send_due(now=EVE)
    message = Message.objects.get(channel=Channel.SMS)
    assert (summary["failed"], message.status, message.provider_id, message.points) == (1, Status.FAILED, "", None)
    assert message.error == "Bramka SMS odrzuciła wiadomość (kod 13): bramka nie znalazła poprawnego numeru."
    assert "501234567" not in caplog.text and "Anna" not in caplog.text


def test_an_unreachable_gateway_keeps_the_message_and_the_retry_uses_the_same_idx(story, sms_gateway, smtp_server):
    sms_gateway.status = 503
    assert services.send_due(now=EVE)["retry_later"] == 1
    message = Message.objects.get(channel=Channel.SMS)
    assert message.status == Status.QUEUED
    sms_gateway.status = 200
    services.send_due(now=EVE + dt.timedelta(minutes=5))
    assert [r["idx"] for r in sms_gateway.requests] == [message.idx, message.idx]
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_retry_the_gateway_already_has_is_not_sent_again(story, sms_gateway, smtp_server):
    sms_gateway.error = {"error": 53, "message": "Not unique idx"}
    services.send_due(now=EVE)
    assert Message.objects.get(channel=Channel.SMS).status == Status.SENT


def test_without_configuration_a_channel_is_off_and_nothing_is_queued_for_it(story, settings):
    settings.INTEGRA_SMSAPI_TOKEN = ""
    settings.INTEGRA_EMAIL_URL = ""
    summary = services.send_due(now=EVE)
    assert (summary["queued"], summary["skipped_channel_off"], summary["channels"]) == (
        0,
        2,
        {"sms": False, "email": False},
    )
    assert Message.objects.count() == 0


def test_withdrawn_consent_and_a_fixed_line_number_get_nothing(story, sms_gateway, smtp_server):
    Consent.objects.filter(participant=story.celina).update(withdrawn_on=dt.date(2026, 3, 1))
    story.anna.phone = "+48221234567"  # Warszawa, a fixed line: no SMS reaches it
    story.anna.save()
    summary = services.send_due(now=EVE)
    assert (summary["queued"], summary["skipped_no_consent"], summary["skipped_invalid_contact"]) == (0, 2, 1)
    assert Message.objects.count() == 0 and sms_gateway.requests == [] and smtp_server.messages == []


def test_delivery_report_marks_delivered_and_a_forged_one_changes_nothing(story, sms_gateway, smtp_server, client):
    services.send_due(now=EVE)
    message = Message.objects.get(channel=Channel.SMS)
    forged = client.get(
        reverse("outreach:sms-status", args=["not-the-secret"]), {"MsgId": message.provider_id, "status": "404"}
    )
    assert forged.status_code == 404
    message.refresh_from_db()
    assert message.status == Status.SENT
    url = reverse("outreach:sms-status", args=[channels.callback_secret()])
    unknown = client.get(url, {"MsgId": "SMS99999999", "status": "404", "idx": message.idx})
    assert unknown.content == b"OK"
    message.refresh_from_db()
    assert message.status == Status.SENT  # the id and the idx must agree
    response = client.get(
        url, {"MsgId": message.provider_id, "status": "404", "idx": message.idx, "donedate": "1700000100"}
    )
    assert (response.status_code, response.content) == (200, b"OK")
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert HistoryEntry.objects.filter(object_id=message.pk, content_type__model="message").count() == 3


def test_an_undelivered_report_is_a_failure_to_look_at(story, sms_gateway, smtp_server, client):
    services.send_due(now=EVE)
    message = Message.objects.get(channel=Channel.SMS)
    client.post(
        reverse("outreach:sms-status", args=[channels.callback_secret()]),
        {"MsgId": message.provider_id, "status": "405"},
    )
    message.refresh_from_db()
    assert (message.status, message.error) == (Status.FAILED, "Wiadomość nie dotarła (raport operatora 405).")


def test_inbound_stop_withdraws_the_sms_consent_and_nothing_more_is_sent(story, sms_gateway, smtp_server, client):
    services.send_due(now=EVE)
    url = reverse("outreach:sms-inbound", args=[channels.callback_secret()])
    assert (
        client.post(
            reverse("outreach:sms-inbound", args=["forged"]), {"sms_from": "48501234567", "sms_text": "STOP"}
        ).status_code
        == 404
    )
    assert Consent.objects.get(participant=story.anna, purpose="sms").withdrawn_on is None
    client.post(url, {"sms_from": "48501234567", "sms_text": "Dziękuję", "sms_to": "MOPS Test", "MsgId": "1"})
    assert Consent.objects.get(participant=story.anna, purpose="sms").withdrawn_on is None
    response = client.post(
        url, {"sms_from": "48501234567", "sms_text": " stop ", "sms_to": "MOPS Test", "sms_date": "1700000000"}
    )
    assert response.content == b"OK"
    withdrawn = Consent.objects.get(participant=story.anna, purpose="sms")
    assert withdrawn.withdrawn_on == dt.date(2026, 3, 10)
    entry = HistoryEntry.objects.filter(object_id=withdrawn.pk, content_type__model="consent").latest("id")
    assert (entry.actor, entry.comment) == (None, "odpowiedź STOP na SMS")
    later = Session.objects.create(
        institution=story.centre,
        activity=story.activity,
        date=dt.date(2026, 3, 12),
        start_time=dt.time(9, 0),
        duration_minutes=60,
        room="Sala 2",
    )
    summary = services.send_due(now=EVE + dt.timedelta(days=1))
    assert Message.objects.filter(participant=story.anna, session=later).count() == 0
    assert summary["skipped_no_consent"] >= 1


def test_the_link_in_an_e_mail_withdraws_the_e_mail_consent_in_one_step(story, sms_gateway, smtp_server, client):
    services.send_due(now=EVE)
    body = smtp_server.messages[0].get_payload(decode=True).decode()
    link = next(word for word in body.split() if "/outreach/stop/" in word)
    path = urlsplit(link).path
    page = client.get(path)
    assert "Wycofuję zgodę na e-maile" in page.content.decode()
    assert Consent.objects.get(participant=story.celina).withdrawn_on is None  # a scanner's GET changes nothing
    client.post(path)
    assert Consent.objects.get(participant=story.celina).withdrawn_on == dt.date(2026, 3, 10)


def test_moving_a_session_sends_a_notice_and_a_new_reminder(story, sms_gateway, smtp_server):
    services.send_due(now=EVE)
    support.reschedule_session(
        actor=_coordinator(story),
        session=story.session,
        expected_version=story.session.version,
        date=dt.date(2026, 3, 11),
        start_time=dt.time(12, 0),
        duration_minutes=90,
        room="Sala 2",
    )
    notice = Message.objects.get(purpose=Purpose.MOVED, channel=Channel.SMS)
    assert notice.body == (
        f"{story.centre.name}: zajęcia „Warsztat kulinarny” z 11.03.2026 10:00 przeniesiono na 11.03.2026 o 12:00, Sala 2."
    )
    summary = services.send_due(now=EVE + dt.timedelta(minutes=10))
    assert summary["sent"] == 4  # the two notices and two reminders of the new hour
    assert len(sms_gateway.requests) == 3


def test_cancelling_a_session_sends_a_notice(story, sms_gateway, smtp_server):
    support.cancel_session(actor=_coordinator(story), session=story.session)
    notices = Message.objects.filter(purpose=Purpose.CANCELLED).order_by("channel")
    assert [(m.channel, m.participant_id) for m in notices] == [("email", story.celina.pk), ("sms", story.anna.pk)]
    services.send_due(now=EVE)
    assert sms_gateway.requests[0]["message"] == (
        f"{story.centre.name}: zajęcia „Warsztat kulinarny” 11.03.2026 o 10:00 są odwołane. Przepraszamy."
    )
