"""Writes of projects, activities and sessions through the API: the screens' services with their rules (a
project code once per centre, dates within the project and the activity, the clash rules), history entries,
the session's optimistic lock and refusals in the one error shape — and nothing written when refused."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.core.roles import Role
from integra.institutions.tests.factories import ClubFactory, MembershipFactory
from integra.projects.models import Project
from integra.projects.tests.factories import ProjectFactory
from integra.support.models import Activity, Instrument, Session
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory, shared_instrument

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, ...]:
    return Project.objects.count(), Activity.objects.count(), Session.objects.count(), HistoryEntry.objects.count()


def _history(obj, action) -> HistoryEntry:
    return HistoryEntry.objects.get(object_id=obj.pk, content_type__model=obj._meta.model_name, action=action)


@pytest.fixture
def project(centre_a):
    return ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))


def _activity_body(of, **extra):
    return {
        "project": of.pk,
        "instrument": shared_instrument().pk,
        "title": "Warsztaty kulinarne",
        "kind": "group_workshop",
        "provider_name": "Firma Szkoleniowa",
        "planned_hours": "24.50",
        "capacity": 12,
        "start_on": "2011-03-01",
        "end_on": "2011-06-30",
        "room": "Sala 2",
        **extra,
    }


# ---------------------------------------------------------------- projects


def _project_body(**extra):
    return {
        "code": "FEPK.07.01-IP.01-0042/24",
        "title": "Aktywni razem",
        "kind": "competitive",
        "start_on": "2025-01-01",
        "end_on": "2026-12-31",
        "target_participants": 40,
        **extra,
    }


def test_project_registered_and_changed_through_the_service_with_history(centre_a):
    club = ClubFactory(institution=centre_a, name="Klub Integracji Społecznej")
    client = TokenClient(token_for(centre_a, "administrator", name="Wnioski"))
    created = client.json("post", "/api/v1/projects/", _project_body(club=club.pk, programme="FEPK"))
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["code"], data["club"], data["status"], data["social_effectiveness_threshold"]) == (
        "FEPK.07.01-IP.01-0042/24",
        club.pk,
        "running",
        "34.00",
    )
    project = Project.objects.get(pk=data["id"])
    assert project.institution_id == centre_a.pk
    entry = _history(project, HistoryEntry.Action.CREATE)
    assert entry.actor.first_name == "API: Wnioski" and entry.changes["title"][1] == "Aktywni razem"

    changed = client.json("patch", f"/api/v1/projects/{project.pk}/", {"status": "closed", "target_jobs": 8})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["status"], changed.json()["target_jobs"], changed.json()["title"]) == (
        "closed",
        8,
        "Aktywni razem",
    )
    assert _history(project, HistoryEntry.Action.UPDATE).changes == {
        "status": ["running", "closed"],
        "target_jobs": [None, 8],
    }


def test_bad_project_input_is_refused_and_nothing_is_written(centre_a, centre_b, project):
    their_club = ClubFactory(institution=centre_b, name="Klub obcy")
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    for extra, status, code, field in (
        ({"budget": 1}, 400, "unknown_field", "budget"),
        ({"target_women": "many"}, 400, "invalid", "target_women"),
        ({"kind": "secret"}, 400, "invalid_choice", "kind"),
        ({"social_effectiveness_threshold": "101"}, 400, "max_value", "social_effectiveness_threshold"),
        ({"end_on": "2024-12-31"}, 400, "end_before_start", "end_on"),
        ({"club": their_club.pk}, 400, "does_not_exist", "club"),
        ({"code": project.code}, 409, "duplicate", "code"),
    ):
        response = client.json("post", "/api/v1/projects/", _project_body(**extra))
        body = assert_error(response, status, code, field)
        assert "obcy" not in response.content.decode()
        if code == "duplicate":
            assert project.code in body["message"]["en"] and body["message"]["pl"] != body["message"]["en"]
    other = ProjectFactory(institution=centre_a, code="INNY-1")
    assert_error(
        client.json("patch", f"/api/v1/projects/{other.pk}/", {"code": project.code}), 409, "duplicate", "code"
    )
    assert_error(
        client.json("patch", f"/api/v1/projects/{other.pk}/", {"end_on": "2000-01-01"}),
        400,
        "end_before_start",
        "end_on",
    )
    theirs = ProjectFactory(institution=centre_b, title="Projekt obcy")
    assert_error(client.json("patch", f"/api/v1/projects/{theirs.pk}/", {"title": "X"}), 404, "not_found")
    assert _rows()[1:] == before[1:] and Project.objects.count() == before[0] + 2  # the two made here
    assert Project.objects.get(pk=other.pk).code == "INNY-1"
    assert Project.objects.get(pk=theirs.pk).title == "Projekt obcy"


def test_the_project_screen_shows_a_taken_code_in_polish_as_before(coordinator, project):
    response = coordinator.client.post(
        "/projects/new/",
        {
            "code": project.code,
            "title": "X",
            "kind": "own",
            "status": "planned",
            "programme_period": "2021-2027",
            "start_on": "2025-01-01",
            "end_on": "2025-12-31",
            "social_effectiveness_threshold": "34",
            "employment_effectiveness_threshold": "22",
            "employment_effectiveness_threshold_severe": "12",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [f"Ośrodek ma już projekt o kodzie {project.code}."]


# ---------------------------------------------------------------- activities


def test_activity_created_and_changed_through_the_service_with_history(centre_a, project):
    client = TokenClient(token_for(centre_a, "coordinator", name="Harmonogram"))
    response = client.json("post", "/api/v1/activities/", _activity_body(project))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["project"], data["title"], data["planned_hours"], data["provider_name"]) == (
        project.pk,
        "Warsztaty kulinarne",
        "24.50",
        "Firma Szkoleniowa",
    )
    activity = Activity.objects.get(pk=data["id"])
    assert activity.institution_id == centre_a.pk and activity.capacity == 12
    entry = _history(activity, HistoryEntry.Action.CREATE)
    assert entry.actor.first_name == "API: Harmonogram"
    assert entry.changes["title"][1] == "Warsztaty kulinarne"

    changed = client.json("patch", f"/api/v1/activities/{activity.pk}/", {"capacity": 15, "room": "Sala 3"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity"] == 15 and changed.json()["title"] == "Warsztaty kulinarne"  # left out: kept
    assert _history(activity, HistoryEntry.Action.UPDATE).changes == {
        "capacity": [12, 15],
        "room": ["Sala 2", "Sala 3"],
    }


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"colour": "red"}, "unknown_field", "colour"),
        ({"capacity": "many"}, "invalid", "capacity"),
        ({"start_on": "1.03.2011"}, "invalid", "start_on"),
        ({"kind": "picnic"}, "invalid_choice", "kind"),
        ({"planned_hours": "-1"}, "min_value", "planned_hours"),
        ({"end_on": "2012-01-31"}, "outside_project", None),
        ({"provider_name": ""}, "no_provider", None),
        ({"project": 999999}, "does_not_exist", "project"),
    ],
)
def test_bad_activity_input_is_refused_and_nothing_is_written(centre_a, project, extra, code, field):
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    body = assert_error(client.json("post", "/api/v1/activities/", _activity_body(project, **extra)), 400, code, field)
    if code == "outside_project":
        assert body["message"]["pl"] != body["message"]["en"] and "31.12.2011" in body["message"]["en"]
    assert _rows() == before


def test_a_retired_instrument_is_refused_as_on_the_screen(centre_a, project):
    own = Instrument.objects.create(
        institution=centre_a, code="own-1", name="Nasz trening", group="social", retired=True
    )
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    assert_error(client.json("post", "/api/v1/activities/", _activity_body(project, instrument=own.pk)), 400, "retired")
    assert _rows() == before


def test_another_centres_project_instrument_club_or_staff_is_unknown_and_leaks_nothing(centre_a, centre_b, project):
    their_project = ProjectFactory(institution=centre_b, title="Projekt obcy")
    their_instrument = Instrument.objects.create(
        institution=centre_b, code="own-b", name="Obcy trening", group="social"
    )
    their_staff = MembershipFactory(institution=centre_b, role=Role.SPECIALIST, specialty="psychologist")
    their_activity = ActivityFactory(project=their_project, title="Zajęcia obce")
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    for field, value in (
        ("project", their_project.pk),
        ("instrument", their_instrument.pk),
        ("provider", their_staff.pk),
    ):
        response = client.json("post", "/api/v1/activities/", _activity_body(project, **{field: value}))
        assert_error(response, 400, "does_not_exist", field)
        assert "obc" not in response.content.decode().lower()
    assert_error(client.json("patch", f"/api/v1/activities/{their_activity.pk}/", {"title": "X"}), 404, "not_found")
    assert _rows() == before
    assert Activity.objects.get(pk=their_activity.pk).title == "Zajęcia obce"


def test_project_activity_and_session_writes_follow_the_screens_rule(centre_a, project):
    activity = ActivityFactory(project=project)
    session = SessionFactory(activity=activity)
    clients = {
        role: TokenClient(token_for(centre_a, role))
        for role in ("social_worker", "specialist", "accountant", "director", "auditor")
    }
    before = _rows()
    for client in clients.values():
        assert_error(client.json("post", "/api/v1/projects/", _project_body()), 403, "forbidden")
        assert_error(client.json("patch", f"/api/v1/projects/{project.pk}/", {"title": "X"}), 403, "forbidden")
        assert_error(client.json("post", "/api/v1/activities/", _activity_body(project)), 403, "forbidden")
        assert_error(client.json("patch", f"/api/v1/activities/{activity.pk}/", {"title": "X"}), 403, "forbidden")
        assert_error(
            client.json(
                "post",
                "/api/v1/sessions/",
                {"activity": activity.pk, "date": "2011-03-08", "start_time": "10:00", "duration_minutes": 60},
            ),
            403,
            "forbidden",
        )
        assert_error(
            client.json("patch", f"/api/v1/sessions/{session.pk}/", {"version": 1, "room": "X"}), 403, "forbidden"
        )
    assert _rows() == before


# ---------------------------------------------------------------- sessions


def _session(client, activity, **extra):
    return client.json(
        "post",
        "/api/v1/sessions/",
        {"activity": activity.pk, "date": "2011-03-07", "start_time": "10:00", "duration_minutes": 90, **extra},
    )


def test_session_scheduled_in_the_activitys_room_and_moved_with_the_lock(centre_a, project):
    activity = ActivityFactory(project=project, room="Sala 1")
    trainer = MembershipFactory(institution=centre_a, role=Role.SPECIALIST, specialty="psychologist")
    client = TokenClient(token_for(centre_a, "coordinator", name="Plan"))
    created = _session(client, activity, staff=trainer.pk)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["room"], data["start_time"], data["staff"], data["version"], data["marks"]) == (
        "Sala 1",
        "10:00:00",
        trainer.pk,
        1,
        [],
    )
    session = Session.objects.get(pk=data["id"])
    assert _history(session, HistoryEntry.Action.CREATE).actor.first_name == "API: Plan"

    url = f"/api/v1/sessions/{session.pk}/"
    moved = client.json("patch", url, {"version": 1, "start_time": "12:15:00"})
    assert moved.status_code == 200, moved.content
    assert (moved.json()["start_time"], moved.json()["room"], moved.json()["staff"], moved.json()["version"]) == (
        "12:15:00",
        "Sala 1",
        trainer.pk,
        2,
    )
    assert _history(session, HistoryEntry.Action.UPDATE).changes["start_time"][1].startswith("12:15")
    assert AccessLogEntry.objects.filter(kind="api", subject_id=session.pk, subject_type="support.session").exists()

    before = _rows()
    assert_error(client.json("patch", url, {"version": 1, "duration_minutes": 30}), 409, "stale")
    assert _rows() == before
    assert Session.objects.get(pk=session.pk).duration_minutes == 90


def test_clashes_and_dates_outside_the_activity_are_refused_and_nothing_is_written(centre_a, project):
    first = ActivityFactory(project=project, title="Trening", room="Sala 1")
    second = ActivityFactory(project=project, title="Kurs komputerowy", room="Sala 2")
    trainer = MembershipFactory(institution=centre_a, role=Role.SPECIALIST, specialty="psychologist")
    client = TokenClient(token_for(centre_a, "coordinator"))
    assert _session(client, first, staff=trainer.pk).status_code == 201
    person = EnrolmentFactory(activity=first).participant
    EnrolmentFactory(activity=second, participant=person)
    before = _rows()
    body = assert_error(_session(client, second, start_time="11:00", room="sala 1"), 400, "room_clash")
    assert "Trening" in body["message"]["pl"] and "07.03.2011, 10:00–11:30" in body["message"]["en"]
    assert_error(_session(client, second, start_time="09:00", staff=trainer.pk), 400, "staff_clash")
    assert_error(_session(client, second, start_time="11:00"), 400, "participant_clash")
    assert_error(_session(client, second, date="2011-07-01"), 400, "outside_activity")
    assert_error(_session(client, second, duration_minutes=0), 400, "min_value", "duration_minutes")
    assert_error(_session(client, second, start_time="10:00+01:00"), 400, "invalid", "start_time")
    assert_error(_session(client, second, start_time=10), 400, "invalid", "start_time")
    assert_error(_session(client, second, weekday="Mon"), 400, "unknown_field", "weekday")
    assert _rows() == before
    # Moving a session into a clash is refused by the same rules.
    later = _session(client, second, start_time="13:00").json()
    before = _rows()
    assert_error(
        client.json("patch", f"/api/v1/sessions/{later['id']}/", {"version": 1, "start_time": "10:30"}),
        400,
        "participant_clash",
    )
    assert _rows() == before


def test_another_centres_activity_staff_or_session_is_unknown_and_leaks_nothing(centre_a, centre_b, project):
    ours = ActivityFactory(project=project)
    theirs = ActivityFactory(project=ProjectFactory(institution=centre_b), title="Zajęcia obce")
    their_staff = MembershipFactory(institution=centre_b, role=Role.SPECIALIST, specialty="psychologist")
    their_session = SessionFactory(activity=theirs)
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    refused = _session(client, theirs)
    assert_error(refused, 400, "does_not_exist", "activity")
    assert "obce" not in refused.content.decode()
    assert_error(_session(client, ours, staff=their_staff.pk), 400, "does_not_exist", "staff")
    assert_error(
        client.json("patch", f"/api/v1/sessions/{their_session.pk}/", {"version": 1, "room": "X"}), 404, "not_found"
    )
    assert _rows() == before


def test_a_session_is_cancelled_only_while_it_has_no_attendance(centre_a, centre_b, project):
    activity = ActivityFactory(project=project)
    client = TokenClient(token_for(centre_a, "coordinator", name="Plan"))
    first = _session(client, activity).json()
    second = _session(client, activity, date="2011-03-14").json()
    person = EnrolmentFactory(activity=activity).participant
    marked = client.json(
        "put",
        f"/api/v1/sessions/{second['id']}/attendance/",
        {"version": 1, "marks": [{"participant": person.pk, "status": "present"}]},
    )
    assert marked.status_code == 200, marked.content
    assert_error(
        TokenClient(token_for(centre_a, "social_worker")).delete(f"/api/v1/sessions/{first['id']}/"), 403, "forbidden"
    )
    theirs = SessionFactory(activity=ActivityFactory(project=ProjectFactory(institution=centre_b)))
    before = _rows()
    assert_error(client.delete(f"/api/v1/sessions/{second['id']}/"), 400, "has_attendance")
    assert_error(client.delete(f"/api/v1/sessions/{theirs.pk}/"), 404, "not_found")
    assert _rows() == before

    assert client.delete(f"/api/v1/sessions/{first['id']}/").status_code == 204
    assert not Session.objects.filter(pk=first["id"]).exists()
    entry = HistoryEntry.objects.get(
        object_id=first["id"], content_type__model="session", action=HistoryEntry.Action.DELETE
    )
    assert entry.actor.first_name == "API: Plan"
    assert Session.objects.filter(pk__in=[second["id"], theirs.pk]).count() == 2
