"""What works: a planted effect with a confounder, small groups, and scopes without outcomes."""

import datetime as dt
import io
import math
import random
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from integra.core.roles import Role, Specialty
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.outcomes.models import Exit, Result
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.planning import stats, whatworks
from integra.planning.models import ParticipantNeed
from integra.planning.tests.cli import report_json, run_report
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory
from integra.support.models import Activity, Attendance, Consultation, Instrument, Session

pytestmark = pytest.mark.django_db
START, EXIT = dt.date(2012, 1, 9), dt.date(2012, 6, 29)


def planted_population(centre, project, n=1600, seed=11):
    """Young people receive the course more often and find jobs more often; the course doubles the odds."""
    rng = random.Random(seed)
    people = [
        Participant(
            institution=centre,
            first_name="Jan",
            last_name=f"Próbny{i}",
            last_name_key=f"próbny{i}",
            no_pesel=True,
            sex=rng.choice("FM"),
            birth_date=dt.date(1990, 5, 1) if i % 2 else dt.date(1960, 5, 1),
            education=rng.choice(["isced2", "isced3"]),
            disability=rng.choice(["no", "no", "yes"]),
            long_term_unemployed=rng.random() < 0.4,
        )
        for i in range(n)
    ]
    Participant.objects.bulk_create(people)
    people = list(Participant.objects.filter(institution=centre, last_name__startswith="Próbny").order_by("id"))
    participations = Participation.objects.bulk_create(
        [
            Participation(
                institution=centre, project=project, participant=p, start_on=START, end_on=EXIT, status="completed"
            )
            for p in people
        ]
    )
    Exit.objects.bulk_create(
        [Exit(institution=centre, participation=pp, exit_on=EXIT, reason="completed") for pp in participations]
    )
    course = Instrument.objects.create(
        institution=centre, code="kurs-opiekun", name="Kurs opiekuna osób starszych", group="educational"
    )
    activity = Activity.objects.create(
        institution=centre,
        project=project,
        instrument=course,
        title="Opiekun osób starszych",
        kind="vocational_course",
        provider_name="Firma Szkoleniowa",
        planned_hours=Decimal("10.00"),
        start_on=START,
        end_on=EXIT,
    )
    first = Session.objects.create(
        institution=centre, activity=activity, date=dt.date(2012, 3, 1), start_time=dt.time(9), duration_minutes=300
    )
    second = Session.objects.create(
        institution=centre, activity=activity, date=dt.date(2012, 3, 2), start_time=dt.time(9), duration_minutes=300
    )
    attendance, results, truth = [], [], []
    for person, participation in zip(people, participations, strict=True):
        young = person.birth_date.year == 1990
        received = rng.random() < (0.8 if young else 0.2)
        if received:
            attendance += [
                Attendance(institution=centre, session=s, participant=person, status="present") for s in (first, second)
            ]
        elif rng.random() < 0.3:  # came once: 5 of 10 planned hours is exactly the 50 % threshold... but absent here
            attendance.append(Attendance(institution=centre, session=first, participant=person, status="absent"))
        logit = -1.2 + 1.5 * young + math.log(2) * received
        job = rng.random() < 1 / (1 + math.exp(-logit))
        if job:
            results.append(
                Result(
                    institution=centre,
                    participation=participation,
                    kind="employment_contract",
                    achieved_on=EXIT + dt.timedelta(days=14),
                )
            )
        truth.append((received, job))
    Attendance.objects.bulk_create(attendance)
    Result.objects.bulk_create(results)
    return people, truth


@pytest.fixture
def planted():
    centre = InstitutionFactory(slug="mops-plock", name="MOPS Płock")
    project = ProjectFactory(
        institution=centre, code="KIS-2012", start_on=dt.date(2012, 1, 1), end_on=dt.date(2012, 12, 31)
    )
    people, truth = planted_population(centre, project)
    lawyer = MembershipFactory(institution=centre, role=Role.SPECIALIST, specialty=Specialty.LAWYER)
    advice = Instrument.objects.create(institution=centre, code="porada-prawna", name="Porada prawna", group="social")
    for person in people[:5]:
        Consultation.objects.create(
            institution=centre,
            participant=person,
            project=project,
            instrument=advice,
            specialist=lawyer,
            specialty=Specialty.LAWYER,
            date=dt.date(2012, 2, 20),
            duration_minutes=60,
            topic="Zadłużenie",
        )
        ParticipantNeed.objects.create(
            institution=centre, participant=person, need="lawyer", recorded_on=dt.date(2012, 2, 10)
        )
    return centre, project, people, truth


def test_adjusted_odds_ratio_recovers_the_planted_effect(planted):
    _centre, _project, _people, truth = planted
    data = report_json("what-works", "--project", "KIS-2012", "--outcome", "job_28d")
    assert data["outcome"] == "job_28d"
    assert data["participants"] == 1600
    jobs = sum(job for _r, job in truth)
    assert data["baseline_rate"] == pytest.approx(jobs / 1600)
    course = next(e for e in data["elements"] if e["instrument"] == "kurs-opiekun")
    received = [job for r, job in truth if r]
    not_received = [job for r, job in truth if not r]
    assert course["received"] == len(received)
    assert course["with_outcome"] == sum(received)
    assert course["rate"] == pytest.approx(sum(received) / len(received))
    assert course["rate_not_received"] == pytest.approx(sum(not_received) / len(not_received))
    assert course["ci_low"] < course["rate"] < course["ci_high"]
    assert course["small_group"] is False
    # Adjusted for age (and the rest), the interval holds the planted 2 and excludes 1 ...
    assert course["or_ci_low"] < 2 < course["or_ci_high"]
    assert course["or_ci_low"] > 1
    # ... while the crude rates show the confounded difference the data was built with (crude OR well above 2).
    r1, r0 = course["rate"], course["rate_not_received"]
    crude = (r1 / (1 - r1)) / (r0 / (1 - r0))
    assert crude > 3.5
    assert crude > course["or_ci_high"]
    group = next(e for e in data["elements"] if e["instrument"] is None and e["group"] == "educational")
    assert group["received"] == course["received"]


def test_a_group_of_five_is_flagged_small_and_gets_no_model(planted):
    data = report_json("what-works", "--project", "KIS-2012", "--outcome", "job_28d")
    advice = next(e for e in data["elements"] if e["instrument"] == "porada-prawna")
    assert advice["received"] == 5
    assert advice["small_group"] is True
    assert advice["odds_ratio"] is None and advice["or_ci_low"] is None
    lawyer = next(d for d in data["demand"] if d["specialty"] == "lawyer")
    assert lawyer == {"specialty": "lawyer", "needing": 5, "served": 5, "hours": "5.00", "median_wait_days": 10.0}


def test_half_of_planned_hours_counts_as_received():
    centre = InstitutionFactory(slug="mops-prog")
    project = ProjectFactory(institution=centre, code="PROG")
    instrument = Instrument.objects.create(
        institution=centre, code="trening", name="Trening kompetencji", group="social"
    )
    activity = Activity.objects.create(
        institution=centre,
        project=project,
        instrument=instrument,
        title="Trening",
        kind="group_workshop",
        provider_name="X",
        planned_hours=Decimal("4.00"),
        start_on=project.start_on,
        end_on=project.end_on,
    )
    sessions = [
        Session.objects.create(
            institution=centre, activity=activity, date=dt.date(2011, 3, d), start_time=dt.time(10), duration_minutes=60
        )
        for d in (1, 2, 3, 4)
    ]
    for attended in (1, 2, 3):
        person = ParticipantFactory(institution=centre)
        Participation.objects.create(institution=centre, project=project, participant=person, start_on=project.start_on)
        for session in sessions[:attended]:
            Attendance.objects.create(institution=centre, session=session, participant=person, status="present")
    scope = whatworks.Scope("project", "PROG", [centre.pk], project_id=project.pk)
    report = whatworks.analyse(scope, "social_progress")
    element = next(e for e in report.elements if e.code == "trening")
    assert element.received == 2  # 2 and 3 of 4 hours; 1 hour is below half
    assert whatworks.analyse(scope, "social_progress", share=Decimal("0.75")).elements[0].received == 1


def test_scope_without_outcomes_gives_a_clear_message(client):
    centre = InstitutionFactory(slug="mops-pusty", name="MOPS Pusty")
    project = ProjectFactory(institution=centre, code="BEZ-WYNIKOW")
    for _ in range(4):
        person = ParticipantFactory(institution=centre)
        participation = Participation.objects.create(
            institution=centre, project=project, participant=person, start_on=project.start_on
        )
        Exit.objects.create(
            institution=centre, participation=participation, exit_on=dt.date(2011, 10, 1), reason="completed"
        )
    data = report_json("what-works", "--project", "BEZ-WYNIKOW", "--centre", "mops-pusty", "--outcome", "job_3m")
    assert data["baseline_rate"] == 0.0 and data["elements"] == []
    assert "message" in data
    director = MembershipFactory(institution=centre, role=Role.DIRECTOR)
    client.force_login(director.user)
    page = client.get(f"/planning/what-works/project/{project.pk}/", {"outcome": "job_3m"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nikt w tym zakresie nie ma jeszcze odnotowanego wybranego rezultatu" in html
    assert "nie dowód" in html  # an association, not proof of cause
    empty = ProjectFactory(institution=centre, code="NIKOGO")
    page = client.get(f"/planning/what-works/project/{empty.pk}/")
    assert page.status_code == 200 and "Brak uczestników" in page.content.decode()


def test_the_outcome_analysed_without_a_choice_is_the_one_the_select_shows(client):
    """The page read „praca w ciągu 28 dni” in its select (the first option, none being chosen) above results for
    a job within three months, the default."""
    centre = InstitutionFactory(slug="mops-domyslny")
    project = ProjectFactory(institution=centre, code="DOMYSLNY")
    client.force_login(MembershipFactory(institution=centre, role=Role.COORDINATOR).user)

    def chosen(query: dict[str, str]) -> list[str]:
        html = client.get(f"/planning/what-works/project/{project.pk}/", query).content.decode()
        select = re.search(r'<select name="outcome".*?</select>', html, re.S).group()
        return re.findall(r'<option value="(\w*)"[^>]*selected', select)

    for query in ({}, {"outcome": ""}, {"outcome": "job_3m"}):
        assert chosen(query) == ["job_3m"], query
    assert chosen({"outcome": "job_28d"}) == ["job_28d"]


def test_screen_and_pdf_in_polish(planted, client, tmp_path):
    centre, project, _people, _truth = planted
    client.force_login(MembershipFactory(institution=centre, role=Role.COORDINATOR).user)
    page = client.get(f"/planning/what-works/project/{project.pk}/", {"outcome": "job_28d"})
    html = page.content.decode()
    assert "Kurs opiekuna osób starszych" in html and "mała grupa" in html
    pdf = client.get(f"/planning/what-works/project/{project.pk}/pdf/", {"outcome": "job_28d"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Co działa" in text and "Kurs opiekuna osób starszych" in text and "nie dowód" in text.replace("\n", " ")
    out = tmp_path / "co-dziala.pdf"
    run_report("what-works", "--project", "KIS-2012", "--format", "pdf", "--out", str(out))
    assert "Co działa" in PdfReader(str(out)).pages[0].extract_text()
    bad = client.get(
        f"/planning/what-works/project/{project.pk}/", {"date_from": "2012-12-01", "date_to": "2012-01-01"}
    )
    assert bad.status_code == 400 and "Początek okresu" in bad.content.decode()


def test_wilson_interval_known_values():
    from statsmodels.stats.proportion import proportion_confint

    assert stats.wilson(81, 263) == pytest.approx(proportion_confint(81, 263, method="wilson"))
    assert stats.wilson(0, 0) == (None, None)
    assert stats.wilson(0, 10)[0] == 0.0
