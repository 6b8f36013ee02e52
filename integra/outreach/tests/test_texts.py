"""Message texts: SMS parts (GSM-7, its extension table counting double, or UCS-2), the templates' safe
substitution (as letters: no format specs), the preview, and the centre's settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.outreach.models import MessageTemplate, OutreachSettings
from integra.outreach.texts import sms_length


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # the extension table: each takes two septets
        ("[" * 81, "GSM-7", 162, 2),
        ("ą" * 70, "UCS-2", 70, 1),  # one Polish letter makes it Unicode
        ("Zajęcia" + "a" * 64, "UCS-2", 71, 2),
        ("„cudzysłów”" + "a" * 123, "UCS-2", 134, 2),
        ("ą" * 135, "UCS-2", 135, 3),
        ("", "GSM-7", 0, 0),
    ],
)
def test_sms_parts(text, encoding, units, parts):
    length = sms_length(text)
    assert (length.encoding, length.units, length.parts) == (encoding, units, parts)


@pytest.mark.django_db
def test_a_template_with_a_format_spec_is_refused_and_nothing_saved(coordinator):
    url = reverse("outreach:template-edit", args=["reminder", "sms"])
    response = coordinator.client.post(url, {"body": "{imie:>999999999} ma zajęcia {zajecia}"})
    html = response.content.decode()
    assert "symbol zapisz samą nazwą, np. {imie}" in html
    response = coordinator.client.post(url, {"body": "Jutro {nieznany}"})
    assert "Nieznany symbol {nieznany}." in response.content.decode()
    assert (
        MessageTemplate.objects.count() == 0
        and not HistoryEntry.objects.filter(content_type__model="messagetemplate").exists()
    )


@pytest.mark.django_db
def test_preview_fills_the_placeholders_and_counts_parts_without_saving(coordinator):
    url = reverse("outreach:template-edit", args=["reminder", "sms"])
    response = coordinator.client.post(url, {"body": "{osrodek}: {zajecia} {data} {godzina}", "preview": "1"})
    html = response.content.decode()
    assert f"{coordinator.institution.name}: Trening umiejętności społecznych 12.03.2026 10:00" in html
    assert response.context["length"].parts >= 1
    assert MessageTemplate.objects.count() == 0
    coordinator.client.post(url, {"body": "{osrodek}: jutro {zajecia} o {godzina}."})
    saved = MessageTemplate.objects.get()
    assert (saved.purpose, saved.channel, saved.body) == ("reminder", "sms", "{osrodek}: jutro {zajecia} o {godzina}.")


@pytest.mark.django_db
def test_a_reminder_time_at_night_is_refused(coordinator):
    url = reverse("outreach:settings")
    response = coordinator.client.post(url, {"reminder_time": "21:30", "daily_sms_limit": "100"})
    assert "Wybierz godzinę między 08:00 a 20:00" in response.content.decode()
    assert OutreachSettings.objects.count() == 0
    coordinator.client.post(url, {"reminder_time": "15:00", "daily_sms_limit": "100"})
    row = OutreachSettings.objects.get()
    assert (row.reminder_time, row.daily_sms_limit) == (dt.time(15, 0), 100)


@pytest.mark.django_db
def test_the_centre_screen_says_a_channel_is_off(coordinator, settings):
    settings.INTEGRA_SMSAPI_TOKEN = ""
    settings.INTEGRA_EMAIL_URL = ""
    html = coordinator.client.get(reverse("outreach:centre")).content.decode()
    assert "wyłączony — nie skonfigurowano go w tej instalacji" in html


@pytest.mark.django_db
def test_the_centre_screen_pages_todays_messages_and_counts_the_failures_it_leaves_out(coordinator, settings):
    """Today's messages were cut at 200 and failures at 100 without a word: the first pages, the second says so."""
    from integra.outreach import views
    from integra.outreach.models import Channel, Message, Purpose, Status
    from integra.outreach.tests.authz import _message

    settings.INTEGRA_PAGE_SIZE = 2
    for n in range(3):
        sent = _message(coordinator.institution, Channel.EMAIL, Purpose.REMINDER)
        Message.objects.filter(pk=sent.pk).update(key=f"page:{n}")
    for n in range(3):
        failed = _message(coordinator.institution, Channel.SMS, Purpose.FOLLOW_UP)
        Message.objects.filter(pk=failed.pk).update(key=f"failed:{n}", status=Status.FAILED, error="zły numer")
    views.FAILURES_SHOWN, shown = 2, views.FAILURES_SHOWN
    try:
        first = coordinator.client.get(reverse("outreach:centre")).content.decode()
    finally:
        views.FAILURES_SHOWN = shown
    assert 'id="outgoing-pages"' in first and "strona 1 z 3" in first  # six messages today, two a page
    assert 'id="failures-shown">najnowsze 2 z 3<' in first
