from integra.core.testing.authz import EDITORS, STAFF, Rule
from integra.core.testing.factories import HouseholdFactory, ParticipantFactory


def objects(world):
    return {
        "participant": (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b)),
        "household": (HouseholdFactory(institution=world.a), HouseholdFactory(institution=world.b)),
    }


RULES = [
    Rule("people:participant-list", allowed=STAFF | {"dpo"}),
    Rule("people:participant-create", allowed=EDITORS),
    Rule("people:participant-detail", kwargs={"pk": "participant"}, allowed=STAFF | {"dpo"}),
    Rule("people:participant-edit", kwargs={"pk": "participant"}, allowed=EDITORS),
    Rule("people:household-list", allowed=STAFF),
    Rule("people:household-create", allowed=EDITORS),
    Rule("people:household-detail", kwargs={"pk": "household"}, allowed=STAFF),
    Rule("people:household-edit", kwargs={"pk": "household"}, allowed=EDITORS),
]
