"""A contract's date rules live in the service; the screen and the API refuse what the service refuses.

Issue 23: a signing date in the future was accepted, and contract dates outside the project's period were
accepted by the screen, the service and the API alike.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.casework import services
from integra.casework.models import ContractStatusChange, SocialContract
from integra.core.models import HistoryEntry
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def half_past_midnight_in_warsaw():
    """22:30 UTC on 15 June is 00:30 on 16 June in Warsaw: "today" in the centre is 16.06.2011."""
    with time_machine.travel(dt.datetime(2011, 6, 15, 22, 30, tzinfo=dt.UTC), tick=False):
        yield


def _rows():
    return SocialContract.objects.count(), ContractStatusChange.objects.count(), HistoryEntry.objects.count()


@pytest.fixture
def project(coordinator):
    return ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


@pytest.fixture
def draft(social_worker, project):
    return services.create_contract(
        actor=social_worker.membership,
        participant=ParticipantFactory(institution=social_worker.institution),
        social_worker=social_worker.membership,
        number="KS/1/2011",
        start_on=dt.date(2011, 7, 1),
        end_on=dt.date(2011, 12, 31),
        project=project,
    )


def test_signing_tomorrow_in_warsaw_is_refused_today_is_accepted(social_worker, draft):
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        services.sign_contract(actor=social_worker.membership, contract=draft, signed_on=dt.date(2011, 6, 17))
    assert exc.value.error_dict["signed_on"][0].code == "future"
    assert exc.value.messages == ["Data podpisania kontraktu nie może być późniejsza niż dzisiejsza (16.06.2011)."]
    assert _rows() == before
    assert SocialContract.objects.get(pk=draft.pk).status == SocialContract.Status.DRAFT
    services.sign_contract(actor=social_worker.membership, contract=draft, signed_on=dt.date(2011, 6, 16))
    assert SocialContract.objects.get(pk=draft.pk).status == SocialContract.Status.ACTIVE


def test_future_signing_on_the_screen_shows_the_message_and_writes_nothing(social_worker, draft):
    before = _rows()
    response = social_worker.client.post(
        reverse("casework:contract-sign", args=[draft.pk]), {"signed_on": "2011-06-20"}
    )
    assert response.status_code == 200
    assert "Data podpisania kontraktu nie może być późniejsza niż dzisiejsza (16.06.2011)." in response.content.decode()
    assert _rows() == before


def test_a_contract_outside_its_project_is_refused_by_service_screen_and_api(social_worker, project):
    person = ParticipantFactory(institution=social_worker.institution)
    api = TokenClient(token_for(social_worker.institution, "social_worker", name="System"))
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        services.create_contract(
            actor=social_worker.membership,
            participant=person,
            social_worker=social_worker.membership,
            number="KS/2/2011",
            start_on=dt.date(2011, 6, 1),
            end_on=dt.date(2012, 3, 31),
            project=project,
        )
    assert exc.value.error_dict["end_on"][0].code == "outside_period"
    assert exc.value.messages == [
        "Kontrakt musi mieścić się w okresie swojego projektu (01.01.2011 – 31.12.2011); 31.03.2012 wykracza poza "
        "ten okres."
    ]
    screen = social_worker.client.post(
        reverse("casework:contract-create"),
        {
            "number": "KS/2/2011",
            "variant": "B",
            "participant": person.pk,
            "social_worker": social_worker.membership.pk,
            "project": project.pk,
            "start_on": "2010-12-01",
            "end_on": "2011-05-31",
        },
    )
    assert screen.status_code == 200
    assert "01.12.2010 wykracza poza ten okres" in screen.content.decode()
    body = {
        "number": "KS/2/2011",
        "participant": person.pk,
        "social_worker": social_worker.membership.pk,
        "project": project.pk,
        "start_on": "2011-06-01",
        "end_on": "2012-03-31",
    }
    assert_error(api.json("post", "/api/v1/contracts/", body), 400, "outside_period", "end_on")
    assert _rows() == before


def test_extending_a_contract_past_its_project_is_refused(social_worker, draft):
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        services.modify_contract(
            actor=social_worker.membership,
            contract=draft,
            changes={"end_on": dt.date(2012, 1, 31)},
            reason="Przedłużenie",
            modified_on=dt.date(2011, 6, 16),
            expected_version=draft.version,
        )
    assert exc.value.error_dict["end_on"][0].code == "outside_period"
    assert _rows() == before


def test_signing_in_the_future_through_the_api_is_refused(social_worker, draft):
    api = TokenClient(token_for(social_worker.institution, "social_worker", name="System"))
    before = _rows()
    answer = api.json("post", f"/api/v1/contracts/{draft.pk}/sign/", {"signed_on": "2011-06-17"})
    assert_error(answer, 400, "future", "signed_on")
    assert (
        answer.json()["message"]["pl"]
        == "Data podpisania kontraktu nie może być późniejsza niż dzisiejsza (16.06.2011)."
    )
    assert _rows() == before
