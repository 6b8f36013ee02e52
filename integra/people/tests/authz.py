from integra.core.testing.authz import CONTACT_READERS, EDITORS, RECORD_READERS, REGISTRY, Rule
from integra.people.models import Consent, HouseholdMember
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory


def objects(world):
    participants = (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b))
    consents = tuple(
        Consent.objects.create(institution=p.institution, participant=p, purpose="processing", given_on="2024-01-15")
        for p in participants
    )
    households = (HouseholdFactory(institution=world.a), HouseholdFactory(institution=world.b))
    for person, household in zip(participants, households, strict=True):  # the person's page links the household
        person.household = household
        person.save(update_fields=["household"])
        HouseholdMember.objects.create(
            institution=household.institution, household=household, participant=person, relation="head"
        )
    return {"participant": participants, "consent": consents, "household": households}


CONSENT_EDITORS = EDITORS | {"dpo"}  # the IOD from the data-subject page, and back to it

RULES = [
    Rule("people:participant-list", allowed=REGISTRY, note="names and a distinguishing detail; the IOD finds people"),
    Rule("people:participant-create", allowed=EDITORS),
    Rule("people:participant-detail", kwargs={"pk": "participant"}, allowed=RECORD_READERS),
    Rule("people:participant-edit", kwargs={"pk": "participant"}, allowed=EDITORS),
    Rule("people:consent-add", kwargs={"pk": "participant"}, allowed=CONSENT_EDITORS),
    Rule(
        "people:consent-add",
        kwargs={"pk": "participant"},
        allowed=CONSENT_EDITORS,
        method="POST",
        note="an empty form is refused on the form itself, with what was typed and the reasons at the fields",
    ),
    Rule("people:consent-withdraw", kwargs={"pk": "participant", "consent_pk": "consent"}, allowed=CONSENT_EDITORS),
    Rule(
        "people:consent-withdraw",
        kwargs={"pk": "participant", "consent_pk": "consent"},
        allowed=CONSENT_EDITORS,
        method="POST",
        ok=frozenset({302}),
        note="staff who edit people and the IOD record withdrawals",
    ),
    Rule("people:household-list", allowed=CONTACT_READERS),
    Rule("people:household-create", allowed=EDITORS),
    Rule("people:household-detail", kwargs={"pk": "household"}, allowed=CONTACT_READERS),
    Rule("people:household-edit", kwargs={"pk": "household"}, allowed=EDITORS),
]
