"""`integra demo-data` and `integra demo-logins` through call_command, on a small scale."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from integra.core import pesel
from integra.institutions.models import Club, Institution, Membership, Partner
from integra.people.models import Household, HouseholdMember, Participant

pytestmark = pytest.mark.django_db
PASSWORD = "demo-haslo-2026"


def load(**options):
    out = io.StringIO()
    call_command("demo-data", password=PASSWORD, scale=0.05, base_only=True, stdout=out, **options)
    return out.getvalue()


def test_five_centres_with_club_pup_staff_and_people():
    load()
    centres = Institution.objects.exclude(kind="REGIONAL")
    assert sorted(centres.values_list("slug", flat=True)) == [
        "lezajsk",
        "oswiecim",
        "siemianowice",
        "skarzysko",
        "sochaczew",
    ]
    lezajsk = Institution.objects.get(slug="lezajsk")
    assert (lezajsk.gmina, lezajsk.powiat, lezajsk.voivodeship) == ("Leżajsk", "leżajski", "podkarpackie")
    assert Club.objects.get(institution__slug="oswiecim").code == "KIS-OSW"
    assert Partner.objects.filter(kind="labour_office").count() == 5
    roles = set(Membership.objects.filter(institution=lezajsk).values_list("role", flat=True))
    assert roles == {
        "administrator",
        "director",
        "coordinator",
        "social_worker",
        "specialist",
        "accountant",
        "auditor",
        "dpo",
    }
    user = get_user_model().objects.get(username="lezajsk.koordynator")
    assert user.check_password(PASSWORD)
    region = Membership.objects.get(user__username="region.nadzor")
    assert region.role == "regional_supervisor"
    assert set(region.institution.supervised.values_list("slug", flat=True)) == {
        "lezajsk",
        "oswiecim",
        "siemianowice",
        "skarzysko",
        "sochaczew",
    }


def test_people_have_valid_pesels_search_keys_and_households():
    load()
    people = list(Participant.objects.all())
    assert len(people) >= 50
    for person in people:
        assert person.last_name_key == person.last_name.lower()
        if person.pesel:
            info = pesel.parse(person.pesel)
            assert (info.birth_date, info.sex) == (person.birth_date, person.sex)
        else:
            assert person.no_pesel
    assert Household.objects.exists()
    assert HouseholdMember.objects.filter(relation="head").count() == Household.objects.count()
    heads = HouseholdMember.objects.filter(relation="head").select_related("participant")
    assert all(m.participant.household_id == m.household_id for m in heads)
    assert any(ch in "".join(p.last_name for p in people) for ch in "ąćęłńóśźż")


class _Rollback(Exception):
    pass


def rows_for(seed: int) -> list[tuple]:
    """Generate with a seed inside a savepoint, read the people, roll back."""
    try:
        with transaction.atomic():
            load(seed=seed)
            rows = list(
                Participant.objects.order_by("pesel", "last_name", "first_name").values_list(
                    "pesel", "first_name", "last_name", "labour_status", "disability", "locality"
                )
            )
            raise _Rollback
    except _Rollback:
        pass
    return rows


def test_same_seed_same_data_and_a_new_seed_differs():
    first, again, other = rows_for(7), rows_for(7), rows_for(8)
    assert first == again
    assert first != other


def test_if_empty_does_nothing_when_centres_exist():
    load()
    count = Participant.objects.count()
    assert "not loaded" in load(if_empty=True)
    assert Participant.objects.count() == count


def test_a_second_load_is_refused():
    load()
    with pytest.raises(CommandError, match="exist already"):
        load()


def test_demo_logins_prints_every_account_with_the_password():
    load()
    out = io.StringIO()
    call_command("demo-logins", password=PASSWORD, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Centre", "Role", "Username", "Password"]
    rows = [line for line in lines[2:] if line.strip()]
    assert len(rows) == 51
    assert any("lezajsk.iod" in row and PASSWORD in row and row.startswith("Leżajsk") for row in rows)
    assert any("region.nadzor" in row for row in rows)


def test_demo_e_mail_addresses_are_ascii_before_the_at_as_centres_hold_them():
    from integra.core.validators import is_email_address
    from integra.demo.generator import ascii_local_part

    load()
    addresses = list(Participant.objects.exclude(email="").values_list("email", "last_name"))
    assert len(addresses) >= 10
    assert [email for email, _ in addresses if not is_email_address(email)] == []
    polish = [(email, last) for email, last in addresses if any(ch in last.lower() for ch in "ąćęłńóśźż")]
    assert polish, "some demo surnames carry Polish letters"
    assert all(f".{ascii_local_part(last)}" in email for email, last in polish)
    assert ascii_local_part("Żaneta Łęcka-Müller") == "zanetaleckamuller"
