import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from integra.casework import services
from integra.casework.models import CaseNote, ContractStage, SocialContract
from integra.core.models import AccessLogEntry
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import UserFactory
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(social_worker):
    person = ParticipantFactory(institution=social_worker.institution, first_name="Jędrzej", last_name="Gąsiorowski")
    return services.create_contract(
        actor=social_worker.membership,
        participant=person,
        social_worker=social_worker.membership,
        number="KS/1/2011",
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 10, 31),
    )


def test_contract_pdf_download(social_worker, contract):
    response = social_worker.client.get(reverse("casework:contract-pdf", args=[contract.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "KONTRAKT SOCJALNY" in text and "Jędrzej Gąsiorowski" in text
    assert AccessLogEntry.objects.filter(what="social-contract.pdf", subject_id=contract.participant_id).exists()


def test_contract_end_before_start_on_screen(social_worker, contract):
    response = social_worker.client.post(
        reverse("casework:contract-create"),
        {
            "number": "KS/2/2011",
            "variant": "B",
            "participant": contract.participant_id,
            "social_worker": social_worker.membership.pk,
            "start_on": "2011-06-01",
            "end_on": "2011-05-01",
        },
    )
    assert (
        "Data zakończenia kontraktu nie może być wcześniejsza niż data jego rozpoczęcia." in response.content.decode()
    )
    assert SocialContract.objects.count() == 1


def test_stage_outside_period_on_screen(social_worker, contract):
    response = social_worker.client.post(
        reverse("casework:stage-add", args=[contract.pk]), {"goal": "Kurs", "deadline": "2011-12-01"}
    )
    assert (
        "Termin musi mieścić się w okresie obowiązywania kontraktu (01.05.2011 – 31.10.2011)."
        in response.content.decode()
    )
    assert ContractStage.objects.count() == 0


def test_notes_visible_to_social_worker_and_own_specialty_only(social_worker, specialist, accountant, contract):
    person = contract.participant
    services.add_case_note(
        actor=social_worker.membership, participant=person, written_on=dt.date(2011, 5, 3), text="Rozmowa o zadłużeniu"
    )
    services.add_case_note(
        actor=specialist.membership,
        participant=person,
        written_on=dt.date(2011, 5, 4),
        text="Sesja wsparcia psychologicznego",
    )
    url = reverse("casework:note-list", args=[person.pk])
    sw_body = social_worker.client.get(url).content.decode()
    assert "Rozmowa o zadłużeniu" in sw_body and "Sesja wsparcia psychologicznego" in sw_body
    psych_body = specialist.client.get(url).content.decode()
    assert "Sesja wsparcia psychologicznego" in psych_body and "Rozmowa o zadłużeniu" not in psych_body
    lawyer = MembershipFactory(
        user=UserFactory(username="prawnik"),
        institution=social_worker.institution,
        role=Role.SPECIALIST,
        specialty=Specialty.LAWYER,
    )
    assert CaseNote.objects.visible_to(lawyer).count() == 0
    assert accountant.client.get(url).status_code == 403
