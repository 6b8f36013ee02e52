"""The participant page's timeline sections come from the cache until something they show changes (issue 26,
point 3): every kind of write moves a version the database keeps (integra.people.stamps), the key holds ids and
versions only, and the page is served whole when the cache cannot be reached."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import integra
from integra.casework.models import CaseNote, IndividualPlan, LocalActivityProgramme, ProgrammeParticipant
from integra.casework.tests.factories import SocialContractFactory
from integra.core import cache as core_cache
from integra.core.testing.redis import REDIS_SERVER, RedisServer
from integra.institutions.models import Membership
from integra.institutions.tests.factories import PartnerFactory
from integra.outcomes import importer
from integra.outcomes.tests.factories import FollowUpFactory
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.outreach.models import Message
from integra.people import stamps
from integra.people.models import Household, Participant
from integra.people.stamps import Stamped
from integra.people.tests.factories import ConsentFactory, HouseholdFactory, ParticipantFactory
from integra.people.timeline import rendered_sections
from integra.privacy import services as privacy
from integra.projects.models import Project
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.models import Application, RecruitmentCall
from integra.recruitment.tests.factories import RecruitmentCallFactory
from integra.settings import redis_cache
from integra.support import services as support
from integra.support.models import (
    Activity,
    Attendance,
    CommunityWork,
    Consultation,
    Enrolment,
    Event,
    EventParticipant,
    FamilyAssistantVisit,
    Instrument,
    Internship,
    Referral,
    Session,
)
from integra.support.tests.factories import ActivityFactory, AttendanceFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _get(persona, person) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = persona.client.get(reverse("people:participant-detail", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    timeline = html[
        html.index('<section id="participant-timeline">') : html.index('<article id="participant-history">')
    ]
    return timeline, len(captured.captured_queries)


def _warm(persona, person) -> str:
    """The page viewed until its sections come from the cache (the first view gives the person a version)."""
    for _ in range(3):
        timeline, _count = _get(persona, person)
    return timeline


def _stamped_tables() -> dict[str, Stamped]:
    """Every table a migration stamps, whatever the app."""
    found = {}
    for app in pkgutil.iter_modules(integra.__path__):
        try:
            migrations = importlib.import_module(f"integra.{app.name}.migrations")
        except ModuleNotFoundError:
            continue
        for name in sorted(m.name for m in pkgutil.iter_modules(migrations.__path__) if "timeline_stamps" in m.name):
            module = importlib.import_module(f"integra.{app.name}.migrations.{name}")
            found.update({t.table: t for t in getattr(module, "TABLES", None) or module.AFTER})  # the latest wins
    return found


@pytest.fixture
def world(social_worker):
    """A person with something in every section, and the rows the writes below change."""
    centre = social_worker.institution
    household = HouseholdFactory(institution=centre)
    person = ParticipantFactory(institution=centre, household=household, last_name="Cachowska", phone="+48600100200")
    other = ParticipantFactory(institution=centre)
    project = ProjectFactory(
        institution=centre, code="CACHE-1", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    participation = ParticipationFactory(project=project, participant=person)
    activity = ActivityFactory(project=project, title="Warsztat pamięci")
    EnrolmentFactory(activity=activity, participant=person)
    EnrolmentFactory(activity=activity, participant=other)
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    AttendanceFactory(session=session, participant=person)
    return {
        "actor": social_worker.membership,
        "person": person,
        "other": other,
        "household": household,
        "project": project,
        "participation": participation,
        "activity": activity,
        "session": session,
        "partner": PartnerFactory(institution=centre),
        "call": RecruitmentCallFactory(project=project),
    }


def _versions(world) -> tuple[int, int] | None:
    person = world["person"]
    return stamps.versions(person.pk, person.institution_id)


# Each kind of write, by the table it writes: (what it writes, whether the person's or the centre's version moves).
def _exit_with_follow_up(w):
    FollowUpFactory(participation=w["participation"], answer="employed")


WRITES = {
    "people_participant": lambda w: Participant.objects.filter(pk=w["person"].pk).update(locality="Rzeszów"),
    "people_consent": lambda w: ConsentFactory(participant=w["person"], purpose="sms"),
    "people_household": lambda w: Household.objects.filter(pk=w["household"].pk).update(name="Rodzina Nowa"),
    "institutions_membership": lambda w: Membership.objects.filter(pk=w["actor"].pk).update(specialty="psychologist"),
    "institutions_partner": lambda w: PartnerFactory._meta.model.objects.filter(pk=w["partner"].pk).update(
        name="Nowy partner"
    ),
    "projects_project": lambda w: Project.objects.filter(pk=w["project"].pk).update(title="Nowy tytuł"),
    "projects_participation": lambda w: ParticipationFactory(
        project=ProjectFactory(institution=w["person"].institution), participant=w["person"]
    ),
    "recruitment_recruitmentcall": lambda w: RecruitmentCall.objects.filter(pk=w["call"].pk).update(title="Nabór 2"),
    "recruitment_application": lambda w: Application.objects.create(
        institution=w["person"].institution, call=w["call"], participant=w["person"], applied_on=dt.date(2011, 1, 3)
    ),
    "casework_socialcontract": lambda w: SocialContractFactory(participant=w["person"]),
    "casework_individualplan": lambda w: IndividualPlan.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        project=w["project"],
        career_advisor=w["actor"],
        goals="Praca",
        drawn_up_on=dt.date(2011, 2, 1),
        start_on=dt.date(2011, 2, 1),
        end_on=dt.date(2011, 6, 30),
    ),
    "casework_programmeparticipant": lambda w: ProgrammeParticipant.objects.create(
        institution=w["person"].institution,
        programme=LocalActivityProgramme.objects.create(
            institution=w["person"].institution,
            project=w["project"],
            title="PAL",
            goals="Aktywizacja",
            start_on=dt.date(2011, 1, 1),
            end_on=dt.date(2011, 12, 31),
            coordinator=w["actor"],
        ),
        participant=w["person"],
        joined_on=dt.date(2011, 2, 1),
    ),
    "casework_localactivityprogramme": lambda w: LocalActivityProgramme.objects.filter(
        institution=w["person"].institution
    ).update(title="PAL 2"),
    "casework_casenote": lambda w: CaseNote.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        author=w["actor"],
        written_on=dt.date(2011, 2, 1),
        text="Rozmowa",
    ),
    "support_instrument": lambda w: Instrument.objects.filter(pk=w["activity"].instrument_id).update(name="Trening"),
    "support_activity": lambda w: Activity.objects.filter(pk=w["activity"].pk).update(title="Warsztat nowy"),
    "support_session": lambda w: Session.objects.filter(pk=w["session"].pk).update(duration_minutes=120),
    "support_sessionmarks": lambda w: AttendanceFactory(
        session=SessionFactory(activity=w["activity"], date=dt.date(2011, 3, 8)), participant=w["other"]
    ),
    "support_enrolment": lambda w: Enrolment.objects.filter(participant=w["person"]).update(status="completed"),
    "support_attendance": lambda w: Attendance.objects.filter(participant=w["person"]).update(status="absent"),
    "support_consultation": lambda w: Consultation.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        project=w["project"],
        date=dt.date(2011, 4, 1),
        specialty="psychologist",
        topic="Rozmowa",
        specialist=w["actor"],
        duration_minutes=60,
    ),
    "support_internship": lambda w: Internship.objects.filter(participant=w["person"]).delete(),
    "support_communitywork": lambda w: CommunityWork.objects.filter(participant=w["person"]).delete(),
    "support_referral": lambda w: Referral.objects.filter(participant=w["person"]).delete(),
    "support_event": lambda w: Event.objects.filter(institution=w["person"].institution).update(title="Piknik"),
    "support_eventparticipant": lambda w: EventParticipant.objects.filter(participant=w["person"]).delete(),
    "support_familyassistantvisit": lambda w: FamilyAssistantVisit.objects.create(
        institution=w["person"].institution,
        household=w["household"],
        date=dt.date(2011, 5, 1),
        assistant=w["actor"],
        duration_minutes=45,
    ),
    "outreach_message": lambda w: Message.objects.filter(participant=w["person"]).delete(),
    "outcomes_followup": _exit_with_follow_up,
}
# Deleting nothing moves no version: these writes delete rows the world does not have, so they are checked on a
# row made first.
MADE_FIRST = {
    "support_internship": lambda w: Internship.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        project=w["project"],
        employer=w["partner"],
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 5, 31),
        hours_per_month=Decimal("160"),
    ),
    "support_communitywork": lambda w: CommunityWork.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        project=w["project"],
        unit=w["partner"],
        month=dt.date(2011, 5, 1),
        hours=Decimal("40"),
    ),
    "support_referral": lambda w: Referral.objects.create(
        institution=w["person"].institution, participant=w["person"], date=dt.date(2011, 5, 1), result="skierowano"
    ),
    "support_event": lambda w: Event.objects.create(
        institution=w["person"].institution, title="Festyn", date=dt.date(2011, 6, 1), kind="integration"
    ),
    "support_eventparticipant": lambda w: EventParticipant.objects.create(
        institution=w["person"].institution,
        event=Event.objects.create(
            institution=w["person"].institution, title="Festyn", date=dt.date(2011, 6, 1), kind="integration"
        ),
        participant=w["person"],
    ),
    "outreach_message": lambda w: Message.objects.create(
        institution=w["person"].institution,
        participant=w["person"],
        channel="sms",
        purpose="reminder",
        key="test-reminder",
        recipient="+48600100200",
        body="Przypomnienie",
        due_at=dt.datetime(2011, 3, 6, 12, tzinfo=dt.UTC),
    ),
    "casework_localactivityprogramme": WRITES["casework_programmeparticipant"],
}


def test_a_first_view_writes_only_the_versions_missing(social_worker, world):
    """The centre's version is written by its first page; later people's first views write only their own."""
    first, second = world["person"], world["other"]
    with CaptureQueriesContext(connection) as captured:
        _get(social_worker, first)
    writes = [q["sql"] for q in captured.captured_queries if "timelinestamp" in q["sql"] and "INSERT" in q["sql"]]
    assert [w.split()[2] for w in writes] == [stamps.PERSON_TABLE, stamps.CENTRE_TABLE]
    with CaptureQueriesContext(connection) as captured:
        _get(social_worker, second)
    writes = [q["sql"] for q in captured.captured_queries if "timelinestamp" in q["sql"] and "INSERT" in q["sql"]]
    assert [w.split()[2] for w in writes] == [stamps.PERSON_TABLE]
    assert stamps.versions(second.pk, second.institution_id) is not None


def test_every_stamped_table_has_a_write_below():
    assert set(WRITES) == set(_stamped_tables())


@pytest.mark.parametrize("table", sorted(WRITES))
def test_each_write_moves_a_version(world, table):
    if table in MADE_FIRST:
        MADE_FIRST[table](world)
    stamps.ensure(world["person"].pk, world["person"].institution_id)
    before = _versions(world)
    WRITES[table](world)
    after = _versions(world)
    stamped = _stamped_tables()[table]
    moved = 0 if stamped.stamps_people else 1
    assert after[moved] > before[moved], f"{table}: {before} → {after}"


def test_an_attendance_save_moves_the_marked_person_and_not_the_whole_centre(world):
    """Every save raises the session's version; only a session's first mark (sessions held) or a new duration
    concern the other people's pages."""
    person, session = world["person"], world["session"]
    stamps.ensure(person.pk, person.institution_id)
    before = _versions(world)
    support.record_attendance(
        actor=world["actor"], session=session, marks={person.pk: "absent"}, expected_version=session.version
    )
    after = _versions(world)
    assert after[0] > before[0] and after[1] == before[1]
    Session.objects.filter(pk=session.pk).update(duration_minutes=45)
    assert _versions(world)[1] > after[1]


def test_the_first_session_of_an_activity_moves_the_centre(world):
    """A completed enrolment in an activity without sessions counts its planned hours; a first session ends that."""
    stamps.ensure(world["person"].pk, world["person"].institution_id)
    before = _versions(world)
    SessionFactory(activity=ActivityFactory(project=world["project"]), date=dt.date(2011, 4, 4))
    assert _versions(world)[1] > before[1]


def test_a_second_view_reads_the_sections_from_the_cache(social_worker, world):
    person = world["person"]
    _get(social_worker, person)  # gives the person a version
    cold, cold_queries = _get(social_worker, person)
    warm, warm_queries = _get(social_worker, person)
    assert warm == cold and "Warsztat pamięci" in warm and "CACHE-1" in warm
    # The sections' own reads (projects, applications, casework, support, messages: at least one each, and only the
    # lists that hold a row of the person, integra.core.probe).
    assert warm_queries <= cold_queries - 8


def test_the_key_holds_ids_and_versions_only(social_worker, world):
    person = world["person"]
    _warm(social_worker, person)
    keys = list(caches["timeline"]._cache)  # LocMemCache: the keys it holds
    assert len(keys) == 1
    fields = keys[0].split(":")[2:]  # after Django's prefix and key version
    assert fields[:3] == [str(person.institution_id), str(social_worker.membership.pk), str(person.pk)]
    assert all(re.fullmatch(r"[\w.-]+", f) for f in fields)
    assert person.last_name not in keys[0] and person.pesel not in keys[0]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda w: support.enrol(
                actor=w["actor"],
                activity=ActivityFactory(project=w["project"], title="Kurs komputerowy"),
                participant=w["person"],
                enrolled_on=dt.date(2011, 3, 2),
            ),
            id="service",
        ),
        pytest.param(
            lambda w: Activity.objects.filter(pk=w["activity"].pk).update(title="Kurs komputerowy"), id="bulk"
        ),
        pytest.param(
            lambda w: importer.import_participants(
                actor=w["actor"],
                project=ProjectFactory(
                    institution=w["person"].institution,
                    code="KURS-2",
                    title="Kurs komputerowy",
                    start_on=dt.date(2011, 1, 1),
                    end_on=dt.date(2011, 12, 31),
                ),
                data=csv_file([row(c3=w["person"].first_name, c4=w["person"].last_name, c5=w["person"].pesel)]),
                filename="kurs.csv",
            ),
            id="import",
        ),
    ],
)
def test_a_change_after_the_page_was_cached_shows_at_once(social_worker, world, write):
    person = world["person"]
    assert "Kurs komputerowy" not in _warm(social_worker, person)
    write(world)
    served = _get(social_worker, person)[0]
    assert "Kurs komputerowy" in served and served == _uncached(social_worker, person)


def test_a_mark_of_another_person_moves_the_attendance_rate(social_worker, world):
    """Sessions held count everyone's marks: a new session's first mark changes this person's rate."""
    person = world["person"]
    assert "obecność 100,00" in _warm(social_worker, person)
    AttendanceFactory(
        session=SessionFactory(activity=world["activity"], date=dt.date(2011, 3, 8)), participant=world["other"]
    )
    assert "obecność 50,00" in _get(social_worker, person)[0]


def _uncached(persona, person) -> str:
    caches["timeline"].clear()
    return _get(persona, person)[0]


def test_anonymisation_leaves_nothing_of_the_person_in_the_served_sections(social_worker, world):
    person = world["person"]
    ConsentFactory(participant=person, purpose="sms")
    _warm(social_worker, person)
    before = _versions(world)
    privacy.anonymise(Participant.objects.get(pk=person.pk))
    assert _versions(world)[0] > before[0]
    assert _get(social_worker, person)[0] == _uncached(social_worker, person)


def test_a_colleague_in_another_role_gets_their_own_sections(social_worker, auditor, world):
    person = world["person"]
    _warm(social_worker, person)
    CaseNote.objects.create(
        institution=person.institution,
        participant=person,
        author=social_worker.membership,
        written_on=dt.date(2011, 2, 1),
        text="Notatka poufna",
    )
    assert "Notatka poufna" in _warm(social_worker, person)
    assert "Notatka poufna" not in _warm(auditor, person)


@pytest.fixture
def breaker():
    core_cache.reset_fragments_breaker()
    yield
    core_cache.reset_fragments_breaker()


def test_the_page_is_served_when_the_cache_cannot_be_reached(social_worker, world, settings, breaker, caplog):
    settings.CACHES = {**settings.CACHES, "timeline": redis_cache("redis://127.0.0.1:1/0")}  # nothing listens
    person = world["person"]
    first = _warm(social_worker, person)
    assert "Warsztat pamięci" in first
    assert "the cache cannot be reached" in caplog.text
    assert core_cache._fragments.down()  # left alone: the next requests do not wait for it


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
def test_redis_stopped_after_the_page_was_cached(social_worker, world, settings, breaker, tmp_path):
    server = RedisServer(tmp_path).start()
    try:
        settings.CACHES = {**settings.CACHES, "timeline": {**redis_cache(server.url), "KEY_PREFIX": "t"}}
        person = world["person"]
        cached = _warm(social_worker, person)
        assert "Warsztat pamięci" in cached
    finally:
        server.kill()
    assert _get(social_worker, person)[0] == cached


# Read by a section but shown by none: a case note's author is joined for the note's specialty, which is the
# note's own column; the person's own row is the page's (the sections are given it); the versions themselves.
READ_NOT_SHOWN = {"auth_user", "people_participant", stamps.PERSON_TABLE, stamps.CENTRE_TABLE}


def test_every_table_a_section_reads_is_stamped(social_worker, world):
    """A section that starts showing another table must stamp it (a migration of its app), or its page
    would be served from the cache after that table changed."""
    for table, write in MADE_FIRST.items():
        if table != "casework_localactivityprogramme":
            write(world)
    WRITES["casework_casenote"](world)
    WRITES["support_consultation"](world)
    WRITES["outcomes_followup"](world)
    person = world["person"]
    _get(social_worker, person)
    caches["timeline"].clear()
    with CaptureQueriesContext(connection) as captured:
        shown = rendered_sections(social_worker.membership, Participant.objects.get(pk=person.pk))
    read = {
        name for query in captured.captured_queries for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"])
    }
    assert len(shown) == 5 and {"support_consultation", "casework_casenote", "outreach_message"} <= read
    assert read - READ_NOT_SHOWN <= set(_stamped_tables()), read - READ_NOT_SHOWN - set(_stamped_tables())
