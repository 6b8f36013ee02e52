"""„Okres programowania” is a choice of the periods Integra has indicators for, refused otherwise at every door.

It was free text: „2021–2027” typed with an en dash was saved, and the indicators screen then refused the
project. Existing values are normalised by a data migration (dashes, slashes, spaces), and a value naming no
known period takes the period of the project's start.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from playwright.sync_api import expect

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.core.models import HistoryEntry
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects import services
from integra.projects.models import ProgrammePeriod, Project
from integra.projects.tests.factories import ProjectFactory

BAD_PERIODS = ["2021–2027", "2021—2027", " 2021-2027", "2000-2006", "2021/2027", ""]
POLISH = "nie jest okresem programowania znanym w Integrze. Wybierz jeden z okresów: 2007-2013, 2014-2020, 2021-2027."


def _form(**extra):
    return {
        "code": "FEPK-01",
        "title": "Aktywni razem",
        "kind": "competitive",
        "status": "running",
        "programme_period": "2021-2027",
        "start_on": "2025-01-01",
        "end_on": "2026-12-31",
        "social_effectiveness_threshold": "34",
        "employment_effectiveness_threshold": "22",
        "employment_effectiveness_threshold_severe": "12",
        **extra,
    }


def _rows() -> tuple[int, int]:
    return Project.objects.count(), HistoryEntry.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("period", BAD_PERIODS)
def test_the_service_refuses_a_period_it_has_no_indicators_for_and_writes_nothing(coordinator, period):
    project = ProjectFactory(institution=coordinator.institution, code="STARY", programme_period="2014-2020")
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        services.create_project(
            actor=coordinator.membership,
            code="NOWY",
            title="T",
            start_on=dt.date(2025, 1, 1),
            end_on=dt.date(2025, 12, 31),
            programme_period=period,
        )
    assert refused.value.message_dict["programme_period"] == [f"„{period}” {POLISH}"]
    with pytest.raises(ValidationError, match="nie jest okresem programowania"):
        services.update_project(actor=coordinator.membership, project=project, programme_period=period, title="Nowy")
    assert _rows() == before
    project.refresh_from_db()
    assert (project.programme_period, project.title) == ("2014-2020", "Czas na aktywność")


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_period_written_past_the_service(centre_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(institution=centre_a, programme_period="2021–2027")
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_the_form_offers_the_periods_and_refuses_anything_else_in_polish(coordinator):
    page = coordinator.client.get("/projects/new/").content.decode()
    assert '<select name="programme_period"' in page
    for value, label in (("2007-2013", "2007–2013"), ("2014-2020", "2014–2020"), ("2021-2027", "2021–2027")):
        assert f'<option value="{value}"' in page and f">{label}</option>" in page
    before = _rows()
    response = coordinator.client.post("/projects/new/", _form(programme_period="2021–2027"))
    assert response.status_code == 200
    assert response.context["form"].errors["programme_period"] == [f"„2021–2027” {POLISH}"]
    assert _rows() == before
    assert coordinator.client.post("/projects/new/", _form(programme_period="2014-2020")).status_code == 302
    assert Project.objects.get(code="FEPK-01").programme_period == "2014-2020"


@pytest.mark.django_db
def test_the_api_refuses_an_unknown_period_in_polish_and_english(centre_a):
    client = TokenClient(token_for(centre_a, "administrator"))
    body = {"code": "FE-1", "title": "T", "start_on": "2025-01-01", "end_on": "2025-12-31"}
    before = _rows()
    refused = assert_error(
        client.json("post", "/api/v1/projects/", {**body, "programme_period": "2021–2027"}),
        400,
        "invalid_choice",
        "programme_period",
    )
    assert refused["message"]["pl"] == f"„2021–2027” {POLISH}"
    assert "not a programming period Integra knows" in refused["message"]["en"]
    assert _rows() == before
    project = ProjectFactory(institution=centre_a, code="FE-2", programme_period="2014-2020")
    assert_error(
        client.json("patch", f"/api/v1/projects/{project.pk}/", {"programme_period": "2000-2006"}),
        400,
        "invalid_choice",
        "programme_period",
    )
    assert Project.objects.get(pk=project.pk).programme_period == "2014-2020"
    created = client.json("post", "/api/v1/projects/", {**body, "programme_period": "2007-2013"})
    assert created.status_code == 201 and created.json()["programme_period"] == "2007-2013"


@pytest.mark.django_db
def test_the_cli_takes_a_period_and_refuses_an_unknown_one(centre_a):
    args = ["--centre", "centre-a", "--title", "T", "--start", "2011-01-01", "--end", "2011-12-31"]
    with pytest.raises(CommandError, match="2021–2027"):
        call_command("create-project", *args, "--code", "A", "--programme-period", "2021–2027")
    assert Project.objects.count() == 0
    call_command("create-project", *args, "--code", "B", "--programme-period", "2007-2013")
    assert Project.objects.get(code="B").programme_period == ProgrammePeriod.P2007_2013


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_normalises_typed_periods_and_guesses_none_it_can_read():
    executor = MigrationExecutor(connection)
    before, after = ("projects", "0003_severe_disability_threshold"), ("projects", "0005_programme_period_choice")
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    Institution = apps.get_model("institutions", "Institution")
    OldProject = apps.get_model("projects", "Project")
    centre = Institution.objects.create(slug="migr", name="MOPS Migracja", kind="mops")
    typed = {
        "EN": ("2021–2027", 2026),
        "EM": ("2014—2020", 2018),
        "SPACED": ("2007 -2013", 2012),
        "SLASH": ("2007/2013", 2012),
        "OK": ("2014-2020", 2019),
        "BLANK": ("", 2011),
        "OLD": ("2000-2006", 2016),
        "NEW": ("RPO", 2024),
    }
    for code, (period, year) in typed.items():
        OldProject.objects.create(
            institution=centre,
            code=code,
            title="T",
            programme_period=period,
            start_on=dt.date(year, 1, 1),
            end_on=dt.date(year, 12, 31),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    periods = dict(
        executor.loader.project_state([after])
        .apps.get_model("projects", "Project")
        .objects.values_list("code", "programme_period")
    )
    assert periods == {
        "EN": "2021-2027",
        "EM": "2014-2020",
        "SPACED": "2007-2013",
        "SLASH": "2007-2013",
        "OK": "2014-2020",
        "BLANK": "2007-2013",
        "OLD": "2014-2020",
        "NEW": "2021-2027",
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([before])  # the reverse runs: every normalised value is a valid free-text period
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_period_is_chosen_and_the_indicators_open_in_its_set(browser_page):
    centre = InstitutionFactory(slug="lezajsk-okres", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.okres", first_name="Anna", last_name="Wróbel")
    MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.okres")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")

    page.goto("/projects/new/")
    page.fill("#id_code", "FEPK-OKRES")
    page.fill("#id_title", "Aktywni razem")
    page.fill("#id_start_on", "2025-01-01")
    page.fill("#id_end_on", "2026-12-31")
    # A period typed with a dash (as it was accepted before) is not a choice; one slipped in is refused.
    page.eval_on_selector(
        "#id_programme_period",
        "s => { const o = document.createElement('option'); o.value = o.text = '2021–2027'; s.add(o); s.value = o.value; }",
    )
    page.click("#main-form #submit")
    expect(page.locator("#id_programme_period_error")).to_contain_text(
        "„2021–2027” nie jest okresem programowania znanym w Integrze."
    )
    assert Project.objects.filter(code="FEPK-OKRES").count() == 0

    page.select_option("#id_programme_period", "2014-2020")
    page.click("#main-form #submit")
    project = Project.objects.get(code="FEPK-OKRES")
    assert project.programme_period == "2014-2020"
    page.goto(f"/reports/projects/{project.pk}/indicators/")
    expect(page.locator("#indicator-set")).to_contain_text("1304/2013")
    expect(page.locator("#indicators")).to_contain_text("CO01")
