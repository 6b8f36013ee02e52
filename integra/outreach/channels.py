"""The two real channels: e-mail through Django's mail framework (INTEGRA_EMAIL_URL) and SMS through SMSAPI.pl's
own client library (`smsapi-client`: INTEGRA_SMSAPI_TOKEN, INTEGRA_SMSAPI_URL, INTEGRA_SMS_SENDER).

A channel without its configuration is off (`enabled`): nothing is queued for it and the screens say so.
Each send returns a `Sent` or raises `Refused` (the provider said no: the message fails with the reason) or
`Unreachable` (no answer: the message stays queued and is tried again; SMSAPI's `idx` with `check_idx=1`
makes the retry safe)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import smtplib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integra.core import mailurl
from integra.outreach.models import Channel

logger = logging.getLogger(__name__)

# SMSAPI error codes (the provider's documentation, "Kody błędów"): the message is refused for a reason of its own.
IDX_ALREADY_USED = "53"  # check_idx=1: a message with this idx was already sent — our retry after a lost answer
SMSAPI_REASONS = {
    "11": _("the text is too long or empty"),
    "13": _("the gateway found no valid number to send to"),
    "14": _("the sender name is not accepted by the gateway"),
    "101": _("the gateway refused the access token"),
    "102": _("the gateway refused the access token"),
    "103": _("there are no credits left on the SMS account"),
    "105": _("the gateway refuses this server's address"),
}
MSG_REFUSED = _("The SMS gateway refused the message (code %(code)s): %(reason)s.")
MSG_REFUSED_OTHER = _("the gateway gave no reason we know")
MSG_EMAIL_REFUSED = _("The mail server refused the message (%(reason)s).")


@dataclass(frozen=True)
class Sent:
    provider_id: str = ""
    points: Decimal | None = None


class Refused(Exception):
    """The provider refused this message; `code` is safe to log, `reason` is Polish for staff."""

    def __init__(self, code: str, reason: str):
        super().__init__(code)
        self.code, self.reason = code, reason


class Unreachable(Exception):
    """The provider could not be reached or did not answer; the message is tried again later."""


def enabled(channel: str) -> bool:
    """The channel is configured (SMS: an access token; e-mail: INTEGRA_EMAIL_URL)."""
    if channel == Channel.SMS:
        return bool(settings.INTEGRA_SMSAPI_TOKEN)
    return email_config() is not None


def email_config() -> mailurl.EmailConfig | None:
    return mailurl.parse(settings.INTEGRA_EMAIL_URL)


def callback_secret() -> str:
    """The secret part of the gateway's callback URLs: INTEGRA_SMS_CALLBACK_SECRET or one derived from the
    installation's secret key (whoever does not know it cannot forge a delivery report or a „STOP”)."""
    if settings.INTEGRA_SMS_CALLBACK_SECRET:
        return settings.INTEGRA_SMS_CALLBACK_SECRET
    return hmac.new(settings.SECRET_KEY.encode(), b"integra.outreach.sms-callback", hashlib.sha256).hexdigest()[:40]


def public_url(name: str, *args: object) -> str:
    return settings.INTEGRA_PUBLIC_URL + reverse(name, args=args)


def send_sms(*, number: str, text: str, idx: str) -> Sent:
    """Hand one text to SMSAPI's sms.do: `idx` with `check_idx=1` (never twice), `notify_url` for the report."""
    # requests and smsapi cost every process start 50-70 ms; only sending a text needs them (DEVELOPING.md,
    # "Heavy libraries").
    import requests
    from smsapi.client import Client
    from smsapi.exception import EndpointException, SendException

    client = Client(settings.INTEGRA_SMSAPI_URL, access_token=settings.INTEGRA_SMSAPI_TOKEN)
    params: dict[str, object] = {
        "to": number.lstrip("+"),
        "message": text,
        "encoding": "utf-8",
        "idx": idx,
        "check_idx": 1,
        "notify_url": public_url("outreach:sms-status", callback_secret()),
        "timeout": 15,
    }
    if settings.INTEGRA_SMS_SENDER:
        params["from_"] = settings.INTEGRA_SMS_SENDER
    try:
        result = client.sms.send(**params)
    except SendException as exc:
        code = str(exc.code or "")
        if code == IDX_ALREADY_USED:
            return Sent()
        reason = SMSAPI_REASONS.get(code, MSG_REFUSED_OTHER)
        raise Refused(code, str(MSG_REFUSED) % {"code": code or "?", "reason": reason}) from exc
    except EndpointException as exc:  # an HTTP error: a 5xx is the gateway's trouble, tried again
        if str(exc.code or "").startswith("5"):
            raise Unreachable(str(exc.code)) from exc
        raise Refused(str(exc.code or ""), str(MSG_REFUSED) % {"code": exc.code, "reason": MSG_REFUSED_OTHER}) from exc
    except requests.RequestException as exc:
        raise Unreachable(type(exc).__name__) from exc
    sent = next(iter(result.results), None) if getattr(result, "results", None) else None
    if sent is None:
        raise Unreachable("empty answer")
    try:
        points = Decimal(str(sent.points)) if sent.points is not None else None
    except InvalidOperation:
        points = None
    return Sent(provider_id=str(sent.id or ""), points=points)


def send_email(*, address: str, subject: str, text: str, message_id: str, stop_url: str) -> Sent:
    """Send one e-mail through the configured server; every e-mail carries its one-click withdrawal link."""
    config = email_config()
    if config is None:
        raise Unreachable("e-mail is not configured")
    connection = get_connection(config.backend, fail_silently=False, **config.connection_kwargs())
    domain = settings.INTEGRA_EMAIL_FROM.rpartition("@")[2] or "integra.local"
    email = EmailMessage(
        subject=subject,
        body=text,
        from_email=settings.INTEGRA_EMAIL_FROM,
        to=[address],
        connection=connection,
        headers={
            "Message-ID": make_msgid(idstring=message_id, domain=domain),
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise Refused("recipient", str(MSG_EMAIL_REFUSED) % {"reason": "adres odbiorcy odrzucony"}) from exc
    except smtplib.SMTPResponseException as exc:
        if 500 <= exc.smtp_code < 600:
            raise Refused(str(exc.smtp_code), str(MSG_EMAIL_REFUSED) % {"reason": exc.smtp_code}) from exc
        raise Unreachable(str(exc.smtp_code)) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise Unreachable(type(exc).__name__) from exc
    return Sent()
