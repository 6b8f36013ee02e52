"""Outcome screens in Polish: project participants, exit/result/follow-up forms, follow-ups due, sheet import/export."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from integra.core.models import AccessLogEntry
from integra.outcomes.models import Exit, FollowUp, Result, SheetImport
from integra.outcomes.tests.factories import FollowUpFactory
from integra.outcomes.tests.sheetdata import build_project, row, xlsx_file, xlsx_values
from integra.people.models import Participant
from integra.projects.models import Participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_project_screen_lists_participants_with_exit_and_results(coordinator, django_assert_max_num_queries):
    project, _ = build_project(coordinator.institution)
    with django_assert_max_num_queries(12):
        response = coordinator.client.get(reverse("outcomes:project-outcomes", args=[project.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Łęcka Łucja" in text and "31.10.2011 · zakończenie zgodnie ze ścieżką" in text
    assert "05.11.2011 umowa o pracę" in text
    assert text.index("Lis Adam") < text.index("Łęcka Łucja") < text.index("Śliwa Ewa")


def test_exit_form_records_exit(social_worker):
    part = ParticipationFactory(
        project=ProjectFactory(institution=social_worker.institution), start_on=dt.date(2011, 2, 1)
    )
    url = reverse("outcomes:exit-record", args=[part.pk])
    response = social_worker.client.post(url, {"exit_on": "2011-01-15", "reason": "completed"})
    assert (
        "Data zakończenia nie może być wcześniejsza niż rozpoczęcie udziału (01.02.2011)." in response.content.decode()
    )
    assert Exit.objects.count() == 0
    response = social_worker.client.post(url, {"exit_on": "2011-06-30", "reason": "completed"})
    assert response.status_code == 302
    assert Exit.objects.get().exit_on == dt.date(2011, 6, 30)


def test_result_form_records_result(coordinator):
    part = ParticipationFactory(
        project=ProjectFactory(institution=coordinator.institution), start_on=dt.date(2011, 2, 1)
    )
    response = coordinator.client.post(
        reverse("outcomes:result-record", args=[part.pk]),
        {"kind": "qualification", "achieved_on": "2011-05-05", "qualification_name": "Kucharz"},
    )
    assert response.status_code == 302
    assert list(Result.objects.values_list("kind", "qualification_name")) == [("qualification", "Kucharz")]


@time_machine.travel(dt.datetime(2012, 1, 4, 10, tzinfo=dt.UTC))
def test_follow_ups_due_this_week_lists_only_this_centres_open_ones(social_worker, outsider):
    mine = ParticipationFactory(project=ProjectFactory(institution=social_worker.institution))
    mine.participant.last_name = "Żak"
    mine.participant.save()
    FollowUpFactory(participation=mine, due_on=dt.date(2012, 1, 8))  # Sunday of this week
    FollowUpFactory(participation=mine, kind="6m", due_on=dt.date(2012, 1, 9))  # next week
    theirs = ParticipationFactory(project=ProjectFactory(institution=outsider.institution))
    FollowUpFactory(participation=theirs, due_on=dt.date(2012, 1, 5))
    response = social_worker.client.get(reverse("outcomes:follow-ups-due"))
    text = response.content.decode()
    assert "Monitoring do wykonania w tym tygodniu" in text and "02.01.2012 – 08.01.2012" in text
    assert [f.due_on for f in response.context["due"]] == [dt.date(2012, 1, 8)]
    assert "Żak" in text and theirs.participant.last_name not in text


@time_machine.travel(dt.datetime(2012, 1, 4, 10, 0, tzinfo=dt.UTC), tick=False)
def test_follow_ups_of_one_day_read_in_polish_order_of_surname_then_first_name(social_worker):
    project = ProjectFactory(institution=social_worker.institution)
    for first, last in (("Zofia", "Nowak"), ("Łucja", "Nowak"), ("Agata", "Nowak"), ("Ewa", "Ćwik")):
        participation = ParticipationFactory(
            project=project,
            participant__institution=social_worker.institution,
            participant__first_name=first,
            participant__last_name=last,
        )
        FollowUpFactory(participation=participation, kind="3m", due_on=dt.date(2012, 1, 6))
    response = social_worker.client.get(reverse("outcomes:follow-ups-due"))
    names = [
        (f.participation.participant.last_name, f.participation.participant.first_name) for f in response.context["due"]
    ]
    assert names == [("Ćwik", "Ewa"), ("Nowak", "Agata"), ("Nowak", "Łucja"), ("Nowak", "Zofia")]


def test_follow_up_form_saves(social_worker):
    part = ParticipationFactory(
        project=ProjectFactory(institution=social_worker.institution),
        start_on=dt.date(2011, 2, 1),
        end_on=dt.date(2011, 10, 31),
    )
    follow_up = FollowUpFactory(participation=part)
    response = social_worker.client.post(
        reverse("outcomes:follow-up-record", args=[follow_up.pk]),
        {"done_on": "2012-01-31", "employed": "yes", "improved_situation": ""},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.employed, follow_up.improved_situation) == (dt.date(2012, 1, 31), True, None)


def _upload(persona, project, data, name="arkusz.xlsx", dry_run=True):
    payload = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        payload["dry_run"] = "on"
    return persona.client.post(reverse("outcomes:sheet-import", args=[project.pk]), payload)


def test_dry_run_screen_then_apply_then_download_errors(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    data = xlsx_file([row(), row(c5="85031412346", c3="Jan", c4="Zły")])
    response = _upload(coordinator, project, data)
    dry = SheetImport.objects.get()
    assert response.status_code == 302 and Participant.objects.count() == 0
    page = coordinator.client.get(response["Location"]).content.decode()
    assert "Raport importu (próba: niczego nie zapisano)" in page
    assert "PESEL: 85031412346 ma błędną cyfrę kontrolną" in page
    response = coordinator.client.post(reverse("outcomes:sheet-import-apply", args=[dry.pk]))
    real = SheetImport.objects.exclude(pk=dry.pk).get()
    assert (real.dry_run, real.created, real.rejected) == (False, 1, 1)
    assert list(Participant.objects.values_list("last_name", flat=True)) == ["Nowak"]
    again = coordinator.client.post(reverse("outcomes:sheet-import-apply", args=[dry.pk]), follow=True)
    assert "Ten plik został już zaimportowany." in again.content.decode()
    assert Participant.objects.count() == 1
    errors = coordinator.client.get(reverse("outcomes:sheet-import-errors", args=[real.pk]))
    values = xlsx_values(b"".join(errors.streaming_content) if errors.streaming else errors.content)
    assert values[1][3] == "Zły" and values[1][-1] == "PESEL: 85031412346 ma błędną cyfrę kontrolną"


@pytest.mark.parametrize("size", [5_000, 200_000])  # caught by the form / by the request length
@override_settings(INTEGRA_MAX_UPLOAD_BYTES=1024)
def test_upload_over_the_limit_gets_a_clear_message(coordinator, size):
    project = ProjectFactory(institution=coordinator.institution)
    response = _upload(coordinator, project, b"x" * size, name="a.csv")
    assert response.status_code == 200
    assert "Plik jest za duży: można przesłać najwyżej 0 MB." in response.content.decode()
    assert SheetImport.objects.count() == 0


def test_corrupt_upload_shows_the_reason_not_a_server_error(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    response = _upload(coordinator, project, b"PK\x03\x04\x00\x00broken", dry_run=False)
    page = coordinator.client.get(response["Location"]).content.decode()
    assert "Plik nie jest poprawnym skoroszytem XLSX" in page
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_download_is_logged(coordinator, fmt):
    project, _ = build_project(coordinator.institution)
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False):
        response = coordinator.client.get(reverse(f"outcomes:sheet-export-{fmt}", args=[project.pk]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert f'filename="LEZ-CNA-2011_arkusz-uczestnikow_2026-11-25.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        assert body.decode("utf-8-sig").splitlines()[1].startswith("Polska;Indywidualny;Adam;Lis;")
    else:
        assert xlsx_values(body)[1][2:4] == ["Adam", "Lis"]
    entry = AccessLogEntry.objects.get()
    assert (entry.kind, entry.what, entry.user) == ("export", f"uczestnicy-LEZ-CNA-2011.{fmt}", coordinator.user)


def test_outsider_gets_404_and_wrong_role_403(coordinator, outsider, accountant, specialist):
    project, parts = build_project(coordinator.institution)
    follow_up = FollowUp.objects.filter(participation__project=project).first()
    urls = [
        reverse("outcomes:project-outcomes", args=[project.pk]),
        reverse("outcomes:exit-record", args=[parts[0].pk]),
        reverse("outcomes:result-record", args=[parts[0].pk]),
        reverse("outcomes:follow-up-record", args=[follow_up.pk]) if follow_up else None,
    ]
    for url in filter(None, urls):
        assert outsider.client.get(url).status_code == 404, url
    assert accountant.client.get(reverse("outcomes:exit-record", args=[parts[0].pk])).status_code == 403
    assert specialist.client.get(reverse("outcomes:sheet-export-xlsx", args=[project.pk])).status_code == 403
    assert specialist.client.get(reverse("outcomes:follow-ups-due")).status_code == 403


@time_machine.travel(dt.datetime(2011, 12, 5, 9, tzinfo=dt.UTC))
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_participant_history_says_imported_from_which_sheet_on_which_day(coordinator, fmt):
    """An import records one history entry per person it creates (issue 16): the file and the day, no snapshot."""
    from integra.core.models import HistoryEntry
    from integra.outcomes.tests.sheetdata import csv_file

    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    data = (xlsx_file if fmt == "xlsx" else csv_file)(
        [row(c22="01.03.2011", c23="30.06.2011", c32="Osoba pracująca", c33="Tak")]
    )
    response = _upload(coordinator, project, data, name=f"nabór-marzec.{fmt}", dry_run=False)
    assert response.status_code == 302
    person = Participant.objects.get()
    entry = HistoryEntry.objects.get(object_id=person.pk, content_type__model="participant")
    assert (entry.action, entry.comment) == ("create", f"Import arkusza uczestników: nabór-marzec.{fmt}")
    assert entry.actor == coordinator.membership.user
    page = coordinator.client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    history = page[page.index('class="compact history"') :]
    assert f"Import arkusza uczestników: nabór-marzec.{fmt}" in history and "05.12.2011" in history
    # The rows the import wrote are those of the model path: exit, two follow-ups, the result.
    part = Participation.objects.get(participant=person)
    assert (part.status, part.end_on, part.exit.reason) == ("completed", dt.date(2011, 6, 30), "completed")
    assert sorted(FollowUp.objects.filter(participation=part).values_list("kind", "due_on")) == [
        ("3m", dt.date(2011, 9, 30)),
        ("6m", dt.date(2011, 12, 30)),
    ]
    assert list(Result.objects.filter(participation=part).values_list("kind", "achieved_on")) == [
        ("employment_contract", dt.date(2011, 6, 30))
    ]
