"""The texts of messages: Integra's Polish defaults, a centre's own templates, safe filling and SMS length.

A centre edits its texts on the templates screen; a placeholder is a bare `{name}` from `PLACEHOLDERS`, filled
by the same safe substitution as letters (integra.core.placeholders: no format specs, no attributes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from integra.core import placeholders
from integra.outreach.models import Channel, MessageTemplate, Purpose

PLACEHOLDERS = ("osrodek", "imie", "zajecia", "data", "godzina", "miejsce", "poprzednio", "link")
PLACEHOLDER_HELP = {
    "osrodek": _("the centre's name"),
    "imie": _("the participant's first name"),
    "zajecia": _("the activity"),
    "data": _("the session's date (a moved session: the new one)"),
    "godzina": _("the session's start time"),
    "miejsce": _("where it takes place"),
    "poprzednio": _("a moved session: its former date and time"),
    "link": _("a follow-up question: the participant's personal one-time link"),
}

# Integra's own texts, in Polish (the participants' language); a centre's template replaces one of them.
DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    (Purpose.REMINDER, Channel.SMS): (
        "",
        "{osrodek}: przypominamy o zajęciach „{zajecia}” {data} o {godzina}, {miejsce}. Rezygnacja z SMS: odpisz STOP",
    ),
    (Purpose.REMINDER, Channel.EMAIL): (
        "Przypomnienie: {zajecia}, {data} o {godzina}",
        "Dzień dobry,\n\nprzypominamy o zajęciach „{zajecia}”: {data} o godz. {godzina}, {miejsce}.\n\n"
        "Do zobaczenia!\n{osrodek}",
    ),
    (Purpose.MOVED, Channel.SMS): (
        "",
        "{osrodek}: zajęcia „{zajecia}” z {poprzednio} przeniesiono na {data} o {godzina}, {miejsce}.",
    ),
    (Purpose.MOVED, Channel.EMAIL): (
        "Zmiana terminu: {zajecia}",
        "Dzień dobry,\n\nzajęcia „{zajecia}” zaplanowane na {poprzednio} przenieśliśmy na {data}, "
        "godz. {godzina}, {miejsce}.\n\nPozdrawiamy\n{osrodek}",
    ),
    (Purpose.CANCELLED, Channel.SMS): (
        "",
        "{osrodek}: zajęcia „{zajecia}” {data} o {godzina} są odwołane. Przepraszamy.",
    ),
    (Purpose.CANCELLED, Channel.EMAIL): (
        "Odwołane zajęcia: {zajecia}, {data}",
        "Dzień dobry,\n\nzajęcia „{zajecia}” zaplanowane na {data}, godz. {godzina}, są odwołane. Przepraszamy.\n\n"
        "{osrodek}",
    ),
    (Purpose.FOLLOW_UP, Channel.SMS): (
        "",
        "{osrodek}: {imie}, prosimy o jedną odpowiedź: czy pracuje Pan/Pani? {link}",
    ),
    (Purpose.FOLLOW_UP, Channel.EMAIL): (
        "Krótkie pytanie od: {osrodek}",
        "Dzień dobry, {imie},\n\nchcemy wiedzieć, jak się Panu/Pani wiedzie po zakończeniu udziału w projekcie. "
        "Prosimy o jedną odpowiedź — czy pracuje Pan/Pani? Wystarczy otworzyć link (działa raz, bez logowania):\n"
        "{link}\n\nDziękujemy!\n{osrodek}",
    ),
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def template_for(institution_id: int, purpose: str, channel: str) -> Text:
    """The centre's own text of the kind, or Integra's default."""
    own = MessageTemplate.objects.filter(institution_id=institution_id, purpose=purpose, channel=channel).first()
    if own is not None:
        return Text(own.subject, own.body)
    subject, body = DEFAULTS[(purpose, channel)]
    return Text(subject, body)


def check(text: str) -> None:
    """ValidationError unless every placeholder is a known one written as a bare `{name}`."""
    placeholders.check(text, PLACEHOLDERS)


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders filled (a placeholder without a value becomes empty)."""
    return placeholders.fill(text, {name: values.get(name, "") for name in PLACEHOLDERS}, PLACEHOLDERS).strip()


# --- SMS length: GSM 03.38 (7-bit) or UCS-2 --------------------------------------------------------------------

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each of these takes two septets (an escape and the character).
GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" | "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int
    per_part: int  # characters a part holds in this encoding (of a multi-part message)


def sms_length(text: str) -> SmsLength:
    """How many SMS parts a text takes: GSM-7 holds 160 (153 a part when split), the extension table's characters
    count double; one character outside GSM-7 (ą, ę, ł, „…) makes it Unicode: 70 (67 a part when split)."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units == 0:
        parts = 0
    elif units <= single:
        parts = 1
    else:
        parts = math.ceil(units / multi)
    return SmsLength(encoding=encoding, units=units, parts=parts, per_part=single if parts <= 1 else multi)
