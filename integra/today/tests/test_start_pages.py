"""Each role's start page ("Na dziś"): the items planted for today, their dates, their links, the empty states."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from integra.casework.models import IndividualPlan, LocalActivityProgramme
from integra.casework.tests.factories import SocialContractFactory
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import UserFactory
from integra.institutions.tests.factories import MembershipFactory
from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory, ResultFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.models import Application
from integra.recruitment.tests.factories import RecruitmentCallFactory
from integra.support.tests.factories import ActivityFactory, AttendanceFactory, SessionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)  # a Wednesday
NOW = dt.datetime(2026, 11, 25, 10, 0)


def _section(html: str, key: str) -> str:
    start = html.index(f'id="{key}"')
    end = html.find("</section>", start)
    return html[start:end]


def _project(centre, **extra):
    return ProjectFactory(
        institution=centre,
        code=extra.pop("code", "FEPK-07.05"),
        start_on=dt.date(2026, 5, 1),
        end_on=dt.date(2027, 10, 31),
        programme="FEPK 2021-2027",
        **extra,
    )


def plant_casework(centre, social_worker_membership=None, *, extra: int = 0):
    """A present-day week of a club: what each list of the case roles must find (`extra` adds more of each)."""
    project = _project(centre)
    activity = ActivityFactory(
        project=project,
        title="Warsztaty kompetencji społecznych",
        start_on=dt.date(2026, 11, 1),
        end_on=dt.date(2026, 12, 31),
        provider=social_worker_membership,
    )
    SessionFactory(activity=activity, date=dt.date(2026, 11, 23), start_time=dt.time(9, 0))  # Monday, unmarked
    SessionFactory(activity=activity, date=TODAY, start_time=dt.time(12, 0))  # today, unmarked
    marked = SessionFactory(activity=activity, date=dt.date(2026, 11, 24))
    AttendanceFactory(session=marked)
    SessionFactory(activity=activity, date=dt.date(2026, 10, 1))  # too old for the start page
    exit_row = ExitFactory(
        participation=ParticipationFactory(
            project=project,
            participant=ParticipantFactory(institution=centre, first_name="Anna", last_name="Kowalczyk"),
        ),
        exit_on=dt.date(2026, 10, 30),
    )  # 28 days: 27.11
    FollowUpFactory(participation=exit_row.participation, kind="3m", due_on=dt.date(2027, 1, 30))
    three = ExitFactory(
        participation=ParticipationFactory(
            project=project,
            participant=ParticipantFactory(institution=centre, first_name="Barbara", last_name="Zielińska"),
        ),
        exit_on=dt.date(2026, 8, 26),
    )
    ResultFactory(participation=three.participation, achieved_on=dt.date(2026, 9, 1))
    FollowUpFactory(participation=three.participation, kind="3m", due_on=dt.date(2026, 11, 26))
    SocialContractFactory(
        institution=centre,
        number="KS/7/2026",
        status="active",
        start_on=dt.date(2026, 6, 1),
        end_on=dt.date(2026, 12, 4),
        participant=ParticipantFactory(institution=centre, first_name="Czesław", last_name="Mazur"),
        **({"social_worker": social_worker_membership} if social_worker_membership else {}),
    )
    call = RecruitmentCallFactory(
        project=project, title="Nabór 2026/II", opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 11, 30)
    )
    Application.objects.create(
        institution=centre,
        call=call,
        participant=ParticipantFactory(institution=centre, first_name="Dorota", last_name="Wiśniewska"),
        applied_on=dt.date(2026, 11, 10),
    )
    ParticipationFactory(
        project=project,
        participant=ParticipantFactory(
            institution=centre, first_name="Edward", last_name="Nowicki", education="", postal_code=""
        ),
    )
    for n in range(extra):
        SessionFactory(activity=activity, date=TODAY + dt.timedelta(days=n % 4))
        FollowUpFactory(participation=ParticipationFactory(project=project), kind="6m", due_on=TODAY)
        SocialContractFactory(
            institution=centre, status="active", start_on=dt.date(2026, 6, 1), end_on=dt.date(2026, 12, 1)
        )
        Application.objects.create(
            institution=centre,
            call=call,
            participant=ParticipantFactory(institution=centre),
            applied_on=dt.date(2026, 11, 11),
        )
        ParticipationFactory(project=project, participant=ParticipantFactory(institution=centre, locality=""))
    return project


@time_machine.travel(NOW, tick=False)
def test_coordinator_finds_each_planted_item_with_its_date_and_one_click(coordinator, outsider):
    plant_casework(coordinator.institution)
    plant_casework(outsider.institution)  # another centre's work never shows
    html = coordinator.client.get("/").content.decode()

    sessions = _section(html, "sessions")
    assert 'data-count="2"' in sessions
    assert "23.11.2026" in sessions and "poniedziałek" in sessions and "zaległe" in sessions
    assert "25.11.2026" in sessions and "dziś" in sessions
    assert "24.11.2026" not in sessions and "01.10.2026" not in sessions
    assert "/support/sessions/" in sessions and "Zaznacz obecność" in sessions

    follow_ups = _section(html, "follow-ups")
    assert 'data-count="2"' in follow_ups
    assert "Kowalczyk" in follow_ups and "27.11.2026" in follow_ups and "piątek" in follow_ups
    assert "Zielińska" in follow_ups and "26.11.2026" in follow_ups and "jutro" in follow_ups
    assert "30.01.2027" not in follow_ups

    casework = _section(html, "casework")
    assert "Mazur" in casework and "04.12.2026" in casework and "KS/7/2026" in casework

    applications = _section(html, "applications")
    assert "Wiśniewska" in applications and "30.11.2026" in applications

    gaps = _section(html, "sheet-gaps")
    assert "Nowicki" in gaps and "Wykształcenie" in gaps and "Kod pocztowy" in gaps
    assert "Kowalczyk" not in gaps


@time_machine.travel(NOW, tick=False)
def test_overdue_follow_ups_of_long_closed_projects_stay_off_the_start_page(coordinator):
    centre = coordinator.institution

    def overdue(code, end_on, last_name, due_on):
        project = ProjectFactory(institution=centre, code=code, start_on=dt.date(2010, 1, 1), end_on=end_on)
        FollowUpFactory(
            participation=ParticipationFactory(
                project=project, participant=ParticipantFactory(institution=centre, last_name=last_name)
            ),
            kind="6m",
            due_on=due_on,
        )

    overdue("POKL-2012", dt.date(2012, 12, 31), "Dawnowska", dt.date(2012, 6, 30))  # 14 years overdue
    overdue("RPO-2019", dt.date(2019, 12, 31), "Starsza", dt.date(2020, 6, 30))
    # Ended five months ago: its 6-month checks are still to be made (and one is late).
    overdue("FEPK-2026", dt.date(2026, 6, 30), "Świeża", dt.date(2026, 11, 2))
    # The follow-up period reaches back to projects ending on 25.04.2026 (6 × 31 + 28 days): 28.04 is inside.
    overdue("FEPK-2025", dt.date(2026, 4, 28), "Graniczna", dt.date(2026, 10, 20))
    # Ended on 24.04.2026: its follow-up period is over.
    overdue("FEPK-2024", dt.date(2026, 4, 24), "Zamknięta", dt.date(2026, 10, 15))

    follow_ups = _section(coordinator.client.get("/").content.decode(), "follow-ups")
    assert 'data-count="2"' in follow_ups
    assert "Świeża" in follow_ups and "02.11.2026" in follow_ups and "Graniczna" in follow_ups
    assert "Dawnowska" not in follow_ups and "Starsza" not in follow_ups and "Zamknięta" not in follow_ups
    # ... and says that they exist and where: the card above Monitoring does not read as "nothing is open".
    assert "3 starsze badania, projektów po okresie badań, są nadal otwarte na pełnej liście." in follow_ups
    # The full screen still lists every open follow-up.
    full = coordinator.client.get(reverse("outcomes:follow-ups-due")).content.decode()
    assert "Dawnowska" in full and "Zamknięta" in full


@time_machine.travel(NOW, tick=False)
def test_every_link_on_the_coordinators_page_opens(coordinator):
    plant_casework(coordinator.institution)
    html = coordinator.client.get("/").content.decode()
    import re

    links = set(re.findall(r'<a class="worklist-act" href="([^"]+)"', html)) | set(
        re.findall(r'<p><a href="([^"]+)">', html)
    )
    assert len(links) >= 6
    for link in links:
        assert coordinator.client.get(link.replace("&amp;", "&")).status_code == 200, link


@time_machine.travel(NOW, tick=False)
def test_social_worker_sees_own_sessions_and_caseload_only(social_worker, centre_a):
    plant_casework(centre_a, social_worker.membership)
    colleague = MembershipFactory(institution=centre_a, role=Role.SOCIAL_WORKER)
    other = ActivityFactory(
        project=_project(centre_a, code="INNY"),
        title="Zajęcia koleżanki",
        provider=colleague,
        start_on=dt.date(2026, 11, 1),
        end_on=dt.date(2026, 12, 31),
    )
    SessionFactory(activity=other, date=TODAY)
    SocialContractFactory(
        institution=centre_a,
        social_worker=colleague,
        status="active",
        number="KS/99/2026",
        start_on=dt.date(2026, 6, 1),
        end_on=dt.date(2026, 12, 2),
    )
    html = social_worker.client.get("/").content.decode()
    assert "Warsztaty kompetencji społecznych" in _section(html, "sessions")
    assert "Zajęcia koleżanki" not in _section(html, "sessions")
    assert "KS/7/2026" in _section(html, "casework") and "KS/99/2026" not in _section(html, "casework")


@time_machine.travel(NOW, tick=False)
def test_specialist_gets_no_list_they_cannot_act_on(specialist):
    plant_casework(specialist.institution, specialist.membership)
    html = specialist.client.get("/").content.decode()
    assert 'id="sessions"' in html and "Zaznacz obecność" in _section(html, "sessions")
    assert 'id="follow-ups"' not in html  # a psychologist records no follow-ups (the career advisor does)
    assert 'id="casework"' not in html  # a psychologist keeps no contracts or action plans
    assert "/people/" in _section(html, "sheet-gaps") and "/edit/" not in _section(html, "sheet-gaps")


@time_machine.travel(NOW, tick=False)
def test_career_advisor_sees_own_plans_due(centre_a):
    user = UserFactory(username="doradca")
    advisor = MembershipFactory(
        user=user, institution=centre_a, role=Role.SPECIALIST, specialty=Specialty.CAREER_ADVISOR
    )
    person = ParticipantFactory(institution=centre_a, last_name="Lis")
    IndividualPlan.objects.create(
        institution=centre_a,
        participant=person,
        career_advisor=advisor,
        goals="praca",
        drawn_up_on=dt.date(2026, 6, 1),
        start_on=dt.date(2026, 6, 1),
        end_on=dt.date(2027, 3, 1),
        next_review_on=dt.date(2026, 11, 20),
    )
    from django.test import Client

    client = Client()
    client.force_login(user)
    casework = _section(client.get("/").content.decode(), "casework")
    assert "Lis" in casework and "20.11.2026" in casework and "/casework/plans/" in casework
    assert "/casework/contracts/" not in casework  # the full list is the plans, not the contracts


@time_machine.travel(NOW, tick=False)
def test_career_advisor_finds_the_follow_ups_due_with_one_click_to_record(centre_a):
    user = UserFactory(username="doradca")
    MembershipFactory(user=user, institution=centre_a, role=Role.SPECIALIST, specialty=Specialty.CAREER_ADVISOR)
    plant_casework(centre_a)
    from django.test import Client

    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    follow_ups = _section(html, "follow-ups")
    assert "Zielińska" in follow_ups and "26.11.2026" in follow_ups and "Wpisz badanie" in follow_ups
    assert "Kowalczyk" in follow_ups and "Zapisz wynik" in follow_ups  # the situation 28 days after exit
    assert f'href="{reverse("outcomes:follow-ups-due")}"' in html  # and in the menu
    assert "specjalista (doradca zawodowy)" in html


@time_machine.travel(NOW, tick=False)
def test_family_assistant_sees_the_families_longest_without_a_visit_first(centre_a):
    from django.test import Client

    from integra.people.tests.factories import HouseholdFactory
    from integra.support.models import FamilyAssistantVisit

    user = UserFactory(username="asystent")
    assistant = MembershipFactory(
        user=user, institution=centre_a, role=Role.SPECIALIST, specialty=Specialty.FAMILY_ASSISTANT
    )
    colleague = MembershipFactory(institution=centre_a, role=Role.SPECIALIST, specialty=Specialty.FAMILY_ASSISTANT)
    families = {name: HouseholdFactory(institution=centre_a, name=name) for name in ("Mazurów", "Kosów", "Lisów")}
    for name, day, who in (
        ("Mazurów", dt.date(2026, 11, 20), assistant),
        ("Kosów", dt.date(2026, 10, 2), assistant),
        ("Kosów", dt.date(2026, 11, 24), colleague),  # a colleague's visit is not this assistant's
        ("Lisów", dt.date(2026, 11, 1), colleague),
    ):
        household = families[name]
        FamilyAssistantVisit.objects.create(
            institution=centre_a, household=household, assistant=who, date=day, duration_minutes=60
        )
    client = Client()
    client.force_login(user)
    visits = _section(client.get("/").content.decode(), "family-visits")
    assert 'data-count="2"' in visits and "Lisów" not in visits
    assert visits.index("Kosów") < visits.index("Mazurów")
    assert "02.10.2026" in visits and "Zapisz wizytę" in visits and "/support/family-visits/new/?household=" in visits


@time_machine.travel(NOW, tick=False)
def test_empty_lists_say_what_is_done(coordinator):
    html = coordinator.client.get("/").content.decode()
    assert "Wszystkie obecności są zaznaczone." in _section(html, "sessions")
    assert "Żadne badanie losów nie jest teraz do wykonania." in _section(html, "follow-ups")
    assert "Każde zgłoszenie ma decyzję." in _section(html, "applications")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("extra", [0, 12])
def test_coordinator_page_query_count_does_not_grow_with_the_centre(coordinator, django_assert_num_queries, extra):
    plant_casework(coordinator.institution, extra=extra)
    LocalActivityProgramme.objects.create(
        institution=coordinator.institution,
        title="PAL Osiedle",
        goals="x",
        start_on=dt.date(2026, 1, 1),
        end_on=dt.date(2026, 12, 1),
    )
    with django_assert_num_queries(COORDINATOR_QUERIES):
        response = coordinator.client.get("/")
    assert response.status_code == 200
    assert f'data-count="{2 + extra}"' in _section(response.content.decode(), "sessions")


# Signed-in request: session, user, second-factor device, membership (4); one per list: sessions, exits,
# follow-ups this week, overdue, contracts, PAL, plans, applications, sheet gaps (9); the set-up steps of a centre
# with no other staff (1); the switcher's memberships (1) and the session's refresh: savepoint, update, release (3);
# the count of older open follow-ups the follow-up card names (1).
COORDINATOR_QUERIES = 20  # + participants' answers awaiting confirmation (integra.outreach)


def test_a_user_without_a_centre_role_is_told_so(client):
    user = UserFactory(username="bezroli")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Twoje konto nie ma jeszcze roli w żadnym ośrodku" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_new_centre_is_led_through_its_setup(administrator):
    html = administrator.client.get("/").content.decode()
    setup = _section(html, "setup")
    assert reverse("projects:project-create") in setup
    assert reverse("institutions:staff-create") in setup
    assert "Import arkusza uczestników" in setup and "/import/" not in setup  # no project to import into yet
    for url in (reverse("projects:project-create"), reverse("institutions:staff-create")):
        assert administrator.client.get(url).status_code == 200
    project = _project(administrator.institution)
    setup = _section(administrator.client.get("/").content.decode(), "setup")
    assert "Utwórz pierwszy projekt</strong> — gotowe" in setup
    import_url = reverse("outcomes:sheet-import", args=[project.pk])
    assert import_url in setup and administrator.client.get(import_url).status_code == 200
    ParticipationFactory(project=project)
    MembershipFactory(institution=administrator.institution, role=Role.SOCIAL_WORKER)
    assert 'id="setup"' not in administrator.client.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_new_centres_coordinator_is_led_too_without_a_link_they_may_not_open(coordinator):
    setup = _section(coordinator.client.get("/").content.decode(), "setup")
    assert reverse("projects:project-create") in setup
    assert reverse("institutions:staff-create") not in setup and "dodaje ich administrator ośrodka" in setup
    project = _project(coordinator.institution)
    setup = _section(coordinator.client.get("/").content.decode(), "setup")
    import_url = reverse("outcomes:sheet-import", args=[project.pk])
    assert import_url in setup and coordinator.client.get(import_url).status_code == 200
