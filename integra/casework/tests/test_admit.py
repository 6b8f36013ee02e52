"""Issue 23, point 2: the social worker's guided path from the person's page (`casework:admit`), the contract
number proposed in the centre's numbering, and the refusals that write nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from integra.casework.models import ContractObligation, ContractStage, SocialContract
from integra.casework.numbering import propose_contract_number
from integra.casework.tests.factories import SocialContractFactory
from integra.core.models import HistoryEntry
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def project(social_worker, today):
    return ProjectFactory(
        institution=social_worker.institution,
        code="FEPK.07.15-IP.01-0042/25",
        start_on=today - dt.timedelta(days=100),
        end_on=today + dt.timedelta(days=400),
    )


@pytest.fixture
def person(social_worker):
    return ParticipantFactory(institution=social_worker.institution, first_name="Łucja", last_name="Wójcik")


def _form(chosen, today, **changes):
    data = {
        "project": chosen.pk,
        "number": f"KS/LEZ/004/{today.year}",
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=180)).isoformat(),
        "signed_on": today.isoformat(),
        "assessment": "Długotrwale bezrobotna.",
        "main_goal": "Podjęcie zatrudnienia.",
        "stage_goal": "Ukończenie kursu.",
        "stage_deadline": (today + dt.timedelta(days=90)).isoformat(),
        "obligation": "Udział w kursie.",
    }
    data.update(changes)
    return data


def _nothing_written():
    assert SocialContract.objects.count() == 0
    assert ContractStage.objects.count() == ContractObligation.objects.count() == 0
    assert Participation.objects.count() == 0
    assert not HistoryEntry.objects.filter(content_type__model__in=["socialcontract", "participation"]).exists()


def test_the_person_page_offers_the_path_and_one_post_does_all_of_it(social_worker, person, project, today):
    page = social_worker.client.get(reverse("people:participant-detail", args=[person.pk]))
    assert reverse("casework:admit", args=[person.pk]) in page.content.decode()
    url = reverse("casework:admit", args=[person.pk])
    response = social_worker.client.post(url, _form(project, today))
    contract = SocialContract.objects.get(participant=person)
    assert response.status_code == 302 and response.url == reverse("casework:contract-detail", args=[contract.pk])
    assert (contract.project, contract.social_worker, contract.status) == (project, social_worker.membership, "active")
    assert contract.signed_on == today
    assert contract.stages.get().goal == "Ukończenie kursu."
    assert contract.obligations.get().action == "Udział w kursie."
    participation = Participation.objects.get(participant=person, project=project)
    assert participation.start_on == today
    detail = social_worker.client.get(response.url)
    assert "Osoba uczestniczy w projekcie, a kontrakt socjalny został zapisany." in detail.content.decode()


def test_a_running_participation_is_kept_not_entered_again(social_worker, person, project, today):
    Participation.objects.create(
        institution=person.institution, project=project, participant=person, start_on=project.start_on
    )
    social_worker.client.post(reverse("casework:admit", args=[person.pk]), _form(project, today))
    participation = Participation.objects.get(participant=person, project=project)
    assert (participation.entries, participation.start_on) == (1, project.start_on)
    assert SocialContract.objects.filter(participant=person).count() == 1


def test_the_number_is_proposed_in_the_centres_numbering(social_worker, person, today):
    centre = social_worker.institution
    assert propose_contract_number(centre.pk, today.year) == f"KS/001/{today.year}"
    for n in (1, 2, 7):
        SocialContractFactory(institution=centre, number=f"KS/LEZ/{n:03d}/{today.year}")
    SocialContractFactory(institution=centre, number=f"KS/LEZ/099/{today.year - 1}")
    SocialContractFactory(number=f"KS/LEZ/050/{today.year}")  # another centre's numbering is its own
    page = social_worker.client.get(reverse("casework:admit", args=[person.pk])).content.decode()
    assert f'value="KS/LEZ/008/{today.year}"' in page
    assert propose_contract_number(centre.pk, today.year + 1) == f"KS/LEZ/001/{today.year + 1}"
    new = social_worker.client.get(reverse("casework:contract-create")).content.decode()
    assert f'value="KS/LEZ/008/{today.year}"' in new


def test_a_duplicate_number_writes_nothing_and_says_why(social_worker, person, project, today):
    SocialContractFactory(institution=social_worker.institution, number=f"KS/LEZ/004/{today.year}")
    before = SocialContract.objects.count()
    response = social_worker.client.post(reverse("casework:admit", args=[person.pk]), _form(project, today))
    assert response.status_code == 200
    assert f"Ośrodek ma już kontrakt o numerze KS/LEZ/004/{today.year}." in response.content.decode()
    assert SocialContract.objects.count() == before
    assert not Participation.objects.filter(participant=person).exists()


def test_a_future_signing_date_writes_nothing_and_says_why(social_worker, person, project, today):
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = social_worker.client.post(
        reverse("casework:admit", args=[person.pk]), _form(project, today, signed_on=tomorrow, start_on=tomorrow)
    )
    assert response.status_code == 200
    assert "Data podpisania kontraktu nie może być późniejsza niż dzisiejsza" in response.content.decode()
    _nothing_written()


def test_a_stage_deadline_outside_the_contract_is_said_on_its_field(social_worker, person, project, today):
    late = (today + dt.timedelta(days=300)).isoformat()
    response = social_worker.client.post(
        reverse("casework:admit", args=[person.pk]), _form(project, today, stage_deadline=late)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["stage_deadline"]
    _nothing_written()


def test_another_centres_person_or_project_is_not_there(social_worker, outsider, person, project, today):
    foreign = ParticipantFactory(institution=outsider.institution)
    assert social_worker.client.get(reverse("casework:admit", args=[foreign.pk])).status_code == 404
    foreign_project = ProjectFactory(institution=outsider.institution)
    response = social_worker.client.post(reverse("casework:admit", args=[person.pk]), _form(foreign_project, today))
    assert response.status_code == 200 and response.context["form"].errors["project"]
    _nothing_written()


def test_a_coordinator_names_the_social_worker(coordinator, social_worker, today):
    person = ParticipantFactory(institution=coordinator.institution)
    project = ProjectFactory(
        institution=coordinator.institution,
        start_on=today - dt.timedelta(days=10),
        end_on=today + dt.timedelta(days=300),
    )
    url = reverse("casework:admit", args=[person.pk])
    refused = coordinator.client.post(url, _form(project, today))
    assert refused.context["form"].errors["social_worker"]
    _nothing_written()
    coordinator.client.post(url, _form(project, today, social_worker=social_worker.membership.pk))
    assert SocialContract.objects.get(participant=person).social_worker == social_worker.membership


def test_a_specialist_may_not_take_people_in(specialist, person):
    assert specialist.client.get(reverse("casework:admit", args=[person.pk])).status_code == 403
