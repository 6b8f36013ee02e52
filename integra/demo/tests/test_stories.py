"""The five seed articles replayed: every published figure comes out of Integra's own reports.

`integra demo-data` runs once for the module (inside a transaction rolled back at the end); each
test reads the JSON reports through `integra report ...` and checks the article's figures, and two
tests show that the figures follow the records (they are counted, never stored).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from integra.demo.generator import CENTRES, CentreData
from integra.demo.stories.common import PeopleFactory, sheet_bytes
from integra.finance.models import CapRule, FundingSource
from integra.finance.queries import current_version
from integra.finance.services import record_expense
from integra.institutions.models import Institution, Membership
from integra.outcomes.importer import import_participants
from integra.outcomes.models import Result, ResultKind
from integra.outcomes.services import record_result
from integra.projects.letters import letters_pdf
from integra.projects.models import IssuedLetter, Participation, Project
from integra.recruitment.models import Decision

PASSWORD = "demo-haslo-2026"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo (base data at a small scale plus the five stories), loaded once."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("demo-data", password=PASSWORD, scale=0.05, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def db_demo(demo, db):
    return demo


def report(*args: str) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


def summary(code: str) -> dict:
    return report("project-summary", "--project", code, "--format", "json")


def centre_data(slug: str) -> CentreData:
    spec = next(s for s in CENTRES if s.slug == slug)
    return CentreData(spec=spec, institution=Institution.objects.get(slug=slug))


def coordinator(slug: str) -> Membership:
    return Membership.objects.get(user__username=f"{slug}.koordynator")


def test_000_siemianowice_kis(db_demo):
    data = summary("SIEM-KIS")
    assert data["period"] == {"start": "2013-06-01", "end": "2015-06-30"}
    assert data["participants"]["total"] == 219
    assert data["people_with_disabilities"] == 42
    assert data["jobs"] == {"total": 53, "internship": 25, "employment_contract": 28, "self_employment": 0}
    assert data["qualifications_gained"] == 140
    project = Project.objects.get(code="SIEM-KIS")
    assert (project.programme_codes, project.editions.count()) == ("POKL VII 7.2.1", 2)
    participations = Participation.objects.filter(project=project)
    assert not participations.exclude(
        participant__labour_status__in=["registered_unemployed", "unregistered_unemployed"]
    ).exists()
    tutoring = project.activities.get(instrument__code="children-tutoring", start_on__year=2014)
    assert tutoring.enrolments.count() > 0
    assert all(e.participant.household.members.filter(relation="child").exists() for e in tutoring.enrolments.all())
    trip = next(e for e in data["events"] if e["kind"] == "trip")
    week = project.activities.get(instrument__code="art-therapy")
    assert (week.end_on - week.start_on).days == 4 and week.sessions.count() == 5
    assert trip["date"] == week.start_on.isoformat()
    assert not week.enrolments.exclude(participant__disability="yes").exists()


def test_001_skarzysko_nowe_szanse(db_demo):
    data = summary("SKA-NSM2")
    assert data["title"] == "Nowe Szanse w MOPS II"
    assert data["families"] == 117
    assert data["social_contracts"] == 91
    assert data["local_activity_programmes"] == 26
    assert data["people_with_disabilities"] == 8
    assert data["courses_completed"]["people"] == 40
    assert data["driving_licences"] == 21
    assert data["cis_referrals"] == 13
    assert data["internships"] == {"people": 24, "under_30": 24}
    assert data["socially_useful_work"]["people"] == 57
    assert data["socially_useful_work"]["units"] == 27
    festyns = [e["title"] for e in data["events"] if e["kind"] == "festyn"]
    assert festyns == ["KINOPARK", "Marsz Różowej Wstążeczki", "Spotkanie w Muzeum im. Orła Białego", "Mikołajki"]
    assert {"kind": "conference", "date": "2014-12-18"}.items() <= next(
        e for e in data["events"] if e["kind"] == "conference"
    ).items()
    budget = report("budget", "--project", "SKA-NSM2")
    equipment = next(line for line in budget["lines"] if "rehabilitacyjn" in line["name"])
    assert Decimal(equipment["spent"]["total"]) > 0
    project = Project.objects.get(code="SKA-NSM2")
    assert project.programme_codes == "POKL VII 7.1.1"
    assert project.partners.get().partner.kind == "labour_office"


def test_002_oswiecim_club_2013(db_demo):
    data = report("club-annual", "--club", "KIS-OSW", "--year", "2013", "--format", "json")
    assert (data["club"], data["year"]) == ("KIS-OSW", 2013)
    assert data["people_served"] == {"total": 325, "women": 174}
    psu = data["socially_useful_work"]
    assert (psu["people"], psu["women"]) == (32, 29)
    assert psu["women_aged_50_plus"] > psu["women"] / 2  # "mostly over 50"
    assert [(w["title"], w["people"], w["women"]) for w in data["workshops"]] == [
        ("Zapraszam NIE do mojego życia", 8, 7)
    ]
    assert data["social_contracts"] == {"people": 188, "women": 112}
    assert {g["group"] for g in data["groups"] if g["people"]} >= {"long_term_unemployed"}


def test_003_sochaczew_diagnosis_pilot_budget_and_register(db_demo):
    diagnosis = report("opening-diagnosis", "--centre", "sochaczew", "--date", "2013-12-01", "--format", "json")
    assert diagnosis["people_at_risk"] > 0
    assert sum(g["people"] for g in diagnosis["groups"]) > 0
    staff = {row["specialty"]: Decimal(row["fte"]) for row in diagnosis["staff"]}
    for specialty in ("social_worker", "psychologist", "therapist", "career_advisor", "lawyer"):
        assert staff.get(specialty, 0) > 0, specialty
    assert {n["specialty"] for n in diagnosis["needs"] if n["people"]} >= {
        "lawyer",
        "career_advisor",
        "financial_advisor",
    }
    data = summary("SOCH-KIS")
    assert data["title"] == "Kompleksowe formy reintegracji społeczno-zawodowej w środowisku lokalnym"
    assert data["period"] == {"start": "2013-12-01", "end": "2014-08-31"}
    assert data["participants"]["total"] == 15
    project = Project.objects.get(code="SOCH-KIS")
    assert not Participation.objects.filter(project=project).exclude(participant__labour_status="inactive").exists()
    budget = report("budget", "--project", "SOCH-KIS")
    assert (budget["planned"]["total"], budget["planned"]["eu"], budget["eu_share_percent"]) == (
        "113000.00",
        "113000.00",
        "100.00",
    )
    adaptation = next(line for line in budget["lines"] if line["category"] == "office_adaptation")
    assert Decimal(adaptation["planned"]["total"]) <= Decimal("113000.00") * Decimal("0.15")
    cap = CapRule.objects.get(project=project)
    assert (cap.categories, cap.limit_percent, cap.mode) == (["office_adaptation"], Decimal("15.00"), "refuse")
    line = current_version(project).lines.get(category="office_adaptation")
    with pytest.raises(ValidationError, match="15"):
        record_expense(
            actor=Membership.objects.get(user__username="sochaczew.ksiegowa"),
            project=project,
            line=line,
            date=dt.date(2014, 1, 10),
            document_number="FV/1/2014",
            contractor="Bud-Mar",
            description="Dodatkowe prace",
            amount=Decimal("2000.00"),
            source=FundingSource.EU,
        )
    club = report("club-annual", "--club", "KIS-SOCH", "--year", "2014", "--format", "json")
    assert club["register"]["voivodeship"] == "mazowieckie" and club["register"]["registered_on"]


def test_004_lezajsk_czas_na_aktywnosc(db_demo):
    data = summary("LEZ-CNA-2011")
    assert data["title"] == "Czas na aktywność w gminie miejskiej Leżajsk"
    assert data["recruitment"] == {"applications": 29, "qualified": 25, "capacity": 25}
    assert data["participants"]["total"] == 25
    assert data["social_contracts"] == 25
    assert data["individual_plans"] == 25
    assert data["family_assistant_families"] == 2
    assert [c["name"] for c in data["courses_completed"]["by_course"]] == [
        "Kucharz małej gastronomii",
        "Operator koparko-ładowarki",
        "Opiekun osób starszych i niepełnosprawnych",
        "Pracownik ochrony I stopnia",
        "Prawo jazdy kat. C",
        "Profesjonalny sprzedawca z obsługą komputera i kasy fiskalnej",
    ]
    assert data["jobs"]["total"] == 3
    assert {"kind": "conference", "date": "2011-12-12"}.items() <= data["events"][-1].items()
    assert data["letters_of_thanks"] == 25  # one letter of thanks per participant, issued in bulk
    project = Project.objects.get(code="LEZ-CNA-2011")
    pdf = PdfReader(
        io.BytesIO(letters_pdf(list(IssuedLetter.objects.filter(participation__project=project).order_by("number"))))
    )
    assert len(pdf.pages) == 25
    assert "Leżajsk" in pdf.pages[0].extract_text()
    assert project.activities.filter(instrument__code="social-skills-training").exists()
    assert project.activities.filter(instrument__code="adaptation-training").exists()
    # Capacity 16 raised to 25: the first nine of the reserve list promoted, every decision kept.
    promoted = Decision.objects.filter(application__call__project=project, from_status="reserve", to_status="qualified")
    assert promoted.count() == 9
    assert {d.decided_on for d in promoted} == {dt.date(2011, 4, 29)}
    budget = report("budget", "--project", "LEZ-CNA-2011")
    assert budget["planned"] == {"total": "385365.31", "eu": "344901.95", "state": "0.00", "own": "40463.36"}
    assert budget["spent"]["own"] == "40463.36"
    own = next(line for line in budget["lines"] if line["category"] == "benefits")
    assert own["spent"]["own"] == "40463.36"
    before = report("staffing", "--centre", "lezajsk", "--date", "2010-12-31", "--format", "json")
    after = report("staffing", "--centre", "lezajsk", "--date", "2011-12-31", "--format", "json")
    assert (before["standard_met"], after["standard_met"]) == (False, True)
    assert Decimal(after["social_worker_fte"]) - Decimal(before["social_worker_fte"]) == Decimal("0.50")


def test_a_participant_imported_into_lezajsk_makes_26(db_demo):
    c = centre_data("lezajsk")
    project = Project.objects.get(code="LEZ-CNA-2011")
    person = PeopleFactory(random.Random(1), c).person(age_on=dt.date(2011, 5, 1))
    person.start_on = dt.date(2011, 5, 16)
    result = import_participants(
        actor=coordinator("lezajsk"), project=project, data=sheet_bytes(c, [person]), filename="dopisany.csv"
    )
    assert (result.created, result.rejected) == (1, 0)
    assert summary("LEZ-CNA-2011")["participants"]["total"] == 26


def test_one_more_job_changes_the_jobs_by_one(db_demo):
    project = Project.objects.get(code="SIEM-KIS")
    before = summary("SIEM-KIS")["jobs"]
    with_job = Result.objects.filter(participation__project=project, kind__in=["internship", "employment_contract"])
    part = Participation.objects.filter(project=project).exclude(pk__in=with_job.values("participation")).first()
    record_result(
        actor=coordinator("siemianowice"),
        participation=part,
        kind=ResultKind.EMPLOYMENT_CONTRACT,
        achieved_on=part.end_on,
        evidence="Umowa o pracę",
    )
    after = summary("SIEM-KIS")["jobs"]
    assert (after["total"], after["employment_contract"]) == (before["total"] + 1, before["employment_contract"] + 1)
