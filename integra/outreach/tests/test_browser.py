"""A participant answers the follow-up question on a 390 px phone, without signing in; the link then says it
was used, and an expired one says so."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from integra.outcomes.models import FollowUp
from integra.outreach import services
from integra.outreach.models import Message, Purpose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _question(story) -> Message:
    from integra.outcomes.models import Exit
    from integra.projects.models import Participation

    part = Participation.objects.get(project=story.project, participant=story.anna)
    Exit.objects.create(
        institution=story.centre,
        participation=part,
        exit_on=timezone.localdate() - dt.timedelta(days=28),
        reason="completed",
    )
    summary = services.send_due()
    assert summary["queued"] >= 1
    return Message.objects.get(purpose=Purpose.FOLLOW_UP)


@pytest.fixture
def phone_page(browser_page):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    return browser_page


def test_a_participant_answers_on_a_phone_without_signing_in(story, sms_gateway, phone_page, tmp_path):
    story.session.delete()
    message = _question(story)
    path = urlsplit(next(w for w in message.body.split() if "/outreach/m/" in w)).path
    phone_page.goto(path)
    assert phone_page.locator("h1").inner_text() == "Czy pracuje Pan/Pani?"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone_page.screenshot(path=str(tmp_path / "answer-390.png"), full_page=True)
    phone_page.get_by_label("nie, szukam pracy").check()
    phone_page.get_by_role("button", name="Wyślij odpowiedź").click()
    assert phone_page.locator("h1").inner_text() == "Dziękujemy za odpowiedź"
    follow_up = FollowUp.objects.get(kind="28d")
    assert (follow_up.answer, follow_up.answer_status, follow_up.channel) == ("job_searching", "awaiting", "sms")
    phone_page.goto(path)
    assert (
        phone_page.locator("#link-reason").inner_text() == "Na to pytanie już odpowiedziano przez ten link. Dziękujemy!"
    )
    Message.objects.filter(pk=message.pk).update(
        answered_at=None, status="sent", link_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    phone_page.goto(path)
    assert (
        phone_page.locator("#link-reason").inner_text()
        == "Ten link wygasł. Jeśli chcesz odpowiedzieć, zadzwoń do ośrodka."
    )
