"""Issue 23, point 2: the usual paths of two roles walked in a browser, counted in clicks and screens.

- The social worker registers a person, adds them to the project, draws up the social contract (main goal,
  one stage, one obligation), signs it and prints it: since issue 23 one guided step from the person's page
  (`casework:admit`); before it, the application form, the coordinator's qualification and four contract screens
  (the figures of both are in bench/RESULTS.md).
- The career advisor records a 3-month follow-up.

A click is one pointer action: following a link or a button, opening a menu, putting the cursor in a field
to type in it, ticking a box; choosing from a drop-down list is two (open it, pick the line). A screen is a
distinct page the browser loads (its path, ids included); the PDF counts as one. Timing is not measured.

`bench/RESULTS.md` records the figures; run with

    .venv/bin/python -m pytest -q -s tests/test_desk_paths.py

and the counts are printed (and written to $INTEGRA_DESK_PATHS_OUT as JSON when that is set).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from integra.casework.models import SocialContract
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.outcomes.models import FollowUp
from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory
from integra.people.models import Participant
from integra.people.tests.factories import PESEL_F, ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment.tests.factories import RecruitmentCallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SURNAMES = [
    "Nowak",
    "Kowalska",
    "Wiśniewska",
    "Wójcik",
    "Kamińska",
    "Lewandowska",
    "Zielińska",
    "Szymańska",
    "Woźniak",
    "Dąbrowska",
    "Kozłowska",
    "Jankowska",
    "Mazur",
    "Kwiatkowska",
    "Krawczyk",
    "Piotrowska",
    "Grabowska",
    "Nowakowska",
    "Pawłowska",
    "Michalska",
    "Adamczyk",
    "Dudek",
    "Zając",
    "Wieczorek",
    "Jabłońska",
    "Król",
    "Majewska",
    "Olszewska",
    "Jaworska",
    "Łukasik",
]


@dataclass
class Walk:
    """Counts what one person does in the browser."""

    page: Page
    clicks: int = 0
    loads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads.append(urlparse(frame.url).path)

    @property
    def screens(self) -> int:
        return len(set(self.loads))

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def menu(self, summary: str, link: str) -> None:
        """Open a menu and follow one of its links."""
        self.click(summary)
        self.click(link)

    def fill(self, selector: str, text: str) -> None:
        self.clicks += 1
        self.page.fill(selector, text)

    def choose(self, selector: str, **option: str) -> None:
        self.clicks += 2
        self.page.select_option(selector, **option)

    def pdf(self, selector: str) -> bytes:
        """Follow a link to a PDF: one click, one screen."""
        with self.page.expect_response(lambda r: r.headers.get("content-type") == "application/pdf") as response:
            self.clicks += 1
            self.page.click(selector)
        self.loads.append(urlparse(response.value.url).path)
        assert response.value.status == 200
        return self.page.request.get(response.value.url).body()  # the viewer stands in for the body


def sign_in(page: Page, username: str) -> None:
    """Not counted: everyone signs in once a day."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")


def _world(today: dt.date):
    """A centre of about 290 people (two of them „Nino Beridze”), a running project with an open call."""
    centre = InstitutionFactory(slug="lezajsk-paths", name="MOPS Leżajsk")
    other = InstitutionFactory(slug="oswiecim-paths", name="MOPS Oświęcim")
    worker = MembershipFactory(
        user=UserFactory(username="sw.paths", first_name="Agnieszka", last_name="Wróbel"),
        institution=centre,
        role=Role.SOCIAL_WORKER,
        specialty=Specialty.SOCIAL_WORKER,
    )
    MembershipFactory(
        user=UserFactory(username="coord.paths", first_name="Jan", last_name="Koordynator"),
        institution=centre,
        role=Role.COORDINATOR,
    )
    advisor = MembershipFactory(
        user=UserFactory(username="advisor.paths", first_name="Marek", last_name="Doradca"),
        institution=centre,
        role=Role.SPECIALIST,
        specialty=Specialty.CAREER_ADVISOR,
    )
    for i in range(288):
        ParticipantFactory(
            institution=centre,
            first_name=["Anna", "Maria", "Zofia", "Ewa"][i % 4],
            last_name=SURNAMES[i % len(SURNAMES)],
            birth_date=dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
        )
    for year in (1988, 1993):
        ParticipantFactory(institution=centre, first_name="Nino", last_name="Beridze", birth_date=dt.date(year, 5, 2))
    ParticipantFactory(institution=other, first_name="Nino", last_name="Beridze", birth_date=dt.date(1990, 1, 1))
    project = ProjectFactory(
        institution=centre,
        code="FEPK.07.15-IP.01-0042/25",
        title="Aktywni razem",
        start_on=today - dt.timedelta(days=180),
        end_on=today + dt.timedelta(days=400),
    )
    call = RecruitmentCallFactory(
        project=project,
        title="Nabór uczestników – tura 2",
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=10),
        capacity=10,
        reserve_size=3,
    )
    for n in range(1, 4):
        SocialContract.objects.create(
            institution=centre,
            number=f"KS/LEZ/{n:03d}/{today.year}",
            social_worker=worker,
            participant=Participant.objects.filter(institution=centre).order_by("id")[n],
            start_on=today - dt.timedelta(days=30),
            end_on=today + dt.timedelta(days=150),
        )
    left = ParticipationFactory(
        project=project,
        participant=ParticipantFactory(institution=centre, first_name="Piotr", last_name="Jankowski"),
        start_on=project.start_on,
    )
    exit_on = today - dt.timedelta(days=92)
    ExitFactory(participation=left, exit_on=exit_on)
    follow_up = FollowUpFactory(participation=left, kind=FollowUp.Kind.MONTHS_3, due_on=today)
    return {"worker": worker, "advisor": advisor, "project": project, "call": call, "follow_up": follow_up}


def _report(name: str, figures: dict) -> None:
    print(f"\n{name}: {json.dumps(figures, ensure_ascii=False)}")
    out = os.environ.get("INTEGRA_DESK_PATHS_OUT")
    if out:
        existing = json.loads(Path(out).read_text(encoding="utf-8")) if os.path.exists(out) else {}
        existing[name] = figures
        Path(out).write_text(json.dumps(existing, ensure_ascii=False, indent=2), encoding="utf-8")


def test_social_worker_registers_adds_to_project_draws_up_and_prints_a_contract(browser_page, live_server):
    today = timezone.localdate()
    world = _world(today)
    page = browser_page
    sign_in(page, "sw.paths")
    walk = Walk(page)

    # Register the person.
    walk.menu("#nav-people summary", "#nav-people a[href='/people/']")
    walk.click("#participant-new")
    walk.fill("#id_first_name", "Łucja")
    walk.fill("#id_last_name", "Wójcik-Źrałek")
    walk.fill("#id_pesel", PESEL_F)
    walk.fill("#id_street", "Mickiewicza")
    walk.fill("#id_building_no", "12")
    walk.fill("#id_postal_code", "37-300")
    walk.fill("#id_locality", "Leżajsk")
    walk.fill("#id_gmina", "Leżajsk")
    walk.choose("#id_education", value="isced3")
    walk.choose("#id_labour_status", value="registered_unemployed")
    walk.click("#participant-save")
    expect(page.locator("#participant-name")).to_have_text("Łucja Wójcik-Źrałek")
    person = Participant.objects.get(last_name="Wójcik-Źrałek")

    # The guided path from her page: into the project with the contract, its first stage and her obligation,
    # signed today — one screen; the number is proposed in the centre's numbering, the dates from today. Before:
    # the application form, the coordinator's qualification, the contract, a stage, an obligation and the
    # signature each on a screen of its own.
    walk.click("#participant-admit")
    expect(page.locator("#id_number")).to_have_value(f"KS/LEZ/004/{today.year}")
    walk.choose("#id_project", value=str(world["project"].pk))
    walk.fill("#id_assessment", "Długotrwale bezrobotna, samotnie wychowuje dziecko.")
    walk.fill("#id_main_goal", "Podjęcie zatrudnienia.")
    walk.fill("#id_stage_goal", "Ukończenie kursu zawodowego.")
    walk.fill("#id_stage_deadline", (today + dt.timedelta(days=90)).isoformat())
    walk.fill("#id_obligation", "Udział w kursie.")
    walk.click("#submit")
    contract = SocialContract.objects.get(participant=person)
    expect(page.locator("h1")).to_contain_text(contract.number)
    expect(page.locator("#status")).to_have_text("aktywny")
    pdf = walk.pdf("#contract-pdf")
    assert pdf.startswith(b"%PDF")
    contract.refresh_from_db()
    assert contract.project_id == world["project"].pk
    assert contract.stages.count() == 1
    assert contract.obligations.get().party == "participant"
    assert (contract.number, contract.signed_on) == (f"KS/LEZ/004/{today.year}", today)
    assert person.participations.get().project_id == world["project"].pk
    _report(
        "social worker: register, add to the project, draw up, sign and print the contract",
        {
            "clicks": walk.clicks,
            "screens": walk.screens,
            "page loads": len(walk.loads),
            "someone else's clicks": 0,  # nobody else was needed
        },
    )


def test_career_advisor_records_a_three_month_follow_up(browser_page):
    today = timezone.localdate()
    world = _world(today)
    page = browser_page
    sign_in(page, "advisor.paths")
    walk = Walk(page)
    follow_up = world["follow_up"]

    # The follow-up is on the start page, one click from its form (before: not there, and its address a 403).
    walk.click(f"section#follow-ups a[href='/outcomes/follow-ups/{follow_up.pk}/']")
    walk.choose("#id_employed", value="yes")
    walk.choose("#id_improved_situation", value="yes")
    walk.click("#follow-up-save")
    expect(page.locator(".messages")).to_contain_text("Zapisano monitoring.")
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.employed, follow_up.improved_situation) == (today, True, True)
    _report(
        "career advisor: record a 3-month follow-up",
        {"clicks": walk.clicks, "screens": walk.screens, "page loads": len(walk.loads), "done": True},
    )
