"""The DPO's access log: searchable, PESEL only by POST, append-only, purged only by retention."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory

from integra.core.accesslog import log_access
from integra.core.models import AccessLogEntry
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(dpo, social_worker, coordinator, outsider):
    anna = ParticipantFactory(institution=dpo.institution, first_name="Anna", last_name="Zielińska")
    jan = ParticipantFactory(institution=dpo.institution, first_name="Jan", last_name="Wróbel")
    stranger = ParticipantFactory(institution=outsider.institution)
    with time_machine.travel("2026-03-02 09:00:00+01:00", tick=False):
        log_access(
            user=social_worker.user, institution_id=dpo.institution.pk, kind="view", subject=anna, what="people/detail"
        )
    with time_machine.travel("2026-03-05 09:00:00+01:00", tick=False):
        log_access(user=coordinator.user, institution_id=dpo.institution.pk, kind="export", what="participants.xlsx")
        log_access(
            user=coordinator.user, institution_id=dpo.institution.pk, kind="view", subject=jan, what="people/detail"
        )
    log_access(user=outsider.user, institution_id=outsider.institution.pk, kind="view", subject=stranger)
    return anna, jan, stranger


def _rows(response):
    return [(e.user.username, e.kind, e.subject_id, e.what) for e in response.context["page"]]


def test_dpo_sees_own_centre_entries_newest_first(dpo, world):
    anna, jan, _ = world
    response = dpo.client.get("/privacy/access-log/")
    assert _rows(response) == [
        ("koordynator", "view", jan.pk, "people/detail"),
        ("koordynator", "export", None, "participants.xlsx"),
        ("pracownik", "view", anna.pk, "people/detail"),
    ]
    assert "Rejestr dostępu" in response.content.decode()


def test_filters_by_user_person_kind_and_dates(dpo, world, social_worker, coordinator):
    anna, jan, _ = world
    get = dpo.client.get
    assert _rows(get("/privacy/access-log/", {"user": social_worker.user.pk})) == [
        ("pracownik", "view", anna.pk, "people/detail")
    ]
    assert [r[2] for r in _rows(get("/privacy/access-log/", {"participant": jan.pk}))] == [jan.pk]
    assert [r[3] for r in _rows(get("/privacy/access-log/", {"kind": "export"}))] == ["participants.xlsx"]
    in_range = _rows(get("/privacy/access-log/", {"date_from": "2026-03-01", "date_to": "2026-03-02"}))
    assert in_range == [("pracownik", "view", anna.pk, "people/detail")]
    bad = get("/privacy/access-log/", {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert bad.status_code == 400 and "Data końcowa jest wcześniejsza" in bad.content.decode()


def test_pesel_search_is_posted_and_scoped_to_the_centre(dpo, world):
    anna, _, stranger = world
    response = dpo.client.post("/privacy/access-log/", {"person": anna.pesel})
    assert response.status_code == 200
    assert [r[2] for r in _rows(response)] == [anna.pk]
    assert anna.pesel not in response.content.decode().split('name="person"')[0]  # not echoed in links
    assert _rows(dpo.client.post("/privacy/access-log/", {"person": stranger.pesel})) == []
    invalid = dpo.client.post("/privacy/access-log/", {"person": "12345678901"})
    assert invalid.status_code == 400 and "Podaj poprawny 11-cyfrowy numer PESEL" in invalid.content.decode()


def test_surname_search_of_the_access_log_finds_the_person_and_no_pesel_error(dpo, world):
    anna, _jan, stranger = world
    response = dpo.client.post("/privacy/access-log/", {"person": "zielińska"})
    assert response.status_code == 200 and "PESEL" not in response.context["person_form"].errors.as_text()
    assert [r[2] for r in _rows(response)] == [anna.pk]
    stranger.last_name = "Zielińska"
    stranger.save()
    assert [r[2] for r in _rows(dpo.client.post("/privacy/access-log/", {"person": "Zielińska"}))] == [anna.pk]


def test_access_log_is_append_only_in_the_app_and_the_admin(world):
    entry = AccessLogEntry.objects.first()
    entry.what = "changed"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    model_admin = admin.site._registry[AccessLogEntry]
    request = RequestFactory().get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_purge_deletes_only_entries_past_retention(settings, world, capsys):
    settings.INTEGRA_ACCESS_LOG_RETENTION_DAYS = 30
    with time_machine.travel("2026-04-03 12:00:00+02:00", tick=False):
        call_command("purge-access-log", "--dry-run")
        assert "would delete 1 access-log entries" in capsys.readouterr().out
        assert AccessLogEntry.objects.count() == 4
        call_command("purge-access-log")
    assert AccessLogEntry.objects.count() == 3
    assert not AccessLogEntry.objects.filter(at__lt=dt.datetime(2026, 3, 4, tzinfo=dt.UTC)).exists()
