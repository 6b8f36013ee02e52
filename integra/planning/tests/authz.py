from integra.core.testing.authz import CASE, EDITORS, REPORT_READERS, Rule
from integra.institutions.tests.factories import ClubFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

CASE_READERS = CASE


def objects(world):
    return {
        "planning_participant": (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b)),
        "planning_project": (ProjectFactory(institution=world.a), ProjectFactory(institution=world.b)),
        "planning_club": (ClubFactory(institution=world.a), ClubFactory(institution=world.b)),
    }


RULES = [
    Rule("planning:staffing", allowed=REPORT_READERS),
    Rule("planning:staffing-card", allowed=REPORT_READERS),
    Rule("planning:participant-needs", kwargs={"pk": "planning_participant"}, allowed=CASE_READERS),
    Rule(
        "planning:participant-need-add",
        kwargs={"pk": "planning_participant"},
        allowed=EDITORS,
        method="POST",
        ok=frozenset({400}),
    ),
]

RULES += [
    Rule("planning:diagnosis", allowed=REPORT_READERS),
    Rule("planning:diagnosis-pdf", allowed=REPORT_READERS),
    Rule("planning:diagnosis-xlsx", allowed=REPORT_READERS),
    Rule(
        "planning:diagnosis-people",
        allowed={"administrator", "director", "coordinator"},
        query="dimension=all&value=all",
    ),
]


RULES += [
    Rule("planning:what-works", allowed=REPORT_READERS),
    Rule("planning:what-works-pdf", allowed=REPORT_READERS),
    Rule("planning:what-works-project", kwargs={"pk": "planning_project"}, allowed=REPORT_READERS),
    Rule("planning:what-works-project-pdf", kwargs={"pk": "planning_project"}, allowed=REPORT_READERS),
    Rule("planning:what-works-club", kwargs={"pk": "planning_club"}, allowed=REPORT_READERS),
    Rule("planning:what-works-club-pdf", kwargs={"pk": "planning_club"}, allowed=REPORT_READERS),
]

RULES += [
    Rule("planning:regional", allowed={"regional_supervisor"}),
    Rule("planning:regional-what-works", allowed={"regional_supervisor"}),
]
