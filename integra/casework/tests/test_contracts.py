import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from integra.casework import services
from integra.casework.documents import contract_pdf
from integra.casework.models import (
    ContractModification,
    ContractStage,
    ContractStatusChange,
    SocialContract,
)
from integra.casework.queries import contracts_due
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(social_worker):
    return ParticipantFactory(
        institution=social_worker.institution, first_name="Łucja", last_name="Źdźbło-Wężyk", locality="Leżajsk"
    )


def make_contract(social_worker, person, **kw):
    values = {
        "number": "KS/7/2011",
        "start_on": dt.date(2011, 5, 1),
        "end_on": dt.date(2011, 10, 31),
        "main_goal": "Podjęcie zatrudnienia",
        "assessment": "Długotrwałe bezrobocie, zadłużenie mieszkania",
    }
    values.update(kw)
    return services.create_contract(
        actor=social_worker.membership, participant=person, social_worker=social_worker.membership, **values
    )


def test_contract_end_before_start_is_refused(social_worker, person):
    with pytest.raises(ValidationError) as exc:
        make_contract(social_worker, person, end_on=dt.date(2011, 4, 1))
    assert exc.value.message_dict["end_on"] == [str(services.CONTRACT_END_BEFORE_START)]
    assert SocialContract.objects.count() == 0


def test_stage_deadline_outside_contract_is_refused(social_worker, person):
    contract = make_contract(social_worker, person)
    with pytest.raises(ValidationError, match=r"01\.05\.2011 – 31\.10\.2011"):
        services.add_stage(
            actor=social_worker.membership, contract=contract, goal="Kurs", deadline=dt.date(2011, 11, 15)
        )
    assert ContractStage.objects.count() == 0


def test_sign_break_and_history_is_kept(social_worker, person):
    contract = make_contract(social_worker, person)
    services.sign_contract(actor=social_worker.membership, contract=contract, signed_on=dt.date(2011, 4, 28))
    with pytest.raises(ValidationError):
        services.change_status(
            actor=social_worker.membership,
            contract=contract,
            to_status="broken",
            changed_on=dt.date(2011, 7, 1),
            reason="",
        )
    services.change_status(
        actor=social_worker.membership,
        contract=contract,
        to_status="broken",
        changed_on=dt.date(2011, 7, 1),
        reason="Nie stawia się na zajęcia",
        decision="Wstrzymanie zasiłku celowego",
    )
    contract.refresh_from_db()
    assert contract.status == "broken"
    assert list(ContractStatusChange.objects.values_list("from_status", "to_status")) == [
        ("draft", "active"),
        ("active", "broken"),
    ]
    with pytest.raises(ValidationError):
        services.change_status(
            actor=social_worker.membership, contract=contract, to_status="active", changed_on=dt.date(2011, 7, 2)
        )


def test_modification_keeps_reason_and_old_values(social_worker, person):
    contract = make_contract(social_worker, person)
    services.modify_contract(
        actor=social_worker.membership,
        contract=contract,
        changes={"end_on": dt.date(2011, 12, 31)},
        reason="Przedłużenie o dwa miesiące",
        modified_on=dt.date(2011, 10, 20),
        expected_version=contract.version,
    )
    mod = ContractModification.objects.get()
    assert mod.reason == "Przedłużenie o dwa miesiące"
    assert mod.changes["end_on"] == ["2011-10-31", "2011-12-31"]
    with pytest.raises(ValidationError):  # stale version
        services.modify_contract(
            actor=social_worker.membership,
            contract=contract,
            changes={"main_goal": "x"},
            reason="r",
            modified_on=dt.date(2011, 10, 21),
            expected_version=contract.version,
        )
    assert ContractModification.objects.count() == 1


def test_family_members_only_in_variant_a(social_worker):
    household = HouseholdFactory(institution=social_worker.institution)
    person = ParticipantFactory(institution=social_worker.institution, household=household)
    from integra.people.models import HouseholdMember

    child = HouseholdMember.objects.create(
        institution=social_worker.institution,
        household=household,
        first_name="Staś",
        last_name="Wężyk",
        relation="child",
    )
    with pytest.raises(ValidationError):
        make_contract(social_worker, person, family_members=[child])
    contract = make_contract(social_worker, person, variant="A", family_members=[child])
    assert [m.display_name for m in contract.members.all()] == ["Staś Wężyk"]


def test_due_list_shows_reviews_and_endings_within_14_days(social_worker, person):
    ending = make_contract(social_worker, person, number="1", end_on=dt.date(2011, 6, 10))
    review = make_contract(social_worker, person, number="2", next_review_on=dt.date(2011, 6, 5))
    later = make_contract(social_worker, person, number="3", end_on=dt.date(2011, 9, 30))
    for c in (ending, review, later):
        services.sign_contract(actor=social_worker.membership, contract=c, signed_on=dt.date(2011, 4, 28))
    due = contracts_due(social_worker.membership, dt.date(2011, 6, 1))
    assert sorted(due.values_list("number", flat=True)) == ["1", "2"]


def test_contract_pdf_has_polish_template_and_names(social_worker, person):
    contract = make_contract(social_worker, person)
    stage = services.add_stage(
        actor=social_worker.membership, contract=contract, goal="Ukończenie kursu", deadline=dt.date(2011, 8, 31)
    )
    services.add_obligation(
        actor=social_worker.membership,
        stage=stage,
        party="participant",
        action="Udział w kursie „Kucharz małej gastronomii”",
        deadline=dt.date(2011, 8, 31),
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contract_pdf(contract))).pages)
    assert "KONTRAKT SOCJALNY" in text
    assert "Łucja Źdźbło-Wężyk" in text
    assert "Kucharz małej gastronomii" in text
    assert "Cel główny" in text and "Sposób oceny" in text


@pytest.mark.parametrize(("sex", "addressed"), [("F", "Panią Łucja"), ("M", "Panem Łucja"), ("X", "a\nŁucja")])
def test_contract_pdf_addresses_the_person_by_sex_and_numbers_sections_without_gaps(
    social_worker, person, sex, addressed
):
    """Issue 23: the form printed „Panią/Panem” and jumped from section 7 to 9 when the contract had no changes."""
    person.sex = sex
    person.save(update_fields=["sex"])
    contract = make_contract(social_worker, person)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contract_pdf(contract))).pages)
    assert "Panią/Panem" not in text
    assert addressed in text
    numbers = [int(line.split(".", 1)[0]) for line in text.splitlines() if re.match(r"^\d{1,2}\. [A-ZŁŚŻ]", line)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 8
    assert "Zmiany kontraktu" not in text  # no changes yet: the section is left out, the numbering goes on
