"""Authorisation matrix rows of the outreach screens (tests/test_crawl.py walks them)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from integra.core.testing.authz import ALL, MANAGERS, Rule
from integra.outreach import channels, services
from integra.outreach.models import Channel, Message, Purpose
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory

VIEWERS = MANAGERS | {"director"}


def _message(centre, channel: str, purpose: str) -> Message:
    part = ParticipationFactory(project__institution=centre, participant=ParticipantFactory(institution=centre))
    return Message.objects.create(
        institution=centre,
        participant=part.participant,
        participation=part,
        project=part.project,
        follow_up_kind="3m",
        purpose=purpose,
        channel=channel,
        key=f"authz:{centre.pk}:{channel}:{purpose}",
        recipient="+48501234567" if channel == Channel.SMS else "osoba@example.org",
        body="Czy pracuje Pan/Pani?",
        due_at=timezone.now(),
        link_expires_at=timezone.now() + dt.timedelta(days=14),
    )


def objects(world):
    answers = tuple(_message(c, Channel.SMS, Purpose.FOLLOW_UP) for c in (world.a, world.b))
    emails = tuple(_message(c, Channel.EMAIL, Purpose.REMINDER) for c in (world.a, world.b))
    secret = SimpleNamespace(pk=channels.callback_secret())
    return {
        "answer_token": tuple(SimpleNamespace(pk=services.answer_token(m)) for m in answers),
        "stop_token": tuple(SimpleNamespace(pk=services.stop_token(m)) for m in emails),
        "callback_secret": (secret, secret),
        "template_purpose": (SimpleNamespace(pk="reminder"), SimpleNamespace(pk="reminder")),
        "template_channel": (SimpleNamespace(pk="sms"), SimpleNamespace(pk="sms")),
    }


PUBLIC = "public: a participant's signed link (the token is the authority, no sign-in, no centre)"
CALLBACK = "public: the SMS gateway's callback, authenticated by the secret in its path"

RULES = [
    Rule("outreach:centre", allowed=VIEWERS),
    Rule("outreach:settings", allowed=MANAGERS),
    Rule("outreach:templates", allowed=MANAGERS),
    Rule(
        "outreach:template-edit",
        kwargs={"purpose": "template_purpose", "channel": "template_channel"},
        allowed=MANAGERS,
        other_centre=False,
        note="the kind of message, not a centre's row, is in the URL; each centre edits its own text",
    ),
    Rule(
        "outreach:answer",
        kwargs={"token": "answer_token"},
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note=PUBLIC,
    ),
    Rule(
        "outreach:stop",
        kwargs={"token": "stop_token"},
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note=PUBLIC,
    ),
    Rule(
        "outreach:sms-status",
        kwargs={"secret": "callback_secret"},
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note=CALLBACK,
    ),
    Rule(
        "outreach:sms-inbound",
        kwargs={"secret": "callback_secret"},
        allowed=ALL,
        method="POST",
        anonymous=frozenset({200}),
        other_centre=False,
        note=CALLBACK,
    ),
]
