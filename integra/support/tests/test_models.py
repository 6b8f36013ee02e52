import pytest
from django.db import IntegrityError, transaction

from integra.support.models import Enrolment, Instrument, InstrumentGroup
from integra.support.tests.factories import EnrolmentFactory


@pytest.mark.django_db
def test_catalogue_is_loaded_with_every_group():
    groups = set(Instrument.objects.filter(institution__isnull=True).values_list("group", flat=True))
    assert groups == {g.value for g in InstrumentGroup}
    assert Instrument.objects.get(code="internship").name == "Staż zawodowy"


@pytest.mark.django_db
def test_database_refuses_certificate_on_failed_course():
    enrolment = EnrolmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(
            failed=True, certificate_number="K/1/2011", certificate_on=enrolment.activity.end_on
        )
