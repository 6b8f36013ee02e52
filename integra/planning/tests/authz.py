from integra.core.testing.authz import EDITORS, REPORT_READERS, Rule
from integra.core.testing.factories import ParticipantFactory

CASE_READERS = frozenset({"administrator", "director", "coordinator", "social_worker", "specialist"})


def objects(world):
    return {
        "planning_participant": (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b)),
    }


RULES = [
    Rule("planning:staffing", allowed=REPORT_READERS),
    Rule("planning:staffing-card", allowed=REPORT_READERS),
    Rule("planning:participant-needs", kwargs={"pk": "planning_participant"}, allowed=CASE_READERS),
    Rule("planning:participant-need-add", kwargs={"pk": "planning_participant"}, allowed=EDITORS, method="POST",
         ok=frozenset({400})),
]

RULES += [
    Rule("planning:diagnosis", allowed=REPORT_READERS),
    Rule("planning:diagnosis-pdf", allowed=REPORT_READERS),
    Rule("planning:diagnosis-xlsx", allowed=REPORT_READERS),
    Rule("planning:diagnosis-people", allowed={"administrator", "director", "coordinator"}, query="dimension=all&value=all"),
]
