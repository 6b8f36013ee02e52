"""Registering and editing a person: every validation rule of issue 2 point 7, nothing written on refusal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from integra.core.models import HistoryEntry
from integra.people import services
from integra.people.models import Participant, ParticipantGroup
from integra.people.tests.factories import PESEL_F, PESEL_F_WRONG_CHECK, ParticipantFactory, valid_data

PESEL_M = "79110201555"  # man, born 02.11.1979

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("polish")]


@pytest.fixture
def polish():
    with translation.override("pl"):
        yield


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 10, 12, 0), tick=False):
        yield


def refused(actor, **overrides) -> dict[str, list[str]]:
    """Submit the data, expect a refusal, return the Polish messages per field; nothing was written."""
    before = (Participant.objects.count(), ParticipantGroup.objects.count(), HistoryEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        services.create_participant(actor=actor, data=valid_data(**overrides), groups=["alcohol"])
    assert (Participant.objects.count(), ParticipantGroup.objects.count(), HistoryEntry.objects.count()) == before
    return info.value.message_dict


def test_valid_person_is_registered_with_derived_birth_date_and_sex(social_worker):
    person = services.create_participant(
        actor=social_worker.membership, data=valid_data(), groups=["alcohol", "long_term_unemployed"]
    )
    person.refresh_from_db()
    assert person.institution_id == social_worker.institution.pk
    assert person.birth_date == dt.date(1985, 3, 14)
    assert person.sex == "F"
    assert person.last_name_key == "wójcik"
    assert sorted(person.group_codes) == ["alcohol", "long_term_unemployed"]
    entry = HistoryEntry.objects.get(object_id=person.pk, content_type__model="participant")
    assert entry.action == "create"
    assert entry.actor == social_worker.user
    assert entry.changes["last_name"] == [None, "Wójcik"]


def test_wrong_check_digit_is_refused(social_worker):
    errors = refused(social_worker.membership, pesel=PESEL_F_WRONG_CHECK)
    assert errors["pesel"] == ["Ten PESEL ma błędną cyfrę kontrolną – sprawdź numer w dowodzie osobistym."]


def test_pesel_must_have_eleven_digits(social_worker):
    assert refused(social_worker.membership, pesel="8503144690")["pesel"] == ["PESEL ma dokładnie 11 cyfr."]


def test_pesel_or_the_no_pesel_flag_is_required(social_worker):
    assert refused(social_worker.membership, pesel="")["pesel"] == [
        "Wpisz PESEL albo zaznacz „brak PESEL” dla osoby, która go nie ma."
    ]


def test_typed_sex_disagreeing_with_pesel_is_an_error_not_an_overwrite(social_worker):
    errors = refused(social_worker.membership, sex="M")
    assert errors["sex"] == ["Płeć nie zgadza się z numerem PESEL (według PESEL: kobieta)."]


def test_typed_birth_date_disagreeing_with_pesel_is_an_error(social_worker):
    errors = refused(social_worker.membership, birth_date=dt.date(1985, 3, 15))
    assert errors["birth_date"] == ["Data urodzenia nie zgadza się z numerem PESEL (według PESEL: 14.03.1985)."]


def test_typed_values_agreeing_with_pesel_are_accepted(social_worker):
    person = services.create_participant(
        actor=social_worker.membership, data=valid_data(pesel=PESEL_M, sex="M", birth_date=dt.date(1979, 11, 2))
    )
    assert (person.sex, person.birth_date) == ("M", dt.date(1979, 11, 2))


def test_no_pesel_needs_birth_date_and_sex(social_worker):
    errors = refused(social_worker.membership, pesel="", no_pesel=True)
    assert errors["birth_date"] == ["Osoba bez numeru PESEL musi mieć podaną datę urodzenia."]
    assert errors["sex"] == ["Osoba bez numeru PESEL musi mieć podaną płeć."]


def test_no_pesel_with_a_pesel_typed_is_refused(social_worker):
    errors = refused(social_worker.membership, no_pesel=True, sex="F", birth_date=dt.date(1985, 3, 14))
    assert errors["pesel"] == ["Zaznaczono „brak PESEL” – pozostaw pole PESEL puste."]


def test_person_without_pesel_is_registered(social_worker):
    person = services.create_participant(
        actor=social_worker.membership,
        data=valid_data(pesel="", no_pesel=True, sex="M", birth_date=dt.date(1990, 1, 2), country="Ukraina"),
    )
    assert (person.pesel, person.no_pesel, person.sex) == (None, True, "M")


def test_same_pesel_twice_in_one_centre_is_refused_with_the_existing_person(social_worker):
    existing = ParticipantFactory(institution=social_worker.institution, pesel=PESEL_F)
    with pytest.raises(ValidationError) as info:
        services.create_participant(actor=social_worker.membership, data=valid_data())
    (error,) = info.value.error_dict["pesel"]
    assert error.code == "duplicate"
    assert error.params["participant_id"] == existing.pk
    assert info.value.message_dict["pesel"] == ["Osoba z tym numerem PESEL jest już zarejestrowana w tym ośrodku."]
    assert Participant.objects.count() == 1


def test_same_pesel_in_another_centre_is_allowed(social_worker, outsider):
    ParticipantFactory(institution=outsider.institution, pesel=PESEL_F)
    services.create_participant(actor=social_worker.membership, data=valid_data())
    assert Participant.objects.filter(pesel=PESEL_F).count() == 2


@pytest.mark.parametrize("code", ["37300", "37-30", "3-7300", "ab-cde"])
def test_postal_code_must_be_nn_nnn(social_worker, code):
    assert refused(social_worker.membership, postal_code=code)["postal_code"] == [
        "Wpisz kod pocztowy w postaci NN-NNN."
    ]


def test_email_must_be_valid(social_worker):
    assert refused(social_worker.membership, email="lucja@")["email"] == ["Wpisz poprawny adres e-mail."]


def test_dates_cannot_be_in_the_future(social_worker):
    errors = refused(
        social_worker.membership,
        pesel="",
        no_pesel=True,
        sex="F",
        birth_date=dt.date(2025, 6, 11),
        social_assistance_since=dt.date(2026, 1, 1),
    )
    assert errors["birth_date"] == ["Ta data jest w przyszłości."]
    assert errors["social_assistance_since"] == ["Ta data jest w przyszłości."]


def test_long_term_unemployed_only_with_an_unemployed_status(social_worker):
    errors = refused(social_worker.membership, labour_status="employed", long_term_unemployed=True)
    assert errors["long_term_unemployed"] == [
        "Osobę długotrwale bezrobotną można zaznaczyć tylko przy statusie osoby bezrobotnej."
    ]


def test_unknown_eligibility_group_is_refused(social_worker):
    with pytest.raises(ValidationError) as info:
        services.create_participant(actor=social_worker.membership, data=valid_data(), groups=["astronaut"])
    assert info.value.message_dict["groups"] == ["Nieznana grupa uprawnionych."]
    assert Participant.objects.count() == 0


def test_every_wrong_field_is_reported_at_once(social_worker):
    errors = refused(social_worker.membership, first_name="", pesel=PESEL_F_WRONG_CHECK, postal_code="1", email="x")
    assert set(errors) == {"first_name", "pesel", "postal_code", "email"}


def test_update_records_old_and_new_values(social_worker):
    person = services.create_participant(actor=social_worker.membership, data=valid_data(), groups=["alcohol"])
    services.update_participant(
        actor=social_worker.membership,
        participant=person,
        version=person.version,
        data=valid_data(last_name="Wójcik-Nowak", postal_code="37-310"),
        groups=["alcohol", "drugs"],
    )
    person.refresh_from_db()
    assert (person.last_name, person.version, person.last_name_key) == ("Wójcik-Nowak", 2, "wójcik-nowak")
    entry = HistoryEntry.objects.filter(object_id=person.pk, action="update").get()
    assert entry.changes == {
        "last_name": ["Wójcik", "Wójcik-Nowak"],
        "postal_code": ["37-300", "37-310"],
        "groups": [["alcohol"], ["alcohol", "drugs"]],
    }
    assert sorted(person.group_codes) == ["alcohol", "drugs"]


def test_update_without_change_records_nothing(social_worker):
    person = services.create_participant(actor=social_worker.membership, data=valid_data())
    services.update_participant(
        actor=social_worker.membership, participant=person, version=1, data=valid_data(), groups=[]
    )
    person.refresh_from_db()
    assert person.version == 1
    assert HistoryEntry.objects.filter(action="update").count() == 0


def test_stale_save_is_refused_with_the_fields_changed_meanwhile(social_worker, coordinator):
    person = services.create_participant(actor=social_worker.membership, data=valid_data())
    services.update_participant(
        actor=coordinator.membership, participant=person, version=1, data=valid_data(phone="700 800 900")
    )
    with pytest.raises(ValidationError) as info:
        services.update_participant(
            actor=social_worker.membership, participant=person, version=1, data=valid_data(locality="Giedlarowa")
        )
    (message,) = info.value.messages
    assert "Ktoś inny zapisał" in message or "telefon" in message
    assert "telefon" in message
    person.refresh_from_db()
    assert (person.locality, person.phone, person.version) == ("Leżajsk", "+48700800900", 2)


def test_update_of_another_centres_person_is_refused(social_worker, outsider):
    person = ParticipantFactory(institution=outsider.institution, last_name="Obca")
    with pytest.raises(ValidationError):
        services.update_participant(actor=social_worker.membership, participant=person, version=1, data=valid_data())
    person.refresh_from_db()
    assert person.last_name == "Obca"


def test_duplicate_check_on_update_ignores_the_person_itself(social_worker):
    person = services.create_participant(actor=social_worker.membership, data=valid_data())
    services.update_participant(
        actor=social_worker.membership, participant=person, version=1, data=valid_data(first_name="Łucja Maria")
    )
    person.refresh_from_db()
    assert person.first_name == "Łucja Maria"


def test_self_employed_needs_the_employed_status(social_worker):
    errors = refused(social_worker.membership, labour_status="inactive", self_employed=True)
    assert errors["self_employed"] == ["Samozatrudnienie można zaznaczyć tylko osobie pracującej."]


def test_self_employment_and_education_at_entry_are_recorded(social_worker):
    person = services.create_participant(
        actor=social_worker.membership,
        data=valid_data(labour_status="employed", long_term_unemployed=False, self_employed=True, in_education=True),
        groups=[],
    )
    person.refresh_from_db()
    assert (person.self_employed, person.in_education) == (True, True)


def test_phone_is_stored_normalised(coordinator):
    person = services.create_participant(
        actor=coordinator.membership, data=valid_data(phone="0048 501-234-567"), groups=[]
    )
    person.refresh_from_db()
    assert person.phone == "+48501234567"
    assert not person.phone_needs_check


def test_a_phone_that_is_no_number_is_refused(coordinator):
    errors = refused(coordinator.membership, phone="501 23")
    assert errors["phone"] == [
        "Wpisz numer telefonu: dziewięć cyfr (np. 501 234 567) albo, dla numeru zagranicznego, z kodem kraju (+380 …)."
    ]
