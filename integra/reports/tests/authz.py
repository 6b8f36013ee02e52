from integra.core.testing.authz import CASE, REPORT_READERS, Rule
from integra.institutions.tests.factories import ClubFactory
from integra.projects.tests.factories import ProjectFactory


def objects(world):
    return {
        "report_project": (ProjectFactory(institution=world.a), ProjectFactory(institution=world.b)),
        "report_club": (ClubFactory(institution=world.a), ClubFactory(institution=world.b)),
    }


RULES = [
    Rule("reports:index", allowed=REPORT_READERS),
    Rule("reports:project-indicators", kwargs={"pk": "report_project"}, allowed=REPORT_READERS),
    Rule("reports:indicator-people", kwargs={"pk": "report_project"}, allowed=REPORT_READERS, query="code=EECO01"),
    Rule(
        "reports:indicator-people",
        kwargs={"pk": "report_project"},
        allowed=REPORT_READERS & CASE,
        query="code=EECO12&sex=women",
        note="a special-category indicator: only roles that may see sensitive data",
    ),
    Rule("reports:project-effectiveness", kwargs={"pk": "report_project"}, allowed=REPORT_READERS),
    Rule("reports:project-summary", kwargs={"pk": "report_project"}, allowed=REPORT_READERS),
    Rule("reports:project-dashboard", kwargs={"pk": "report_project"}, allowed=REPORT_READERS),
    Rule("reports:centre-dashboard", allowed=REPORT_READERS, query="year=2014"),
    Rule("reports:centre-annual", allowed=REPORT_READERS, query="year=2014"),
    Rule("reports:club-annual", kwargs={"pk": "report_club"}, allowed=REPORT_READERS, query="year=2014"),
    Rule("reports:regional", allowed={"regional_supervisor"}, query="year=2014"),
]
