"""The needs form on a participant, and the director's staffing card."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from integra.core.roles import Role
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.planning.models import ParticipantNeed
from integra.planning.services import NEED_IN_FUTURE

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2013, 11, 20, 12, 0), tick=False)
def test_social_worker_records_a_need_and_bad_input_writes_nothing(client):
    centre = InstitutionFactory(slug="mops-potrzeby")
    worker = MembershipFactory(institution=centre, role=Role.SOCIAL_WORKER)
    person = ParticipantFactory(institution=centre)
    client.force_login(worker.user)
    url = f"/planning/participants/{person.pk}/needs/add/"
    ok = client.post(url, {"need": "lawyer", "recorded_on": "2013-11-19", "note": "Zadłużenie mieszkania"})
    assert ok.status_code == 302
    need = ParticipantNeed.objects.get()
    assert (need.need, need.recorded_on, need.recorded_by, need.institution) == (
        "lawyer",
        dt.date(2013, 11, 19),
        worker,
        centre,
    )
    future = client.post(url, {"need": "psychologist", "recorded_on": "2013-12-01"})
    assert future.status_code == 400
    assert str(NEED_IN_FUTURE) in future.content.decode() or "przyszłą" in future.content.decode()
    twice = client.post(url, {"need": "lawyer", "recorded_on": "2013-11-19"})
    assert twice.status_code == 400 and "już odnotowana" in twice.content.decode()
    assert ParticipantNeed.objects.count() == 1
    page = client.get(f"/planning/participants/{person.pk}/needs/")
    assert "Zadłużenie mieszkania" in page.content.decode() and "19.11.2013" in page.content.decode()


def test_staffing_card_shows_missing_fte(client):
    centre = InstitutionFactory(slug="mops-karta", population=8000)
    for fte in ("1.00", "1.00", "0.50"):
        MembershipFactory(institution=centre, role=Role.SOCIAL_WORKER, fte=Decimal(fte))
    director = MembershipFactory(institution=centre, role=Role.DIRECTOR)
    client.force_login(director.user)
    card = client.get("/planning/staffing/card/", {"date": "2014-03-01"})
    html = card.content.decode()
    assert "standard niespełniony" in html
    assert "brakuje 1.50 etatu" in html or "brakuje 1,50 etatu" in html
    page = client.get("/planning/staffing/", {"date": "2014-03-01"})
    assert page.status_code == 200 and 'id="staffing-workers"' in page.content.decode()
