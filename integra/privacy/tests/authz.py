from integra.core.testing.authz import Rule
from integra.people.models import Consent
from integra.people.tests.factories import ParticipantFactory


def objects(world):
    a, b = ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b)
    return {
        "privacy_person": (a, b),
        "privacy_consent": (
            Consent.objects.create(institution=world.a, participant=a, purpose="image", given_on="2024-01-10"),
            Consent.objects.create(institution=world.b, participant=b, purpose="image", given_on="2024-01-10"),
        ),
    }


DPO = {"dpo"}

RULES = [
    Rule("privacy:access-log", allowed=DPO),
    Rule("privacy:consent-list", allowed=DPO),
    Rule("privacy:subject-find", allowed=DPO),
    Rule("privacy:subject", kwargs={"pk": "privacy_person"}, allowed=DPO),
    Rule("privacy:subject-export", kwargs={"pk": "privacy_person"}, allowed=DPO, method="POST"),
    Rule("privacy:consent-withdraw", kwargs={"pk": "privacy_consent"}, allowed=DPO),
    Rule("privacy:subject-anonymise", kwargs={"pk": "privacy_person"}, allowed=DPO),
    # A person whose retention is not over: refused on the form, nothing written.
    Rule(
        "privacy:subject-anonymise",
        kwargs={"pk": "privacy_person"},
        allowed=DPO,
        method="POST",
        data={"confirm": "on"},
        ok=frozenset({400}),
    ),
    Rule(
        "privacy:consent-withdraw",
        kwargs={"pk": "privacy_consent"},
        allowed=DPO,
        method="POST",
        data={"withdrawn_on": "2024-02-01"},
        ok=frozenset({302}),
    ),
]
