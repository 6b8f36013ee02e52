"""The accountant's, director's, DPO's and regional supervisor's start pages, and the staff a new centre adds."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from integra.core.models import AccessLogEntry
from integra.core.roles import Role
from integra.core.testing.factories import UserFactory
from integra.core.testing.otp import verified_login
from integra.finance import services as finance_services
from integra.finance.models import CapRule, CostCategory
from integra.finance.queries import claim_period_on, next_claim_periods
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.institutions.models import Institution, Membership
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.outcomes.tests.factories import ResultFactory
from integra.people.models import Consent
from integra.people.tests.factories import ParticipantFactory
from integra.privacy import services as privacy_services
from integra.privacy.queries import due_for_anonymisation
from integra.projects.models import Project
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.today.tests.test_start_pages import NOW, TODAY, _section

pytestmark = pytest.mark.django_db


def _running_project(centre, code="FEPK-07.05-IP.01-0001/26", **extra):
    return ProjectFactory(
        institution=centre, code=code, **{"start_on": dt.date(2026, 5, 1), "end_on": dt.date(2027, 10, 31), **extra}
    )


def plant_money(coordinator, accountant, *, entries: int = 0):
    """A running project: the management line at 95 % of plan, its cap near the limit, a support expense with no
    activity. `entries` adds more expenses."""
    project = _running_project(coordinator.institution)
    version = approved_budget(
        coordinator.membership,
        project,
        [
            line_values(
                "1.1",
                "Aktywna integracja",
                "Trening kompetencji",
                CostCategory.PARTICIPANT_SUPPORT,
                "social",
                eu=D("80000.00"),
            ),
            line_values("3.1", "Zarządzanie", "Koordynacja projektu", CostCategory.MANAGEMENT, eu=D("10000.00")),
        ],
        approved_on=dt.date(2026, 4, 20),
    )
    finance_services.create_cap(
        actor=coordinator.membership,
        project=project,
        name="Zarządzanie do 12 %",
        categories=[CostCategory.MANAGEMENT],
        limit_percent=D("12.00"),
        base=CapRule.Base.TOTAL,
        mode=CapRule.Mode.WARN,
    )
    expense(
        accountant.membership,
        project,
        line(version, "3.1"),
        D("9500.00"),
        date=dt.date(2026, 10, 30),
        document_number="LP/10/2026",
    )
    expense(
        accountant.membership,
        project,
        line(version, "1.1"),
        D("1200.00"),
        date=dt.date(2026, 11, 5),
        document_number="FV/77/2026",
        contractor="Pracownia „Dialog”",
    )
    for n in range(entries):
        expense(
            accountant.membership,
            project,
            line(version, "1.1"),
            D("10.00"),
            date=dt.date(2026, 11, 6),
            document_number=f"FV/{100 + n}/2026",
        )
    return project


@time_machine.travel(NOW, tick=False)
def test_accountant_sees_lines_caps_unassigned_expenses_and_the_claim_period(coordinator, accountant):
    plant_money(coordinator, accountant)
    html = accountant.client.get("/").content.decode()
    lines = _section(html, "budget-lines")
    assert "3.1 Koordynacja projektu" in lines and "95,00 %" in lines and "500,00 zł" in lines
    assert "1.1 Trening" not in lines
    caps = _section(html, "caps")
    text = re.sub(r"<[^>]+>", "", caps)  # amounts and percentages sit in <span class="nowrap">
    assert "Zarządzanie do 12 %" in text and "11,11 %" in text and "12,00 %" in text
    unassigned = _section(html, "unassigned-expenses")
    assert "FV/77/2026" in unassigned and "05.11.2026" in unassigned and "1 200,00 zł" in unassigned
    assert "LP/10/2026" not in unassigned  # management is not support delivered to people
    claims = _section(html, "claims")
    assert "01.11.2026 – 31.01.2027" in claims and "10.02.2027" in claims and "1 200,00 zł" in claims
    assert "/finance/projects/" in claims and "start=2026-11-01&amp;end=2027-01-31" in claims


def test_the_claim_just_ended_is_shown_while_it_is_being_filed(db):
    project = _running_project(InstitutionFactory(), start_on=dt.date(2026, 5, 20))
    (period,) = next_claim_periods([project], TODAY)  # five days into a new period: the last one is filed now
    assert (period.start, period.end, period.file_by) == (
        dt.date(2026, 8, 20),
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 29),
    )
    (period,) = next_claim_periods([project], dt.date(2026, 12, 5))
    assert (period.start, period.end) == (dt.date(2026, 11, 20), dt.date(2027, 2, 19))


def test_claim_periods_run_three_months_from_the_start_and_stop_at_the_end():
    project = ProjectFactory.build(start_on=dt.date(2026, 5, 1), end_on=dt.date(2027, 1, 15))
    assert claim_period_on(project, dt.date(2026, 5, 1)) == (dt.date(2026, 5, 1), dt.date(2026, 7, 31))
    assert claim_period_on(project, dt.date(2026, 11, 25)) == (dt.date(2026, 11, 1), dt.date(2027, 1, 15))
    late = ProjectFactory.build(start_on=dt.date(2026, 1, 31), end_on=dt.date(2027, 12, 31))
    assert claim_period_on(late, dt.date(2026, 5, 1)) == (dt.date(2026, 4, 30), dt.date(2026, 7, 30))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("entries", [0, 15])
def test_accountant_page_query_count_does_not_grow(coordinator, accountant, django_assert_num_queries, entries):
    plant_money(coordinator, accountant, entries=entries)
    # Request (4); projects, versions, lines, expenses, benefits, participants (budget_statuses: 6 incl. projects);
    # caps: rules, expenses and benefits by category (3); unassigned expenses (1); claim entries (2); the centre
    # switcher's memberships (1); session refresh (3).
    with django_assert_num_queries(20):
        response = accountant.client.get("/")
    assert f'data-count="{1 + entries}"' in _section(response.content.decode(), "unassigned-expenses")


@time_machine.travel(NOW, tick=False)
def test_director_sees_projects_against_targets_budget_and_staffing(coordinator, accountant, director, social_worker):
    centre = director.institution
    Institution.objects.filter(pk=centre.pk).update(population=14000)
    project = plant_money(coordinator, accountant)
    Project = type(project)
    Project.objects.filter(pk=project.pk).update(target_participants=40, target_women=22, target_jobs=9)
    woman = ParticipationFactory(project=project, participant=ParticipantFactory(institution=centre, sex="F"))
    ParticipationFactory(
        project=project, participant=ParticipantFactory(institution=centre, sex="M", pesel=None, no_pesel=True)
    )
    ResultFactory(participation=woman, achieved_on=dt.date(2026, 11, 2))
    html = director.client.get("/").content.decode()
    projects = _section(html, "projects")
    assert project.code in projects
    assert ">2 / 40<" in projects and ">1 / 22<" in projects and ">1 / 9<" in projects
    assert "11,89 %" in projects  # 10 700,00 zł of 90 000,00 zł
    staffing = _section(html, "staffing")
    assert "standard niespełniony" in staffing and "brakuje 6,00 etatu" in staffing


@time_machine.travel(NOW, tick=False)
def test_dpo_sees_withdrawals_anonymisation_due_and_unusual_access(dpo, social_worker, centre_a):
    person = ParticipantFactory(institution=centre_a, first_name="Halina", last_name="Kowal")
    consent = Consent.objects.create(
        institution=centre_a, participant=person, purpose="image", given_on=dt.date(2026, 5, 4)
    )
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=dt.date(2026, 11, 23))
    old = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    gone = ParticipationFactory(project=old).participant
    kept = ParticipationFactory(project=old).participant
    ParticipationFactory(project=_running_project(centre_a), participant=kept)
    people = ParticipantFactory.create_batch(6, institution=centre_a)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            institution=centre_a,
            user=social_worker.user,
            kind="view",
            subject_type="people.participant",
            subject_id=p.pk,
        )
        for p in people
    )
    with time_machine.travel(NOW, tick=False), pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "INTEGRA_UNUSUAL_ACCESS_PER_DAY", 5)
        html = dpo.client.get("/").content.decode()
    assert "Kowal" in _section(html, "consents-withdrawn") and "23.11.2026" in _section(html, "consents-withdrawn")
    anonymisation = _section(html, "anonymisation")
    assert f"osoba nr {gone.pk}<" in anonymisation and f"osoba nr {kept.pk}<" not in anonymisation
    unusual = _section(html, "unusual-access")
    assert "Pracownik Testowa" in unusual and "otwartych kart uczestników: 6 (limit 5)" in unusual
    assert f"user={social_worker.user.pk}" in unusual


@time_machine.travel(NOW, tick=False)
def test_dpo_sees_consents_ending_within_the_window_soonest_first(dpo, outsider, centre_a):
    def consent(last_name, centre=centre_a, **dates):
        person = ParticipantFactory(institution=centre, first_name="Ewa", last_name=last_name)
        return Consent.objects.create(
            institution=centre, participant=person, purpose="image", given_on=dt.date(2026, 5, 4), **dates
        )

    consent("Późna", valid_until=dt.date(2026, 12, 20))  # in 25 days
    consent("Pilna", valid_until=dt.date(2026, 11, 27))  # the day after tomorrow
    consent("Daleka", valid_until=dt.date(2027, 5, 4))  # far in the future
    consent("Bezterminowa")  # until withdrawn
    consent("Wygasła", valid_until=dt.date(2026, 11, 24))  # ended yesterday: no longer "ending"
    consent("Wycofana", valid_until=dt.date(2026, 12, 1), withdrawn_on=dt.date(2026, 11, 20))
    consent("Obca", centre=outsider.institution, valid_until=dt.date(2026, 11, 30))

    html = dpo.client.get("/").content.decode()
    ending = _section(html, "consents-expiring")
    assert "Zgody wygasające w ciągu 30 dni" in ending and 'data-count="2"' in ending
    assert ending.index("Pilna") < ending.index("Późna")
    assert "27.11.2026" in ending and "20.12.2026" in ending and "udzielona 04.05.2026" in ending
    for absent in ("Daleka", "Bezterminowa", "Wygasła", "Wycofana", "Obca"):
        assert absent not in ending
    assert "Wycofana" in _section(html, "consents-withdrawn")  # withdrawn ones have their own list
    assert "/privacy/people/" in ending and "Otwórz osobę" in ending
    assert "/privacy/consents/?withdrawn=expiring" in ending

    full = dpo.client.get("/privacy/consents/?withdrawn=expiring").content.decode()
    assert full.index("Pilna") < full.index("Późna") and "Daleka" not in full and "Obca" not in full


@time_machine.travel(NOW, tick=False)
def test_the_consent_warning_window_is_a_setting(dpo, centre_a, settings):
    settings.INTEGRA_CONSENT_EXPIRY_WARNING_DAYS = 7
    person = ParticipantFactory(institution=centre_a, last_name="Grudniowa")
    Consent.objects.create(
        institution=centre_a,
        participant=person,
        purpose="image",
        given_on=dt.date(2026, 5, 4),
        valid_until=dt.date(2026, 12, 20),
    )
    ending = _section(dpo.client.get("/").content.decode(), "consents-expiring")
    assert "w ciągu 7 dni" in ending and "Grudniowa" not in ending and 'data-count="0"' in ending


@time_machine.travel(NOW, tick=False)
def test_anonymisation_due_agrees_with_the_privacy_rule(dpo, centre_a):
    old = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    kept_longer = ProjectFactory(
        institution=centre_a,
        start_on=dt.date(2011, 1, 1),
        end_on=dt.date(2011, 12, 31),
        retention_until=dt.date(2030, 12, 31),
    )
    ParticipationFactory.create_batch(2, project=old)
    ParticipationFactory(project=kept_longer)
    nobody = ParticipantFactory(institution=centre_a)
    type(nobody).objects.filter(pk=nobody.pk).update(updated_at=dt.datetime(2019, 6, 1, tzinfo=dt.UTC))
    ParticipantFactory(institution=centre_a)  # changed today: kept
    expected = {p.pk for p in privacy_services.due_for_anonymisation(TODAY, institution_id=centre_a.pk)}
    assert len(expected) == 3
    assert set(due_for_anonymisation(dpo.membership, TODAY).values_list("pk", flat=True)) == expected


@time_machine.travel(NOW, tick=False)
def test_regional_supervisor_sees_each_centre_with_small_counts_suppressed(db):
    region = InstitutionFactory(slug="region", name="Urząd Wojewódzki", kind=Institution.Kind.REGIONAL)
    big = InstitutionFactory(slug="big", name="MOPS Duży", supervisor=region)
    small = InstitutionFactory(slug="small", name="GOPS Mały", supervisor=region)
    for centre, people in ((big, 5), (small, 1)):
        project = _running_project(centre, code=f"P-{centre.slug}")
        ParticipationFactory.create_batch(people, project=project)
    user = UserFactory(username="nadzor")
    MembershipFactory(user=user, institution=region, role=Role.REGIONAL_SUPERVISOR)
    client = Client()
    verified_login(client, user)  # a regional supervisor signs in with a second factor
    regional = _section(client.get("/").content.decode(), "regional")
    assert "MOPS Duży" in regional and "GOPS Mały" in regional
    assert ">5</dd>" in regional and "&lt;3</dd>" in regional


@time_machine.travel(NOW, tick=False)
def test_administrator_adds_staff_who_can_sign_in(administrator, password):
    data = {
        "first_name": "Ewa",
        "last_name": "Sowa",
        "username": "ewa.sowa",
        "password": "dobre-haslo-2026!",
        "role": "social_worker",
        "specialty": "social_worker",
        "fte": "0,50",
        "start_on": "2026-12-01",
    }
    response = administrator.client.post("/centre/staff/new/", data)
    assert response.status_code == 302
    member = Membership.objects.get(user__username="ewa.sowa")
    assert (member.institution_id, member.role, member.fte) == (
        administrator.institution.pk,
        "social_worker",
        D("0.50"),
    )
    assert member.user.check_password("dobre-haslo-2026!") and member.user.is_active
    assert "Sowa" in administrator.client.get("/centre/staff/").content.decode()
    steps = _section(administrator.client.get("/").content.decode(), "setup")
    assert "Dodaj pracowników</strong> — gotowe" in steps


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"password": "krotkie"}, "password", "To hasło jest za krótkie"),
        ({"role": "specialist", "specialty": ""}, "specialty", "Specjalista musi mieć specjalność."),
        ({"username": "admin"}, "username", "już istnieje"),
        ({"fte": "1,50"}, "fte", ""),
    ],
)
def test_bad_staff_input_is_refused_and_nothing_is_written(administrator, change, field, message):
    data = {
        "first_name": "Ewa",
        "last_name": "Sowa",
        "username": "ewa.sowa",
        "password": "dobre-haslo-2026!",
        "role": "social_worker",
        "specialty": "",
        "fte": "1,00",
        **change,
    }
    users, members = get_user_model().objects.count(), Membership.objects.count()
    response = administrator.client.post("/centre/staff/new/", data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode() and message in response.content.decode()
    assert (get_user_model().objects.count(), Membership.objects.count()) == (users, members)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("people", [1, 12])
def test_director_page_query_count_does_not_grow(coordinator, accountant, director, django_assert_num_queries, people):
    project = plant_money(coordinator, accountant)
    for participation in ParticipationFactory.create_batch(people, project=project):
        ResultFactory(participation=participation, achieved_on=dt.date(2026, 11, 2))
    # Request (4); projects with counts, versions, lines, expenses, benefits, participants (6); jobs (1);
    # staffing: rule, workers, population, households reported, households in the registry (5); the switcher (1);
    # session refresh (3).
    with django_assert_num_queries(20):
        response = director.client.get("/")
    assert (
        _section(response.content.decode(), "projects").count(f'<dd class="num">{people}</dd>') == 3
    )  # people, women, jobs


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("rows", [1, 10])
def test_dpo_page_query_count_does_not_grow(dpo, social_worker, centre_a, django_assert_num_queries, rows):
    old = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    for participation in ParticipationFactory.create_batch(rows, project=old):
        Consent.objects.create(
            institution=centre_a,
            participant=participation.participant,
            purpose="image",
            given_on=dt.date(2011, 1, 3),
            withdrawn_on=dt.date(2026, 11, 20),
        )
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                institution=centre_a,
                user=social_worker.user,
                kind="view",
                subject_type="people.participant",
                subject_id=participation.participant_id,
            )
            for _ in range(60)
        )
        Consent.objects.create(
            institution=centre_a,
            participant=participation.participant,
            purpose="contact",
            given_on=dt.date(2026, 1, 3),
            valid_until=dt.date(2026, 12, 1),
        )
    # Request (4); consents ending, withdrawals (2); anonymisation: projects, people (2); unusual access, its
    # users (2); the switcher (1); session refresh (3).
    with django_assert_num_queries(14):
        response = dpo.client.get("/")
    assert f'data-count="{rows}"' in _section(response.content.decode(), "anonymisation")
    assert f'data-count="{rows}"' in _section(response.content.decode(), "consents-expiring")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("people", [2, 20])
def test_regional_page_query_count_does_not_grow_with_a_centre(db, django_assert_num_queries, people):
    region = InstitutionFactory(slug="region", name="Urząd Wojewódzki", kind=Institution.Kind.REGIONAL)
    centre = InstitutionFactory(slug="big", name="MOPS Duży", supervisor=region)
    ParticipationFactory.create_batch(people, project=_running_project(centre))
    user = UserFactory(username="nadzor")
    MembershipFactory(user=user, institution=region, role=Role.REGIONAL_SUPERVISOR)
    client = Client()
    verified_login(client, user)
    client.get("/")  # the first request of a verified session records the device once
    with django_assert_num_queries(REGIONAL_QUERIES):
        response = client.get("/")
    assert ("&lt;3</dd>" if people < 3 else f">{people}</dd>") in _section(response.content.decode(), "regional")


# Request (4), the supervised centres (1), the regional summary of one centre and its indicators (15: it grows
# with the number of centres, never with their size), the programming periods running (1, then one indicator
# query per period), the switcher (1); the session is not written (integra.core.sessions).
REGIONAL_QUERIES = 22


@time_machine.travel(NOW, tick=False)
def test_the_full_lists_behind_the_start_page(coordinator, accountant, dpo, centre_a):
    plant_money(coordinator, accountant)
    project = Project.objects.get(institution=centre_a)
    ParticipationFactory(
        project=project,
        participant=ParticipantFactory(institution=centre_a, last_name="Brak", gmina="", postal_code=""),
    )
    gaps = coordinator.client.get("/today/sheet-gaps/").content.decode()
    assert "Brak" in gaps and "Gmina, Kod pocztowy" in gaps
    assert "FV/77/2026" in accountant.client.get("/today/unassigned-expenses/").content.decode()
    old = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    gone = ParticipationFactory(project=old).participant
    assert f"osoba nr {gone.pk}<" in dpo.client.get("/today/anonymisation-due/").content.decode()
