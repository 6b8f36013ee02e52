from integra.core.testing.authz import EDITORS, STAFF, Rule
from integra.core.testing.factories import HouseholdFactory, ParticipantFactory
from integra.people.models import Consent


def objects(world):
    participants = (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b))
    consents = tuple(
        Consent.objects.create(institution=p.institution, participant=p, purpose="processing", given_on="2024-01-15")
        for p in participants
    )
    return {
        "participant": participants,
        "consent": consents,
        "household": (HouseholdFactory(institution=world.a), HouseholdFactory(institution=world.b)),
    }


CONSENT_EDITORS = EDITORS | {"dpo"}

RULES = [
    Rule("people:participant-list", allowed=STAFF | {"dpo"}, note="the DPO reads people for data-subject requests"),
    Rule("people:participant-create", allowed=EDITORS),
    Rule("people:participant-detail", kwargs={"pk": "participant"}, allowed=STAFF | {"dpo"}),
    Rule("people:participant-edit", kwargs={"pk": "participant"}, allowed=EDITORS),
    Rule(
        "people:consent-add", kwargs={"pk": "participant"}, allowed=CONSENT_EDITORS, method="POST",
        ok=frozenset({302}), note="an empty form is refused with a message and a redirect to the detail page",
    ),
    Rule(
        "people:consent-withdraw", kwargs={"pk": "participant", "consent_pk": "consent"}, allowed=CONSENT_EDITORS,
        method="POST", ok=frozenset({302}), note="the DPO records withdrawals of consent",
    ),
    Rule("people:household-list", allowed=STAFF),
    Rule("people:household-create", allowed=EDITORS),
    Rule("people:household-detail", kwargs={"pk": "household"}, allowed=STAFF),
    Rule("people:household-edit", kwargs={"pk": "household"}, allowed=EDITORS),
]
