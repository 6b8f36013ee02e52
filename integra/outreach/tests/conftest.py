"""Real channels in the test process: a local HTTP server that answers as SMSAPI's sms.do does, and a real
SMTP server (aiosmtpd). Both record what reached them, so a test asserts what a participant would receive."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from aiosmtpd.controller import Controller

from integra.people.models import Consent
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory


@dataclass
class SmsGateway:
    """What the fake sms.do received, and what it answers next (`error` makes it refuse like SMSAPI)."""

    port: int = 0
    requests: list[dict[str, str]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    error: dict | None = None
    status: int = 200
    points: str = "0.165"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def _handler(gateway: SmsGateway):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path.rstrip("/").endswith("sms.do"):
                gateway.requests.append(form)
                gateway.authorizations.append(self.headers.get("Authorization", ""))
            if gateway.status != 200:
                body, status = b"Service Unavailable", gateway.status
            elif gateway.error is not None:
                body, status = json.dumps(gateway.error).encode(), 200
            else:
                number = form.get("to", "")
                answer = {
                    "count": 1,
                    "list": [
                        {
                            "id": f"SMS{len(gateway.requests):08d}",
                            "points": gateway.points,
                            "number": number,
                            "date_sent": 1700000000,
                            "submitted_number": number,
                            "status": "QUEUE",
                        }
                    ],
                }
                body, status = json.dumps(answer).encode(), 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep the test output clean
            pass

    return Handler


@pytest.fixture
def sms_gateway(settings):
    gateway = SmsGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    gateway.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.INTEGRA_SMSAPI_TOKEN = "test-token-123"
    settings.INTEGRA_SMSAPI_URL = gateway.url
    settings.INTEGRA_SMS_SENDER = "MOPS Test"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


class _Inbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd connects to its own port to know it is up)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.INTEGRA_EMAIL_URL = f"smtp://127.0.0.1:{controller.port}"
    settings.INTEGRA_EMAIL_FROM = "przypomnienia@mops-test.pl"
    try:
        yield inbox
    finally:
        controller.stop()


def consent(person, purpose, given_on=dt.date(2026, 1, 5), **extra):
    return Consent.objects.create(
        institution=person.institution, participant=person, purpose=purpose, given_on=given_on, **extra
    )


@dataclass
class Story:
    """A centre with a workshop tomorrow at 10:00 and three people enrolled: Anna agreed to SMS, Beata to nothing,
    Celina to e-mail."""

    centre: object
    project: object
    activity: object
    session: object
    anna: object
    beata: object
    celina: object


@pytest.fixture
def story(coordinator) -> Story:
    centre = coordinator.institution
    project = ProjectFactory(institution=centre, start_on=dt.date(2026, 1, 1), end_on=dt.date(2026, 12, 31))
    activity = ActivityFactory(
        project=project,
        title="Warsztat kulinarny",
        start_on=dt.date(2026, 1, 1),
        end_on=dt.date(2026, 12, 31),
        room="Sala 2",
    )
    session = SessionFactory(activity=activity, date=dt.date(2026, 3, 11), start_time=dt.time(10, 0), room="Sala 2")
    anna = ParticipantFactory(
        institution=centre, first_name="Anna", phone="+48501234567", birth_date=dt.date(1980, 1, 2)
    )
    beata = ParticipantFactory(
        institution=centre, first_name="Beata", phone="+48502345678", birth_date=dt.date(1981, 2, 3)
    )
    celina = ParticipantFactory(
        institution=centre, first_name="Celina", phone="", email="celina@example.org", birth_date=dt.date(1982, 3, 4)
    )
    for person in (anna, beata, celina):
        ParticipationFactory(project=project, participant=person, start_on=dt.date(2026, 1, 10))
        EnrolmentFactory(activity=activity, participant=person, enrolled_on=dt.date(2026, 1, 10))
    consent(anna, Consent.Purpose.SMS, given_via="deklaracja uczestnictwa")
    consent(celina, Consent.Purpose.EMAIL, given_via="deklaracja uczestnictwa")
    return Story(centre, project, activity, session, anna, beata, celina)
