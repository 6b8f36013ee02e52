"""The screen toolkit (integra.core.screens + templates/components/) is the only place screens page and
summarise errors: a template of an app that draws its own pager or error summary fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from integra.core.models import ensure_same_centre
from integra.core.screens import add_service_errors, paginate

PACKAGE = Path(settings.BASE_DIR)
COMPONENTS = PACKAGE / "templates" / "components"
# A pager is a link to the page before or after; an error summary is the list of what stopped a form.
OWN_PAGER = re.compile(r"previous_page_number|next_page_number")
OWN_SUMMARY = re.compile(
    r'class="errorlist'  # a list of errors drawn by hand
    r"|\{%\s*for \w+ in [\w.]*non_(?:field|form)_errors"  # a loop over what stopped the form
    r"|\{\{\s*[\w.]*non_(?:field|form)_errors\s*\}\}"  # Django's own <ul class="errorlist nonfield">
)


# A list's own table: rows looped inside a <table> with an empty row of its own (the component draws the empty state).
OWN_LIST_TABLE = re.compile(r"\{%\s*empty\s*%\}\s*<tr")
# Tab rows and history tables of their own (components/tabs.html, components/history.html draw them).
OWN_TABS = re.compile(r'<nav class="no-print"')
OWN_HISTORY = re.compile(r'class="compact history"|"History of changes"')
# The one list that keeps a table of its own, and why (issue 25): the attendance rows, the HTMX swap target that every
# mark re-renders, worked from a tablet's keyboard. On a phone its CSS folds each row into a block (the name, the
# marks under it), so it never scrolls sideways: the component's focusable scroll region would only add an empty tab
# stop before the first mark of every list. Its rows are headed by the participant's name (<th scope="row"
# id="name-…">) that labels the row's radio group, and are built in Python (support's attendance_rows: through the
# template engine they were a fifth of the request's CPU), so the component's row_template would cost it again.
OWN_TABLE_FOR_A_REASON = {"support/templates/support/_attendance_rows.html"}

# A record's box of facts (<dt>/<dd> pairs) is components/card.html. These keep a <dl> of their own: the staffing
# card shows a refusal or a verdict before its facts, the answer awaiting confirmation holds the form that decides
# it, and a message template's placeholders are a legend folded inside the form, not a record's facts.
OWN_FACTS = re.compile(r'<dl (?:class="(?:grid-fields )?facts"|id="[\w-]*facts")')
OWN_FACTS_FOR_A_REASON = {
    "planning/templates/planning/_staffing_card.html",
    "outcomes/templates/outcomes/follow_up_form.html",
    "outreach/templates/outreach/template_form.html",
}


def _templates() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.html") if COMPONENTS not in p.parents]


def test_the_scan_reads_the_templates_of_every_app():
    names = {p.relative_to(PACKAGE).parts[0] for p in _templates()}
    assert {"people", "support", "projects", "finance", "privacy", "templates"} <= names


def test_no_template_outside_the_components_draws_its_own_pager():
    offenders = [str(p) for p in _templates() if OWN_PAGER.search(p.read_text())]
    assert offenders == []


def test_no_template_outside_the_components_draws_its_own_error_summary():
    offenders = [str(p) for p in _templates() if OWN_SUMMARY.search(p.read_text())]
    assert offenders == []


def test_no_template_outside_the_components_draws_its_own_tabs_or_history():
    offenders = [str(p) for p in _templates() if OWN_TABS.search(p.read_text()) or OWN_HISTORY.search(p.read_text())]
    assert offenders == []


def test_every_list_table_with_an_empty_state_is_the_table_component():
    """A list says what to do when it is empty in one place (components/table.html → components/empty.html)."""
    offenders = {str(p.relative_to(PACKAGE)) for p in _templates() if OWN_LIST_TABLE.search(p.read_text())}
    assert offenders - OWN_TABLE_FOR_A_REASON == set()
    assert OWN_TABLE_FOR_A_REASON - offenders == set(), "moved onto the component: take it off the list"


def test_every_record_page_draws_its_facts_in_the_card_component():
    offenders = {str(p.relative_to(PACKAGE)) for p in _templates() if OWN_FACTS.search(p.read_text())}
    assert offenders - OWN_FACTS_FOR_A_REASON == set()
    assert OWN_FACTS_FOR_A_REASON - offenders == set(), "moved onto the card: take it off the list"
    users = {p.name for p in _templates() if "components/card.html" in p.read_text()}
    assert {"participant_detail.html", "contract_detail.html", "activity_detail.html"} <= users


@override_settings(INTEGRA_PAGE_SIZE=3)
def test_paginate_uses_the_one_page_size_for_every_list():
    request = RequestFactory().get("/", {"page": "2"})
    page = paginate(request, list(range(7)))
    assert list(page) == [3, 4, 5] and page.paginator.num_pages == 3
    assert list(paginate(RequestFactory().get("/", {"page": "x"}), list(range(7)))) == [0, 1, 2]


def test_service_errors_land_on_their_fields_and_the_rest_on_top():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "a"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "taken", "other": "refused"}))
    assert form.errors["name"] == ["taken"] and form.non_field_errors() == ["refused"]
    form = Form({"name": "a"})
    form.is_valid()
    add_service_errors(form, ValidationError("no"))
    assert form.non_field_errors() == ["no"]


def test_an_object_of_another_centre_is_refused():
    class Obj:
        def __init__(self, institution_id):
            self.institution_id = institution_id

    ensure_same_centre(Obj(1), Obj(1), None)
    with pytest.raises(ValidationError) as refused:
        ensure_same_centre(Obj(1), Obj(1), Obj(2))
    assert refused.value.code == "other_centre"


def _activities(persona) -> tuple[str, dict]:
    from integra.projects.tests.factories import ProjectFactory
    from integra.support.tests.factories import ActivityFactory

    chosen, other = ProjectFactory.create_batch(2, institution=persona.institution)
    for n in range(5):
        ActivityFactory(project=chosen, title=f"Wybrane {n}")
        ActivityFactory(project=other, title=f"Inne {n}")
    return reverse("support:activity-list"), {"project": chosen.pk}


def _households(persona) -> tuple[str, dict]:
    from integra.people.tests.factories import HouseholdFactory

    for n in range(5):
        HouseholdFactory(institution=persona.institution, name=f"Wybrane {n}")
        HouseholdFactory(institution=persona.institution, name=f"Inne {n}")
    return reverse("people:household-list"), {"q": "Wybrane"}


def _consents(persona) -> tuple[str, dict]:
    from integra.people.models import Consent
    from integra.people.tests.factories import ConsentFactory, ParticipantFactory

    for n in range(5):
        for name, purpose in (("Wybrane", Consent.Purpose.IMAGE), ("Inne", Consent.Purpose.CONTACT)):
            ConsentFactory(
                participant=ParticipantFactory(institution=persona.institution, last_name=f"{name}{n}"), purpose=purpose
            )
    return reverse("privacy:consent-list"), {"purpose": Consent.Purpose.IMAGE}


@pytest.mark.django_db
@override_settings(INTEGRA_PAGE_SIZE=2)
@pytest.mark.parametrize(
    ("role", "make"),
    [("coordinator", _activities), ("social_worker", _households), ("dpo", _consents)],
    ids=["activities", "households", "consents"],
)
def test_every_filtered_list_pages_with_the_one_size_and_keeps_its_filter(request, role, make):
    """Page 2 of a filtered list is page 2 of the same filter, 2 rows a page as every list (INTEGRA_PAGE_SIZE)."""
    persona = request.getfixturevalue(role)
    url, params = make(persona)
    first = persona.client.get(url, params).content.decode()
    assert "strona 1 z 3" in first and "Wybrane" in first and "Inne" not in first
    links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', first)
    assert links, first
    second = persona.client.get(url + links[0].replace("&amp;", "&")).content.decode()
    assert "strona 2 z 3" in second and "Wybrane" in second and "Inne" not in second


@pytest.mark.django_db
@override_settings(INTEGRA_PAGE_SIZE=2)
def test_the_participant_list_pages_within_its_search(social_worker):
    """The participant list keeps its search in the session (a PESEL never enters an address): page 2 is still it."""
    from integra.people.tests.factories import ParticipantFactory

    for n in range(5):
        ParticipantFactory(institution=social_worker.institution, last_name=f"Wybrane{n}")
        ParticipantFactory(institution=social_worker.institution, last_name=f"Inne{n}")
    url = reverse("people:participant-list")
    social_worker.client.post(url, {"q": "Wybrane"}, headers={"HX-Request": "true"})
    second = social_worker.client.get(url, {"page": "2"}).content.decode()
    assert "strona 2 z 3" in second and "Wybrane" in second and "Inne" not in second


def test_every_list_screen_pages_through_paginate():
    """One page size: a view that builds its own Paginator would bring back lists of 50 beside lists of 25."""
    own = re.compile(r"\bPaginator\(")
    allowed = {PACKAGE / "core" / "pagination.py", PACKAGE / "core" / "screens.py"}
    offenders = [
        str(p)
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and p not in allowed and own.search(p.read_text())
    ]
    assert offenders == []


def _unfiltered_lists(persona) -> list[tuple[str, str]]:
    """Three rows on each list screen that used to stop at a fixed number of rows: (address, the third row's text)."""
    import datetime as dt

    from integra.casework.models import IndividualPlan, LocalActivityProgramme
    from integra.casework.tests.factories import SocialContractFactory
    from integra.outcomes.tests.factories import FollowUpFactory
    from integra.people.tests.factories import ParticipantFactory
    from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

    centre = persona.institution
    project = ProjectFactory(institution=centre)
    day = dt.date(2011, 5, 1)
    for n in range(3):
        person = ParticipantFactory(institution=centre, last_name=f"Stronicowa{n}")
        SocialContractFactory(institution=centre, participant=person, number=f"KS/{n}/2011")
        IndividualPlan.objects.create(
            institution=centre,
            participant=person,
            career_advisor=persona.membership,
            drawn_up_on=day - dt.timedelta(days=n),
            start_on=day,
            end_on=day,
            goals="Praca.",
        )
        LocalActivityProgramme.objects.create(
            institution=centre, project=project, title=f"Program{n}", goals="Aktywność.", start_on=day, end_on=day
        )
        FollowUpFactory(
            participation=ParticipationFactory(project=project, participant=person), due_on=day + dt.timedelta(days=n)
        )
    return [
        (reverse("casework:contract-list"), "KS/2/2011"),  # newest first, then by number
        (reverse("casework:plan-list"), "Stronicowa2"),
        (reverse("casework:programme-list"), "Program2"),
        (reverse("outcomes:follow-ups-due"), "Stronicowa2"),
    ]


@pytest.mark.django_db
@override_settings(INTEGRA_PAGE_SIZE=2)
def test_lists_that_stopped_at_a_fixed_number_of_rows_page_instead(coordinator):
    """Contracts, plans, programmes and overdue follow-ups were cut at 200 rows without a word; now they page."""
    for url, last in _unfiltered_lists(coordinator):
        first = coordinator.client.get(url).content.decode()
        assert "strona 1 z 2" in first, url
        second = coordinator.client.get(url, {"page": "2"}).content.decode()
        assert "strona 2 z 2" in second and last in second and last not in first.split("<main", 1)[-1], url
