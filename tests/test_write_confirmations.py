"""Every write confirms in the same place, the same way (issue 23).

Each screen that writes answers a successful save with one success message in the status region of
base.html (`#messages`, `role="status"`), put there by Django's messages framework. This test walks
every URL whose view takes a POST: it opens the form as the role that uses it, fills it as a person
would (the form's own values, plus what a person types), sends it and reads the page it lands on.
A URL that takes a POST but writes nothing (search, download, sign-in steps) is listed in NOT_WRITES
with the reason; a new write view without a case here fails `test_every_post_view_is_walked`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from integra.casework import services as casework
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import make_pesel
from integra.finance import services as finance
from integra.finance.models import CapRule
from integra.institutions.models import ServiceAccount
from integra.institutions.tests.factories import ClubFactory, MembershipFactory, PartnerFactory
from integra.outcomes.models import FollowUp, SheetImport
from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Consent
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory
from integra.projects import letters
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.recruitment import services as recruitment
from integra.recruitment.tests.factories import RecruitmentCallFactory
from integra.support import services as support
from integra.support.models import Event, Instrument, Referral
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2011, 12, 15)

# URLs that take a POST but are not a save of the person's work.
NOT_WRITES = {
    "accounts:logout": "signs out",
    "accounts:session-ping": "keeps the session alive (JSON)",
    "accounts:two-factor-setup": "sign-in set-up; confirmed with its own message, tested in core/tests",
    "accounts:two-factor-verify": "a sign-in step",
    "accounts:two-factor-recovery": "a sign-in step",
    "accounts:two-factor-disable": "confirmed with its own message, tested in core/tests (needs the password)",
    "accounts:unlock": "confirmed with „Odblokowano.”, tested in accounts/tests/test_signin.py (needs a real lockout)",
    "people:participant-list": "a search by PESEL, sent as POST to keep it out of URLs",
    "privacy:access-log": "a search by PESEL, sent as POST to keep it out of URLs",
    "privacy:subject-find": "a search by PESEL, sent as POST to keep it out of URLs",
    "privacy:subject-export": "a download (ZIP)",
    "api:not-found": "the API's JSON 404 for any method",
    "outreach:answer": "a participant's public one-screen answer; its own page thanks them (no staff layout)",
    "outreach:stop": "a participant's public withdrawal link; its own page confirms it (no staff layout)",
    "outreach:sms-status": "the SMS gateway's callback (machine to machine)",
    "outreach:sms-inbound": "the SMS gateway's callback (machine to machine)",
}


class _Forms(HTMLParser):
    """The POST forms of a page with the values a browser would send as they stand."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "values": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["values"].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["values"].append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            name, value = self._form["values"][-1]
            self._form["values"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["selected"] or self._select["options"][:1]
            self._form["values"] += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def _form(html: str, form_id: str, action: str) -> tuple[str, dict[str, Any]]:
    """The form by its id, else the one that posts to `action`, else the page's first own POST form."""
    parser = _Forms()
    parser.feed(html)
    posts = [f for f in parser.forms if f["attrs"].get("method", "").lower() == "post"]
    if form_id:
        posts = [f for f in posts if f["attrs"].get("id") == form_id]
    elif any(f["attrs"].get("action") == action for f in posts):
        posts = [f for f in posts if f["attrs"].get("action") == action]
    else:
        posts = [f for f in posts if not re.search(r"logout|i18n|setlang", f["attrs"].get("action", ""))]
    for form in posts:
        attrs = form["attrs"]
        values: dict[str, Any] = {}
        for name, value in form["values"]:
            values.setdefault(name, []).append(value)
        return attrs.get("action", ""), {k: v if len(v) > 1 else v[0] for k, v in values.items()}
    raise AssertionError(f"no POST form {form_id!r} on the page")


def _status_region(html: str) -> str:
    match = re.search(r'<div id="messages" role="status"[^>]*>(.*?)</div>', html, re.S)
    assert match, "the page has no status region"
    return match.group(1)


@dataclass
class Case:
    name: str  # URL name
    role: str
    kwargs: Callable[[dict], dict] = lambda w: {}
    data: Callable[[dict], dict] = lambda w: {}
    form_id: str = ""  # which POST form of the page; "" = the first of the page's own
    direct: bool = False  # a button-only POST: send `data` as is
    query: str = ""
    page: Callable[[dict], str] | None = None  # where the form is, when not on the URL itself
    files: Callable[[dict], dict] = field(default=lambda w: {})


def _world(personas: dict) -> dict[str, Any]:
    centre = personas["coordinator"].institution
    coordinator = personas["coordinator"].membership
    worker = personas["social_worker"].membership
    advisor = MembershipFactory(institution=centre, role=Role.SPECIALIST, specialty=Specialty.CAREER_ADVISOR)
    project = ProjectFactory(
        institution=centre, code="LEZ-WRITES", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    people = [
        ParticipationFactory(project=project, participant__institution=centre, participant__last_name=name)
        for name in ("Łęcka", "Ćwik", "Nowak", "Śliwa", "Zając")
    ]
    partner = PartnerFactory(institution=centre, kind="employer", name="Zakład Usług Komunalnych")
    unit = PartnerFactory(institution=centre, kind="public_unit", name="Urząd Gminy")
    ClubFactory(institution=centre)
    household = HouseholdFactory(institution=centre)
    contract = casework.create_contract(
        actor=worker,
        participant=people[0].participant,
        social_worker=worker,
        number="KS/1/2011",
        start_on=dt.date(2011, 3, 1),
        end_on=dt.date(2011, 12, 31),
        project=project,
    )
    stage = casework.add_stage(actor=worker, contract=contract, goal="Kurs zawodowy", deadline=dt.date(2011, 6, 30))
    plan = casework.create_plan(
        actor=advisor,
        participant=people[1].participant,
        career_advisor=advisor,
        drawn_up_on=dt.date(2011, 3, 1),
        start_on=dt.date(2011, 3, 1),
        end_on=dt.date(2011, 9, 30),
        goals="Praca w handlu",
    )
    programme = casework.create_programme(
        actor=coordinator,
        coordinator=coordinator,
        title="PAL Osiedle",
        goals="Aktywizacja",
        start_on=dt.date(2011, 2, 1),
        end_on=dt.date(2011, 11, 30),
    )
    call = RecruitmentCallFactory(project=project, capacity=2, reserve_size=1)
    hand = recruitment.add_criterion(
        actor=coordinator, call=call, kind="manual", rule="hand", label="Motywacja", points=3
    )
    applications = [
        recruitment.register_application(
            actor=coordinator, call=call, participant=ParticipantFactory(institution=centre), applied_on=day
        )
        for day in (dt.date(2011, 1, 10), dt.date(2011, 1, 11))
    ]
    decided_call = RecruitmentCallFactory(project=project, capacity=1, reserve_size=1, title="Nabór 2")
    for day in (dt.date(2011, 1, 12), dt.date(2011, 1, 13)):
        recruitment.register_application(
            actor=coordinator, call=decided_call, participant=ParticipantFactory(institution=centre), applied_on=day
        )
    recruitment.qualify_applicants(
        actor=coordinator, call=decided_call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    instrument = Instrument.objects.create(institution=centre, code="own-1", name="Warsztat własny", group="social")
    spare = Instrument.objects.create(institution=centre, code="own-0", name="Nieużywany", group="social")
    activity = ActivityFactory(project=project, title="Trening umiejętności")
    enrolments = [EnrolmentFactory(activity=activity, participant=p.participant) for p in people[:3]]
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    marked = SessionFactory(activity=activity, date=dt.date(2011, 3, 14))
    filled = support.fill_unmarked(actor=coordinator, session=marked, status="present", expected_version=1)
    referral = Referral.objects.create(
        institution=centre, participant=people[2].participant, date=dt.date(2011, 4, 1), destination_kind="cis"
    )
    event = Event.objects.create(institution=centre, kind="festyn", title="Festyn rodzinny", date=dt.date(2011, 6, 1))
    left = ExitFactory(participation=people[4], exit_on=dt.date(2011, 6, 30)).participation
    follow_up = FollowUpFactory(participation=left, kind=FollowUp.Kind.MONTHS_3, due_on=dt.date(2011, 9, 30))
    budget = finance.start_budget_version(actor=coordinator, project=project)
    line = finance.add_budget_line(
        actor=coordinator,
        version=budget,
        number="1",
        task="Zadanie 1",
        name="Trener",
        category="staff",
        planned_eu=Decimal("10000.00"),
        planned_state=Decimal("0.00"),
        planned_own=Decimal("1000.00"),
    )
    finance.approve_budget_version(actor=coordinator, version=budget, approved_on=dt.date(2011, 1, 15))
    expense = finance.record_expense(
        actor=coordinator,
        project=project,
        line=line,
        date=dt.date(2011, 3, 31),
        document_number="FV/1/2011",
        contractor="Trener sp. z o.o.",
        description="Warsztaty marzec",
        amount=Decimal("500.00"),
        source="eu",
    )
    benefit = finance.record_benefit(
        actor=coordinator,
        project=project,
        line=line,
        participant=people[0].participant,
        date=dt.date(2011, 3, 31),
        kind="targeted",
        amount=Decimal("300.00"),
        decision_number="D/1/2011",
    )
    draft = finance.start_budget_version(actor=coordinator, project=project, reason="Aneks 1")
    cap = CapRule.objects.filter(project=project).first() or finance.create_cap(
        actor=coordinator,
        project=project,
        name="Adaptacja",
        categories=["office_adaptation"],
        limit_percent=Decimal("15.00"),
        base="total",
        check_planned=True,
        check_spent=True,
        mode="refuse",
    )
    template = letters.save_template(
        actor=coordinator,
        kind="thanks",
        name="Podziękowanie",
        title="Podziękowanie za udział",
        body="Dziękujemy {imie} {nazwisko}.",
    )
    consents = [
        Consent.objects.create(
            institution=centre, participant=people[i].participant, purpose="image", given_on=dt.date(2011, 2, 1)
        )
        for i in (0, 1)
    ]
    # A person of a project that ended in 2004: their retention ended on 31.12.2009, so the officer may anonymise.
    retired = ParticipationFactory(
        project=ProjectFactory(
            institution=centre, code="LEZ-2004", start_on=dt.date(2004, 1, 1), end_on=dt.date(2004, 12, 31)
        ),
        participant__institution=centre,
        participant__last_name="Dawna",
    )
    return {
        "centre": centre,
        "coordinator": coordinator,
        "worker": worker,
        "advisor": advisor,
        "project": project,
        "retired": retired.participant,
        "people": people,
        "partner": partner,
        "household": household,
        "unit": unit,
        "contract": contract,
        "stage": stage,
        "plan": plan,
        "programme": programme,
        "call": call,
        "hand": hand,
        "applications": applications,
        "decided_call": decided_call,
        "instrument": instrument,
        "spare": spare,
        "activity": activity,
        "enrolments": enrolments,
        "session": session,
        "filled": filled,
        "referral": referral,
        "event": event,
        "left": left,
        "follow_up": follow_up,
        "line": line,
        "expense": expense,
        "benefit": benefit,
        "draft": draft,
        "cap": cap,
        "template": template,
        "consents": consents,
    }


def _pk(key: str, index: int | None = None) -> Callable[[dict], dict]:
    return lambda w: {"pk": (w[key][index] if index is not None else w[key]).pk}


SHEET = csv_file([row()])

CASES = [
    Case("accounts:switch-centre", "coordinator", direct=True, data=lambda w: {"membership": w["coordinator"].pk}),
    Case(
        "institutions:staff-create",
        "administrator",
        data=lambda w: {
            "first_name": "Ewa",
            "last_name": "Nowicka",
            "username": "ewa.nowicka",
            "password": "Bardzo-dlugie-haslo-2011",
            "role": "social_worker",
            "specialty": "social_worker",
        },
    ),
    Case(
        "people:participant-create",
        "social_worker",
        data=lambda w: {
            "first_name": "Łucja",
            "last_name": "Wójcik",
            "pesel": make_pesel(dt.date(1985, 3, 14), "F"),
            "postal_code": "37-300",
            "locality": "Leżajsk",
        },
    ),
    Case(
        "people:participant-edit",
        "social_worker",
        kwargs=lambda w: {"pk": w["people"][0].participant.pk},
        data=lambda w: {"phone": "600 100 200"},
    ),
    Case(
        "people:consent-add",
        "social_worker",
        kwargs=lambda w: {"pk": w["people"][2].participant.pk},
        form_id="consent-form",
        page=lambda w: reverse("people:participant-detail", args=[w["people"][2].participant.pk]),
        data=lambda w: {"purpose": "contact", "given_on": "2011-12-01"},
    ),
    Case(
        "people:consent-withdraw",
        "social_worker",
        direct=True,
        kwargs=lambda w: {"pk": w["people"][0].participant.pk, "consent_pk": w["consents"][0].pk},
        data=lambda w: {"withdrawn_on": "2011-12-01"},
    ),
    Case(
        "projects:project-create",
        "coordinator",
        data=lambda w: {"code": "LEZ-NEW", "title": "Nowy projekt", "start_on": "2012-01-01", "end_on": "2012-12-31"},
    ),
    Case("projects:project-edit", "coordinator", kwargs=_pk("project"), data=lambda w: {"title": "Aktywni razem"}),
    Case(
        "projects:partner-add",
        "coordinator",
        kwargs=_pk("project"),
        data=lambda w: {"partner": w["partner"].pk, "role": "pracodawca"},
    ),
    Case(
        "projects:edition-add",
        "coordinator",
        kwargs=_pk("project"),
        data=lambda w: {"year": 2011, "start_on": "2011-01-01", "end_on": "2011-12-31"},
    ),
    Case(
        "projects:letter-template-create",
        "coordinator",
        data=lambda w: {
            "kind": "certificate",
            "name": "Zaświadczenie",
            "title": "Zaświadczenie",
            "body": "Zaświadcza się, że {imie} {nazwisko} ukończył(a) udział.",
        },
    ),
    Case(
        "projects:letter-template-edit",
        "coordinator",
        kwargs=_pk("template"),
        data=lambda w: {"signature": "Dyrektor MOPS"},
    ),
    Case(
        "projects:project-letters",
        "coordinator",
        kwargs=_pk("project"),
        data=lambda w: {"template": w["template"].pk, "issued_on": "15.12.2011"},
    ),
    Case(
        "projects:letters-undo",
        "coordinator",
        direct=True,
        kwargs=_pk("project"),
        data=lambda w: {"entry": letters.last_issue(w["project"]).pk},
    ),
    Case(
        "recruitment:call-create",
        "coordinator",
        data=lambda w: {
            "project": w["project"].pk,
            "title": "Nabór 3",
            "opens_on": "2011-06-01",
            "closes_on": "2011-06-30",
            "capacity": 5,
            "reserve_size": 1,
        },
    ),
    Case(
        "recruitment:criterion-add",
        "coordinator",
        kwargs=_pk("call"),
        data=lambda w: {"kind": "attribute", "rule": "woman", "label": "Kobieta", "points": 1},
    ),
    Case(
        "recruitment:application-create",
        "social_worker",
        kwargs=_pk("call"),
        data=lambda w: {"participant": w["people"][3].participant.pk, "applied_on": "2011-02-01"},
    ),
    Case(
        "recruitment:score-award",
        "social_worker",
        kwargs=_pk("applications", 0),
        data=lambda w: {
            "criterion": w["hand"].pk,
            "points": 2,
            "justification": "Motywacja",
            "awarded_on": "2011-02-10",
        },
    ),
    Case("recruitment:tie-break", "coordinator", kwargs=_pk("applications", 1), data=lambda w: {"tie_break": 1}),
    Case(
        "recruitment:call-qualify",
        "coordinator",
        kwargs=_pk("call"),
        form_id="decision-form",
        data=lambda w: {"decided_on": "2011-05-02", "close_call": "on"},
    ),
    Case(
        "recruitment:call-capacity",
        "coordinator",
        kwargs=_pk("decided_call"),
        form_id="decision-form",
        query="capacity=2",
        data=lambda w: {"decided_on": "2011-05-03"},
    ),
    Case(
        "recruitment:application-withdraw",
        "coordinator",
        kwargs=lambda w: {"pk": w["decided_call"].applications.order_by("rank").first().pk},
        data=lambda w: {"reason": "Podjęła pracę", "decided_on": "2011-05-20"},
    ),
    Case(
        "casework:contract-create",
        "social_worker",
        data=lambda w: {
            "number": "KS/2/2011",
            "participant": w["people"][1].participant.pk,
            "social_worker": w["worker"].pk,
            "start_on": "2011-04-01",
            "end_on": "2011-09-30",
            "assessment": "Ocena",
            "main_goal": "Praca",
        },
    ),
    Case(
        "casework:admit",
        "social_worker",
        kwargs=lambda w: {"pk": w["people"][0].participant.pk},
        data=lambda w: {
            "project": w["project"].pk,
            "number": "KS/9/2011",
            "start_on": "2011-06-01",
            "end_on": "2011-12-31",
            "signed_on": "2011-06-01",
            "stage_goal": "Kurs",
            "stage_deadline": "2011-09-30",
            "obligation": "Udział w kursie",
        },
    ),
    Case(
        "casework:stage-add",
        "social_worker",
        kwargs=_pk("contract"),
        data=lambda w: {"goal": "Staż", "deadline": "2011-09-30"},
    ),
    Case(
        "casework:obligation-add",
        "social_worker",
        kwargs=_pk("contract"),
        data=lambda w: {
            "stage": w["stage"].pk,
            "party": "participant",
            "action": "Udział w kursie",
            "deadline": "2011-06-30",
        },
    ),
    Case(
        "casework:contract-edit",
        "social_worker",
        kwargs=_pk("contract"),
        data=lambda w: {
            "end_on": "2011-12-31",
            "main_goal": "Praca w handlu",
            "modified_on": "2011-05-01",
            "reason": "Wydłużenie",
        },
    ),
    Case("casework:contract-sign", "social_worker", kwargs=_pk("contract"), data=lambda w: {"signed_on": "2011-03-01"}),
    Case(
        "casework:contract-status",
        "social_worker",
        kwargs=_pk("contract"),
        data=lambda w: {"to_status": "completed", "changed_on": "2011-12-01"},
    ),
    Case(
        "casework:plan-create",
        "coordinator",
        data=lambda w: {
            "participant": w["people"][2].participant.pk,
            "career_advisor": w["advisor"].pk,
            "drawn_up_on": "2011-04-01",
            "start_on": "2011-04-01",
            "end_on": "2011-10-31",
            "goals": "Praca",
        },
    ),
    Case(
        "casework:plan-review",
        "coordinator",
        kwargs=_pk("plan"),
        data=lambda w: {"reviewed_on": "2011-06-01", "notes": "Postępy"},
    ),
    Case(
        "casework:programme-create",
        "social_worker",
        data=lambda w: {"title": "PAL 2", "goals": "Integracja", "start_on": "2011-03-01", "end_on": "2011-10-31"},
    ),
    Case(
        "casework:programme-join",
        "social_worker",
        kwargs=_pk("programme"),
        data=lambda w: {"participant": w["people"][3].participant.pk, "joined_on": "2011-03-01"},
    ),
    Case(
        "casework:note-list",
        "social_worker",
        kwargs=lambda w: {"pk": w["people"][0].participant.pk},
        data=lambda w: {"written_on": "2011-12-01", "text": "Rozmowa w domu"},
    ),
    Case(
        "support:instrument-create",
        "administrator",
        data=lambda w: {"code": "own-2", "name": "Kawiarenka", "group": "social"},
    ),
    Case("support:instrument-edit", "administrator", kwargs=_pk("instrument"), data=lambda w: {"name": "Warsztat"}),
    Case("support:instrument-delete", "administrator", kwargs=_pk("spare"), direct=True),
    Case(
        "support:activity-create",
        "coordinator",
        data=lambda w: {
            "project": w["project"].pk,
            "instrument": w["instrument"].pk,
            "title": "Kurs",
            "kind": "group_workshop",
            "provider_name": "Firma",
            "start_on": "2011-04-01",
            "end_on": "2011-06-30",
            "planned_hours": 40,
            "capacity": 10,
        },
    ),
    Case("support:activity-edit", "coordinator", kwargs=_pk("activity"), data=lambda w: {"room": "Sala 2"}),
    Case(
        "support:enrolment-create",
        "coordinator",
        kwargs=_pk("activity"),
        form_id="enrol-form",
        page=lambda w: reverse("support:activity-detail", args=[w["activity"].pk]),
        data=lambda w: {"participant": w["people"][3].participant.pk, "enrolled_on": "2011-03-01"},
    ),
    Case(
        "support:session-create",
        "coordinator",
        kwargs=_pk("activity"),
        form_id="session-form",
        page=lambda w: reverse("support:activity-detail", args=[w["activity"].pk]),
        data=lambda w: {"date": "2011-03-21", "start_time": "12:00", "duration_minutes": 60},
    ),
    Case(
        "support:enrolment-end",
        "coordinator",
        kwargs=_pk("enrolments", 2),
        data=lambda w: {"outcome": "completed", "ended_on": "2011-06-30"},
    ),
    Case("support:session-edit", "coordinator", kwargs=_pk("session"), data=lambda w: {"room": "Sala 3"}),
    Case(
        "support:attendance",
        "coordinator",
        kwargs=_pk("session"),
        form_id="attendance-form",
        data=lambda w: {f"status_{w['people'][0].participant.pk}": "present"},
    ),
    Case(
        "support:attendance-undo",
        "coordinator",
        direct=True,
        kwargs=lambda w: {"pk": w["filled"].session.pk},
        data=lambda w: {"entry": w["filled"].entry.pk, "version": w["filled"].session.version},
    ),
    Case(
        "support:consultation-create",
        "specialist",
        data=lambda w: {
            "participant": w["people"][0].participant.pk,
            "date": "2011-12-01",
            "duration_minutes": 45,
            "topic": "Rozmowa",
        },
    ),
    Case(
        "support:internship-create",
        "coordinator",
        data=lambda w: {
            "participant": w["people"][1].participant.pk,
            "employer": w["partner"].pk,
            "start_on": "2011-05-01",
            "end_on": "2011-07-31",
            "hours_per_month": 160,
        },
    ),
    Case(
        "support:community-work-create",
        "coordinator",
        data=lambda w: {
            "participant": w["people"][2].participant.pk,
            "unit": w["unit"].pk,
            "month": "2011-05",
            "hours": 40,
        },
    ),
    Case(
        "support:referral-create",
        "social_worker",
        data=lambda w: {"participant": w["people"][1].participant.pk, "date": "2011-05-01", "destination_kind": "cis"},
    ),
    Case(
        "support:referral-result",
        "social_worker",
        kwargs=_pk("referral"),
        direct=True,
        data=lambda w: {"result": "accepted"},
    ),
    Case(
        "support:visit-create",
        "social_worker",
        data=lambda w: {
            "household": w["household"].pk,
            "date": "2011-12-01",
            "duration_minutes": 60,
            "note": "Budżet domowy",
        },
    ),
    Case(
        "support:event-create",
        "coordinator",
        data=lambda w: {"kind": "festyn", "title": "Festyn jesienny", "date": "2011-09-10"},
    ),
    Case("support:event-edit", "coordinator", kwargs=_pk("event"), data=lambda w: {"title": "Festyn letni"}),
    Case(
        "outcomes:exit-record",
        "coordinator",
        kwargs=_pk("people", 3),
        data=lambda w: {"exit_on": "2011-11-30", "reason": "completed"},
    ),
    Case(
        "outcomes:result-record",
        "coordinator",
        kwargs=_pk("people", 3),
        data=lambda w: {"kind": "job_searching", "achieved_on": "2011-12-01", "evidence": "Rejestracja w PUP"},
    ),
    Case(
        "outcomes:follow-up-record",
        "coordinator",
        kwargs=_pk("follow_up"),
        data=lambda w: {"done_on": "2011-10-03", "employed": "yes"},
    ),
    Case(
        "outcomes:sheet-import",
        "coordinator",
        kwargs=_pk("project"),
        files=lambda w: {"file": SimpleUploadedFile("uczestnicy.csv", SHEET, content_type="text/csv")},
        data=lambda w: {"dry_run": "on"},
    ),
    Case(
        "outcomes:sheet-import-apply",
        "coordinator",
        direct=True,
        kwargs=lambda w: {"pk": SheetImport.objects.filter(dry_run=True).latest("pk").pk},
    ),
    Case(
        "finance:line-create",
        "accountant",
        kwargs=_pk("draft"),
        data=lambda w: {
            "number": "2",
            "task": "Zadanie 2",
            "name": "Catering",
            "category": "other",
            "planned_eu": "1 000,00",
        },
    ),
    Case(
        "finance:line-edit",
        "accountant",
        kwargs=lambda w: {"pk": w["draft"].lines.order_by("id").first().pk},
        data=lambda w: {"name": "Trener zajęć"},
    ),
    Case(
        "finance:line-remove",
        "accountant",
        direct=True,
        kwargs=lambda w: {"pk": w["draft"].lines.order_by("id").last().pk},
        data=lambda w: {"version": w["draft"].lines.order_by("id").last().version},
    ),
    Case(
        "finance:version-approve",
        "accountant",
        kwargs=_pk("draft"),
        page=lambda w: reverse("finance:version-detail", args=[w["draft"].pk]),
        data=lambda w: {"approved_on": "2011-06-01"},
    ),
    Case(
        "finance:version-start",
        "accountant",
        kwargs=_pk("project"),
        data=lambda w: {"reason": "Aneks"},
        page=lambda w: reverse("finance:version-list", args=[w["project"].pk]),
    ),
    Case(
        "finance:expense-create",
        "accountant",
        kwargs=_pk("project"),
        data=lambda w: {
            "line": w["draft"].lines.order_by("id").first().pk,
            "date": "2011-06-30",
            "document_number": "FV/2/2011",
            "contractor": "Trener",
            "description": "Warsztaty czerwiec",
            "amount": "250,00",
            "source": "eu",
        },
    ),
    Case(
        "finance:expense-correct",
        "accountant",
        kwargs=_pk("expense"),
        data=lambda w: {"date": "2011-07-01", "document_number": "KOR/1", "description": "Korekta", "amount": "-50,00"},
    ),
    Case(
        "finance:benefit-create",
        "accountant",
        kwargs=_pk("project"),
        data=lambda w: {
            "line": w["draft"].lines.order_by("id").first().pk,
            "participant": w["people"][1].participant.pk,
            "date": "2011-06-30",
            "kind": "targeted",
            "amount": "200,00",
            "decision_number": "D/2/2011",
        },
    ),
    Case(
        "finance:benefit-correct",
        "accountant",
        kwargs=_pk("benefit"),
        data=lambda w: {"date": "2011-07-01", "decision_number": "D/1/2011/K", "amount": "-20,00"},
    ),
    Case(
        "finance:cap-create",
        "accountant",
        kwargs=_pk("project"),
        data=lambda w: {
            "name": "Środki trwałe",
            "categories": ["fixed_assets"],
            "limit_percent": "10",
            "base": "eligible",
            "mode": "warn",
        },
    ),
    Case("finance:cap-edit", "accountant", kwargs=_pk("cap"), data=lambda w: {"limit_percent": "14"}),
    Case(
        "planning:participant-need-add",
        "social_worker",
        kwargs=lambda w: {"pk": w["people"][0].participant.pk},
        form_id="need-form",
        page=lambda w: reverse("planning:participant-needs", args=[w["people"][0].participant.pk]),
        data=lambda w: {"need": "psychologist", "recorded_on": "2011-12-01"},
    ),
    Case(
        "privacy:consent-withdraw",
        "dpo",
        direct=True,
        kwargs=lambda w: {"pk": w["consents"][1].pk},
        data=lambda w: {"withdrawn_on": "2011-12-01"},
    ),
    Case(
        "privacy:subject-anonymise",
        "dpo",
        kwargs=lambda w: {"pk": w["retired"].pk},
        data=lambda w: {"confirm": "on"},
    ),
    Case("outreach:settings", "coordinator", data=lambda w: {"daily_sms_limit": 150}),
    Case(
        "outreach:template-edit",
        "coordinator",
        kwargs=lambda w: {"purpose": "reminder", "channel": "sms"},
        data=lambda w: {"body": "Przypomnienie: {zajecia} {data} o {godzina}."},
    ),
    Case("api:account-list", "administrator", data=lambda w: {"name": "System kadrowy", "role": "coordinator"}),
    Case(
        "api:account-revoke",
        "administrator",
        direct=True,
        kwargs=lambda w: {"pk": ServiceAccount.objects.latest("pk").pk},
    ),
]


def _post_views() -> dict[str, Any]:
    """URL name → view of every URL whose view takes a POST (Integra's own views)."""
    found: dict[str, Any] = {}

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                view = inspect.unwrap(p.callback)
                if not getattr(view, "__module__", "").startswith("integra"):
                    continue
                try:
                    source = inspect.getsource(view)
                except (OSError, TypeError):
                    continue
                if "POST" in source:
                    found[prefix + p.name] = view

    walk(get_resolver().url_patterns, "")
    return {name: view for name, view in found.items() if not name.startswith("api:v1") and "schema" not in name}


def test_every_post_view_is_walked():
    walked = {case.name for case in CASES}
    missing = sorted(set(_post_views()) - walked - set(NOT_WRITES))
    assert missing == [], f"write views without a confirmation case: {missing}"


@time_machine.travel(dt.datetime(2011, 12, 15, 11, 0, tzinfo=dt.UTC), tick=False)
def test_every_write_confirms_in_the_status_region(
    coordinator, social_worker, specialist, accountant, administrator, dpo
):
    personas = {
        "coordinator": coordinator,
        "social_worker": social_worker,
        "specialist": specialist,
        "accountant": accountant,
        "administrator": administrator,
        "dpo": dpo,
    }
    world = _world(personas)
    failures = []
    for case in CASES:
        client = personas[case.role].client
        url = reverse(case.name, kwargs=case.kwargs(world))
        data = case.data(world)
        if not case.direct:
            where = case.page(world) if case.page else url + (f"?{case.query}" if case.query else "")
            page = client.get(where)
            if page.status_code != 200:
                failures.append(f"{case.name}: GET {where} {page.status_code}")
                continue
            try:
                action, values = _form(page.content.decode(), case.form_id, url)
            except AssertionError as exc:
                failures.append(f"{case.name}: {exc}")
                continue
            url = action or url
            data = {**values, **data}
        try:
            response = client.post(url, {**data, **case.files(world)}, follow=True)
        except Exception as exc:  # one broken case must not hide the verdicts on the others
            failures.append(f"{case.name}: {type(exc).__name__}: {exc}")
            continue
        html = response.content.decode()
        region = _status_region(html) if response.status_code == 200 else ""
        successes = re.findall(r'<li class="success">(.*?)</li>', region, re.S)
        if response.status_code != 200 or len(successes) != 1:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            failures.append(f"{case.name}: {response.status_code}, status region {region!r}, errors {errors[:3]}")
    assert failures == [], "\n".join(failures)
