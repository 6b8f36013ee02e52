import datetime as dt

import pytest
from django.db import IntegrityError

from integra.casework.models import ContractStatusChange, SocialContract
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_contract_end_before_start_is_refused_by_the_database(social_worker):
    participant = ParticipantFactory(institution=social_worker.institution)
    with pytest.raises(IntegrityError):
        SocialContract.objects.create(
            institution=social_worker.institution,
            number="1/2011",
            social_worker=social_worker.membership,
            participant=participant,
            start_on=dt.date(2011, 5, 1),
            end_on=dt.date(2011, 4, 30),
        )


def test_status_change_is_never_deleted(social_worker):
    participant = ParticipantFactory(institution=social_worker.institution)
    contract = SocialContract.objects.create(
        institution=social_worker.institution,
        number="2/2011",
        social_worker=social_worker.membership,
        participant=participant,
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 10, 31),
    )
    change = ContractStatusChange.objects.create(
        institution=contract.institution,
        contract=contract,
        changed_on=dt.date(2011, 6, 1),
        from_status="active",
        to_status="broken",
        reason="Nie stawił się",
        author=social_worker.user,
    )
    with pytest.raises(ValueError, match="append-only"):
        change.delete()
    assert ContractStatusChange.objects.count() == 1
