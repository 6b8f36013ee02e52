"""Issue 27: attendance without a connection — what the server gives a device and how it takes marks made offline."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from integra.core.dates import centre_today
from integra.core.models import HistoryEntry
from integra.core.roles import Role
from integra.core.testing.otp import verified_login
from integra.institutions.tests.factories import MembershipFactory
from integra.support import services
from integra.support.models import Attendance, Enrolment, Session
from integra.support.offline import OFFLINE_HEADER
from integra.support.tests.factories import ActivityFactory, SessionFactory

P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


@pytest.fixture
def today():
    return centre_today()


@pytest.fixture
def session(workshop, today):
    return SessionFactory(activity=workshop, date=today)


def _send(persona, session_pk, participant, status, *, version, was="", made_by=None):
    response = persona.client.post(
        reverse("support:attendance", args=[session_pk]),
        {
            "queued": "1",
            "participant": participant.pk,
            "status": status,
            "version": version,
            "was": was,
            "made_by": made_by or persona.user.pk,
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


# ---------------------------------------------------------------- the worker, the manifest, the icons


def test_service_worker_is_served_from_the_root_under_the_content_security_policy(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert b'addEventListener("fetch"' in response.content


def test_manifest_names_the_app_in_polish_and_its_icons_are_real_pngs(client):
    response = client.get(reverse("offline:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Integra — obecność także bez połączenia"
    assert manifest["lang"] == "pl" and manifest["start_url"] == "/" and manifest["display"] == "standalone"
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    assert {icon["sizes"] for icon in pngs} == {"192x192", "512x512"}
    for icon in pngs:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(io.BytesIO(Path(path).read_bytes())) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"


def test_every_page_links_the_manifest(coordinator):
    page = coordinator.client.get(reverse("today:start")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page


# ---------------------------------------------------------------- what a device keeps


def test_state_lists_todays_and_tomorrows_sessions_of_the_centre_for_a_coordinator(
    coordinator, workshop, session, today, outsider
):
    tomorrow = SessionFactory(activity=workshop, date=today + dt.timedelta(days=1))
    SessionFactory(activity=workshop, date=today + dt.timedelta(days=2))  # later: not kept
    SessionFactory(activity=workshop, date=today - dt.timedelta(days=1))  # yesterday: not kept
    other_centre = SessionFactory(activity=ActivityFactory(project__institution=outsider.institution), date=today)
    state = coordinator.client.get(reverse("offline:state")).json()
    assert state["user"] == coordinator.user.pk and state["csrf"]
    pages = [u for u in state["urls"] if u.startswith("/support/")]
    assert pages == [
        reverse("support:attendance", args=[session.pk]),
        reverse("support:attendance", args=[tomorrow.pk]),
        # the signature sheet is generated in advance for today's session only
        reverse("support:attendance-sheet", args=[workshop.pk]) + f"?session={session.pk}",
    ]
    assert all(str(other_centre.pk) not in u for u in pages)
    assert reverse("offline:start") in state["urls"] and "/static/support/offline.js" in state["urls"]


def test_a_specialist_keeps_only_the_sessions_they_run(specialist, workshop, today):
    theirs = SessionFactory(activity=workshop, date=today, staff=specialist.membership)
    SessionFactory(activity=workshop, date=today)  # run by someone else
    urls = specialist.client.get(reverse("offline:state")).json()["urls"]
    assert [u for u in urls if "/sessions/" in u] == [reverse("support:attendance", args=[theirs.pk])]


@pytest.mark.parametrize("persona", ["accountant", "director", "dpo", "auditor"])
def test_other_roles_get_nothing_to_keep_and_no_offline_code(persona, request, session):
    member = request.getfixturevalue(persona)
    assert member.client.get(reverse("offline:state")).status_code == 403
    page = member.client.get(reverse("today:start")).content.decode()
    assert 'id="offline"' not in page and reverse("offline:state") not in page


def test_only_todays_and_tomorrows_attendance_screens_may_be_kept_and_for_whom(coordinator, workshop, session, today):
    response = coordinator.client.get(reverse("support:attendance", args=[session.pk]))
    assert response[OFFLINE_HEADER] == str(coordinator.user.pk)
    assert 'id="offline-kept"' in response.content.decode()
    later = SessionFactory(activity=workshop, date=today + dt.timedelta(days=2))
    assert OFFLINE_HEADER not in coordinator.client.get(reverse("support:attendance", args=[later.pk]))
    sheet = coordinator.client.get(reverse("support:attendance-sheet", args=[workshop.pk]) + f"?session={session.pk}")
    assert sheet[OFFLINE_HEADER] == str(coordinator.user.pk)
    whole = coordinator.client.get(reverse("support:attendance-sheet", args=[workshop.pk]))
    assert OFFLINE_HEADER not in whole  # the activity's whole sheet is not a session's


def test_offline_start_page_lists_the_sessions_and_names_no_participant(coordinator, workshop, session, enrol_people):
    enrol_people(workshop, "Śliwa")
    response = coordinator.client.get(reverse("offline:start"))
    page = response.content.decode()
    assert response[OFFLINE_HEADER] == str(coordinator.user.pk)
    assert "Na dziś bez połączenia" in page
    assert reverse("support:attendance", args=[session.pk]) in page
    assert "Śliwa" not in page


def test_sign_out_tells_the_browser_to_delete_what_it_kept(coordinator):
    response = coordinator.client.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"storage"'


# ---------------------------------------------------------------- marks sent when the connection is back


def test_a_queued_mark_is_saved_like_one_made_online_with_history(coordinator, workshop, session, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    assert _send(coordinator, session.pk, anna, P, version=1) == {"result": "saved", "version": 2}
    # the second mark was made on the same screen (version 1): the list moved, but not Jan's mark — no conflict
    assert _send(coordinator, session.pk, jan, A, version=1) == {"result": "saved", "version": 3}
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {anna.pk: P, jan.pk: A}
    entries = HistoryEntry.objects.filter(object_id=session.pk, action="update").order_by("at", "id")
    assert [e.changes for e in entries] == [
        {"attendance": [{str(anna.pk): None}, {str(anna.pk): P}]},
        {"attendance": [{str(jan.pk): None}, {str(jan.pk): A}]},
    ]
    assert {e.actor_id for e in entries} == {coordinator.user.pk}
    assert entries[0].comment == "Oznaczono na urządzeniu bez połączenia; wysłano po powrocie połączenia"
    assert _send(coordinator, session.pk, anna, P, version=1) == {"result": "same", "version": 3}


def test_a_mark_changed_on_the_server_meanwhile_is_a_conflict_and_is_not_overwritten(
    coordinator, workshop, session, enrol_people, centre_a
):
    (anna,) = (e.participant for e in enrol_people(workshop, "Śliwa"))
    other = MembershipFactory(
        institution=centre_a, role=Role.COORDINATOR, user__first_name="Ewa", user__last_name="Nowicka"
    )
    services.record_attendance(actor=other, session=session, marks={anna.pk: A}, expected_version=1)
    answer = _send(coordinator, session.pk, anna, P, version=1)
    assert answer["result"] == "conflict"
    assert answer["mine"] == {"status": P, "label": "obecny"}
    assert answer["server"]["status"] == A and answer["server"]["label"] == "nieobecny"
    assert answer["server"]["by"] == "Ewa Nowicka" and answer["server"]["at"].startswith(centre_today().strftime("%d"))
    assert Attendance.objects.get().status == A  # kept until the user chooses
    # The user keeps their own mark: sent again against the mark now on the server.
    chosen = _send(coordinator, session.pk, anna, P, version=answer["version"], was=A)
    assert chosen["result"] == "saved" and Attendance.objects.get().status == P


def test_a_mark_for_a_cancelled_session_is_refused_in_polish_and_writes_nothing(coordinator, session, enrol_people):
    (anna,) = (e.participant for e in enrol_people(session.activity, "Śliwa"))
    pk = session.pk
    services.cancel_session(actor=coordinator.membership, session=session)
    answer = _send(coordinator, pk, anna, P, version=1)
    assert answer == {
        "result": "refused",
        "reason": "Spotkanie zostało w międzyczasie odwołane: obecności nie można już zaznaczyć.",
    }
    assert Attendance.objects.count() == 0


def test_a_mark_for_a_person_who_left_is_refused_and_the_next_one_is_saved(
    coordinator, workshop, session, enrol_people, today
):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    Enrolment.objects.filter(participant=anna).update(
        status=Enrolment.Status.DROPPED_OUT, ended_on=today - dt.timedelta(days=1), dropout_reason="Praca"
    )
    answer = _send(coordinator, session.pk, anna, P, version=1)
    left_on = (today - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    assert answer == {
        "result": "refused",
        "reason": f"Zofia Śliwa: udział w zajęciach zakończony {left_on} — po tym dniu obecności nie można zaznaczyć.",
    }
    assert _send(coordinator, session.pk, jan, P, version=1)["result"] == "saved"
    assert list(Attendance.objects.values_list("participant_id", flat=True)) == [jan.pk]


def test_a_mark_of_another_user_or_another_centre_is_refused(coordinator, session, enrol_people, outsider):
    (anna,) = (e.participant for e in enrol_people(session.activity, "Śliwa"))
    answer = _send(coordinator, session.pk, anna, P, version=1, made_by=outsider.user.pk)
    assert answer["result"] == "refused" and "innego użytkownika" in answer["reason"]
    # centre B's coordinator: the session does not exist in their centre
    other = MembershipFactory(institution=outsider.institution, role=Role.COORDINATOR)
    verified_login(outsider.client, other.user)
    answer = outsider.client.post(
        reverse("support:attendance", args=[session.pk]),
        {"queued": "1", "participant": anna.pk, "status": P, "version": 1, "made_by": other.user.pk},
    ).json()
    assert answer["result"] == "refused"
    assert Attendance.objects.count() == 0
    assert Session.objects.filter(pk=session.pk).exists()


def test_an_unreadable_mark_is_refused(coordinator, session):
    response = coordinator.client.post(
        reverse("support:attendance", args=[session.pk]), {"queued": "1", "participant": "x", "status": "late"}
    )
    assert response.json() == {
        "result": "refused",
        "reason": "Nie udało się odczytać oznaczenia zapisanego na tym urządzeniu; wprowadź je ponownie.",
    }
