import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from integra.institutions.tests.factories import PartnerFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects import services
from integra.projects.models import Participation, Project
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_create_project_command_registers_programme_codes(centre_a, capsys):
    call_command(
        "create-project",
        "--centre",
        "centre-a",
        "--code",
        "CNA-2011",
        "--title",
        "Czas na aktywność",
        "--start",
        "2011-01-01",
        "--end",
        "2011-12-31",
        "--programme",
        "POKL",
        "--priority",
        "VII",
        "--measure",
        "7.1",
        "--sub-measure",
        "7.1.1",
    )
    project = Project.objects.get(institution=centre_a, code="CNA-2011")
    assert project.title == "Czas na aktywność"
    assert project.programme_codes == "POKL VII 7.1.1"
    assert project.kind == Project.Kind.SYSTEMIC
    assert "CNA-2011" in capsys.readouterr().out


def test_screens_name_each_programme_code(coordinator):
    """„FEPK 2021-2027 7 7.15” read as stray numbers: the project list, its page and its finance tabs name the
    priority and the measure."""
    project = ProjectFactory(
        institution=coordinator.institution, programme="FEPK 2021-2027", priority="7", measure="7.15", sub_measure=""
    )
    bare = ProjectFactory(institution=coordinator.institution, programme="", priority="", measure="", sub_measure="")
    assert project.programme_label == "FEPK 2021-2027 · priorytet 7 · działanie 7.15"
    for url in ("/projects/", f"/projects/{project.pk}/"):
        assert "FEPK 2021-2027 · priorytet 7 · działanie 7.15" in coordinator.client.get(url).content.decode()
    assert ProjectFactory.build(programme="POKL", priority="VII", sub_measure="7.1.1").programme_label == (
        "POKL · priorytet VII · poddziałanie 7.1.1"
    )
    page = coordinator.client.get(f"/projects/{bare.pk}/").content.decode()
    assert " ·  · " not in page and "· ·" not in page


def test_create_project_command_refuses_end_before_start(centre_a):
    with pytest.raises(CommandError, match="Data zakończenia nie może być wcześniejsza"):
        call_command(
            "create-project",
            "--centre",
            "centre-a",
            "--code",
            "X",
            "--title",
            "T",
            "--start",
            "2011-12-31",
            "--end",
            "2011-01-01",
        )
    assert Project.objects.count() == 0


def test_project_code_unique_per_centre(coordinator):
    services.create_project(
        actor=coordinator.membership, code="A1", title="A", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.create_project(
            actor=coordinator.membership,
            code="A1",
            title="B",
            start_on=dt.date(2011, 1, 1),
            end_on=dt.date(2011, 12, 31),
        )
    assert "A1" in str(exc.value)
    assert Project.objects.count() == 1


def test_person_counts_once_per_project_when_reentering(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    person = ParticipantFactory(institution=coordinator.institution)
    first = services.add_participation(
        actor=coordinator.membership,
        project=project,
        participant=person,
        start_on=dt.date(2011, 2, 1),
        end_on=dt.date(2011, 4, 30),
    )
    again = services.add_participation(
        actor=coordinator.membership,
        project=project,
        participant=person,
        start_on=dt.date(2011, 9, 1),
        end_on=dt.date(2011, 11, 30),
    )
    assert first.pk == again.pk
    row = Participation.objects.get()
    assert (row.start_on, row.end_on, row.entries) == (dt.date(2011, 2, 1), dt.date(2011, 11, 30), 2)


def test_participation_outside_project_period_is_refused(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    person = ParticipantFactory(institution=coordinator.institution)
    with pytest.raises(ValidationError, match=r"31\.12\.2011"):
        services.add_participation(
            actor=coordinator.membership, project=project, participant=person, start_on=dt.date(2012, 1, 5)
        )
    assert Participation.objects.count() == 0


def test_partner_of_another_centre_is_refused(coordinator, centre_b):
    project = ProjectFactory(institution=coordinator.institution)
    foreign = PartnerFactory(institution=centre_b)
    with pytest.raises(ValidationError):
        services.add_partner(actor=coordinator.membership, project=project, partner=foreign, role="partner")
    assert project.partners.count() == 0
    own = PartnerFactory(institution=coordinator.institution)
    services.add_partner(actor=coordinator.membership, project=project, partner=own, role="partner – staże")
    assert project.partners.get().role == "partner – staże"


def test_edition_must_lie_inside_project(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2008, 1, 1), end_on=dt.date(2013, 12, 31)
    )
    services.add_edition(
        actor=coordinator.membership,
        project=project,
        year=2011,
        start_on=dt.date(2011, 1, 1),
        end_on=dt.date(2011, 12, 31),
    )
    with pytest.raises(ValidationError):
        services.add_edition(
            actor=coordinator.membership,
            project=project,
            year=2014,
            start_on=dt.date(2014, 1, 1),
            end_on=dt.date(2014, 12, 31),
        )
    assert list(project.editions.values_list("year", flat=True)) == [2011]
