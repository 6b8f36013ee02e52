"""The person search on forms (`integra.people.picker`): scoped to the form's own people, a search saves nothing,
another centre's person sent by hand is refused, several people are ticked on an event."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from integra.casework.models import SocialContract
from integra.people.models import Household
from integra.people.tests.factories import ParticipantFactory
from integra.support.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(social_worker, outsider):
    centre = social_worker.institution
    return {
        "lukasik": ParticipantFactory(institution=centre, last_name="Łukasik", birth_date=dt.date(1975, 1, 1)),
        "lewandowska": ParticipantFactory(institution=centre, last_name="Lewandowska", birth_date=dt.date(1975, 2, 2)),
        "zajac": ParticipantFactory(institution=centre, last_name="Zając", birth_date=dt.date(1975, 3, 3)),
        "foreign": ParticipantFactory(
            institution=outsider.institution, last_name="Lewandowska", birth_date=dt.date(1975, 4, 4)
        ),
    }


def _contract(people, social_worker, **changes):
    today = timezone.localdate()
    data = {
        "number": "KS/1/2026",
        "variant": "B",
        "social_worker": social_worker.membership.pk,
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


def test_a_search_lists_the_centres_people_in_polish_order_and_saves_nothing(social_worker, people):
    url = reverse("casework:contract-create")
    response = social_worker.client.post(
        url, _contract(people, social_worker, participant_q="1975", _find="participant")
    )
    assert response.status_code == 200
    page = response.content.decode()
    order = [page.index(f'value="{people[k].pk}"') for k in ("lewandowska", "lukasik", "zajac")]
    assert order == sorted(order)  # Ł between L and M, not after Z
    assert f'value="{people["foreign"].pk}"' not in page
    assert people["lukasik"].pesel not in page
    assert "errorlist" not in page  # a search is not a failed save
    assert not SocialContract.objects.exists()


def test_another_centres_person_sent_by_hand_is_refused(social_worker, people):
    url = reverse("casework:contract-create")
    response = social_worker.client.post(url, _contract(people, social_worker, participant=people["foreign"].pk))
    assert response.status_code == 200 and response.context["form"].errors["participant"]
    assert not SocialContract.objects.exists()
    response = social_worker.client.post(url, _contract(people, social_worker, participant=people["zajac"].pk))
    assert response.status_code == 302 and SocialContract.objects.get().participant == people["zajac"]


def test_an_event_ticks_several_people_found_by_searching(coordinator, outsider):
    centre = coordinator.institution
    anna, ewa = (ParticipantFactory(institution=centre, last_name=n) for n in ("Śliwa", "Sowa"))
    foreign = ParticipantFactory(institution=outsider.institution, last_name="Sowa")
    url = reverse("support:event-create")
    data = {"kind": "festyn", "title": "Festyn", "date": "2011-06-01", "other_guests": 0, "participants": [anna.pk]}
    searched = coordinator.client.post(url, {**data, "participants_q": "s", "_find": "participants"}).content.decode()
    assert f'type="checkbox" name="participants" value="{anna.pk}" checked' in searched  # kept while searching
    assert searched.index(f'value="{ewa.pk}"') > searched.index(f'value="{anna.pk}"')
    assert f'value="{foreign.pk}"' not in searched and not Event.objects.exists()
    refused = coordinator.client.post(url, {**data, "participants": [anna.pk, foreign.pk]})
    assert refused.status_code in (200, 400) and not Event.objects.exists()
    saved = coordinator.client.post(url, {**data, "participants": [anna.pk, ewa.pk]})
    assert saved.status_code == 302
    assert set(Event.objects.get().attendees.values_list("participant_id", flat=True)) == {anna.pk, ewa.pk}


def test_a_household_member_row_searches_on_its_own_and_saves_nothing(social_worker, people):
    data = {
        "name": "Rodzina Łukasików",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
        "members-1-participant_q": "Łuka",
        "_find": "members-1-participant",
    }
    page = social_worker.client.post(reverse("people:household-create"), data).content.decode()
    assert f'name="members-1-participant" value="{people["lukasik"].pk}"' in page
    assert f'name="members-0-participant" value="{people["lukasik"].pk}"' not in page  # only the row searched
    assert "Rodzina Łukasików" in page and not Household.objects.exists()
