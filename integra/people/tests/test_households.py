"""Households: members (participants or named relatives), one head, history, locking, screens."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.people import services
from integra.people.models import Household, HouseholdMember
from integra.people.services import MemberInput
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def counts():
    return Household.objects.count(), HouseholdMember.objects.count(), HistoryEntry.objects.count()


def test_create_household_with_a_participant_head_and_a_child(social_worker):
    mother = ParticipantFactory(institution=social_worker.institution, first_name="Anna", last_name="Lis")
    household = services.create_household(
        actor=social_worker.membership,
        data={"name": "Rodzina Lisów", "postal_code": "37-300", "locality": "Leżajsk", "in_social_work": True},
        members=[MemberInput(relation="head", participant=mother), MemberInput(relation="child", first_name="Oliwia")],
    )
    mother.refresh_from_db()
    assert mother.household == household
    assert sorted(m.display_name for m in household.members.all()) == ["Anna Lis", "Oliwia"]
    entry = HistoryEntry.objects.get(object_id=household.pk, content_type__model="household")
    assert entry.changes["members"] == [None, [["Anna Lis", "head"], ["Oliwia", "child"]]]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([MemberInput(relation="child", first_name="Ola")], "Gospodarstwo domowe ma dokładnie jedną głowę."),
        (
            [MemberInput(relation="head", first_name="A"), MemberInput(relation="head", first_name="B")],
            "Gospodarstwo domowe ma dokładnie jedną głowę.",
        ),
        ([MemberInput(relation="head", first_name="")], "Wybierz uczestnika albo wpisz imię członka rodziny."),
    ],
)
def test_household_member_rules(social_worker, members, message):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.create_household(actor=social_worker.membership, data={"name": "Rodzina"}, members=members)
    assert message in info.value.message_dict["members"]
    assert counts() == before


def test_name_and_postal_code_are_checked(social_worker):
    with pytest.raises(ValidationError) as info:
        services.create_household(actor=social_worker.membership, data={"name": "", "postal_code": "37300"})
    assert set(info.value.message_dict) == {"name", "postal_code"}
    assert counts() == (0, 0, 0)


def test_a_participant_belongs_to_one_household_only(social_worker):
    person = ParticipantFactory(institution=social_worker.institution, first_name="Jan", last_name="Kos", sex="M")
    first = services.create_household(
        actor=social_worker.membership,
        data={"name": "Kosowie"},
        members=[MemberInput(relation="head", participant=person)],
    )
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.create_household(
            actor=social_worker.membership,
            data={"name": "Inni"},
            members=[MemberInput(relation="head", participant=person)],
        )
    assert info.value.message_dict["members"] == [f"Jan Kos należy już do innego gospodarstwa domowego ({first.name})."]
    assert counts() == before


def test_another_centres_participant_cannot_be_a_member(social_worker, outsider):
    stranger = ParticipantFactory(institution=outsider.institution)
    with pytest.raises(ValidationError):
        services.create_household(
            actor=social_worker.membership,
            data={"name": "X"},
            members=[MemberInput(relation="head", participant=stranger)],
        )
    assert counts() == (0, 0, 0)


def test_update_replaces_members_clears_the_old_link_and_records_history(social_worker):
    a = ParticipantFactory(institution=social_worker.institution, first_name="Anna", last_name="Lis")
    b = ParticipantFactory(institution=social_worker.institution, first_name="Piotr", last_name="Lis", sex="M")
    household = services.create_household(
        actor=social_worker.membership, data={"name": "Lisowie"}, members=[MemberInput(relation="head", participant=a)]
    )
    services.update_household(
        actor=social_worker.membership,
        household=household,
        version=1,
        data={"name": "Lisowie"},
        members=[MemberInput(relation="head", participant=b)],
    )
    a.refresh_from_db()
    b.refresh_from_db()
    household.refresh_from_db()
    assert (a.household, b.household, household.version) == (None, household, 2)
    entry = HistoryEntry.objects.get(object_id=household.pk, action="update")
    assert list(entry.changes) == ["members"]


def test_stale_household_save_is_refused(social_worker):
    household = services.create_household(actor=social_worker.membership, data={"name": "Lisowie"})
    services.update_household(
        actor=social_worker.membership, household=household, version=1, data={"name": "Lisowie-Kos"}, members=[]
    )
    with pytest.raises(ValidationError) as info:
        services.update_household(
            actor=social_worker.membership, household=household, version=1, data={"name": "Inna"}, members=[]
        )
    assert "W międzyczasie zmieniono: nazwa." in info.value.messages[0]
    household.refresh_from_db()
    assert household.name == "Lisowie-Kos"


def test_household_screens_create_and_show(social_worker):
    person = ParticipantFactory(institution=social_worker.institution, first_name="Anna", last_name="Lis")
    data = {
        "name": "Rodzina Lisów",
        "locality": "Leżajsk",
        "postal_code": "37-300",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
        "members-0-participant": str(person.pk),
        "members-0-relation": "head",
        "members-1-first_name": "Oliwia",
        "members-1-last_name": "Lis",
        "members-1-birth_date": "2015-04-02",
        "members-1-relation": "child",
    }
    response = social_worker.client.post(reverse("people:household-create"), data, follow=True)
    html = response.content.decode()
    household = Household.objects.get()
    assert response.redirect_chain[-1][0] == reverse("people:household-detail", args=[household.pk])
    assert "Rodzina Lisów" in html and "Oliwia Lis" in html and "02.04.2015" in html and "głowa gospodarstwa" in html
    members_head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "Imię i nazwisko" in members_head and "Nazwa" not in members_head  # people's names, not a „name”
    listing = social_worker.client.get(reverse("people:household-list")).content.decode()
    assert "Rodzina Lisów" in listing and "Anna Lis" in listing


def test_household_screen_shows_member_errors_in_polish(social_worker):
    data = {
        "name": "Rodzina",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
        "members-0-first_name": "Ola",
        "members-0-relation": "child",
    }
    response = social_worker.client.post(reverse("people:household-create"), data)
    assert "Gospodarstwo domowe ma dokładnie jedną głowę." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_household_list_query_count_is_pinned(social_worker, django_assert_num_queries):
    for i in range(12):
        household = HouseholdFactory(institution=social_worker.institution)
        person = ParticipantFactory(institution=social_worker.institution, last_name=f"Głowa{i}")
        HouseholdMember.objects.create(
            institution=social_worker.institution, household=household, participant=person, relation="head"
        )
        HouseholdMember.objects.create(
            institution=social_worker.institution, household=household, first_name="Dziecko", relation="child"
        )
    social_worker.client.get(reverse("people:household-list"))
    # session, user, OTP device, membership; count; page; members with their participants (no session write)
    with django_assert_num_queries(7):
        response = social_worker.client.get(reverse("people:household-list"))
    assert len(response.context["page"]) == 12
