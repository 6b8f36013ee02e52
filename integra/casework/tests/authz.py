import datetime as dt

from integra.casework.models import IndividualPlan, LocalActivityProgramme
from integra.casework.tests.factories import SocialContractFactory
from integra.core.testing.authz import CASE, EDITORS, SPECIALISTS, Rule
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory


def _plan(centre):
    advisor = MembershipFactory(institution=centre, role="specialist", specialty="career_advisor")
    return IndividualPlan.objects.create(
        institution=centre,
        participant=ParticipantFactory(institution=centre),
        career_advisor=advisor,
        drawn_up_on=dt.date(2011, 5, 1),
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 12, 31),
        goals="Praca",
        planned_instruments=["career-counselling", "vocational-course"],  # codes of the shared catalogue
    )


def _programme(centre):
    return LocalActivityProgramme.objects.create(
        institution=centre,
        title="PAL Osiedle",
        goals="Integracja",
        start_on=dt.date(2011, 3, 1),
        end_on=dt.date(2011, 11, 30),
    )


def objects(world):
    return {
        "cw_contract": (SocialContractFactory(institution=world.a), SocialContractFactory(institution=world.b)),
        "cw_plan": (_plan(world.a), _plan(world.b)),
        "cw_programme": (_programme(world.a), _programme(world.b)),
        "cw_participant": (ParticipantFactory(institution=world.a), ParticipantFactory(institution=world.b)),
    }


PLAN_EDITORS = frozenset({"administrator", "coordinator", "career_advisor"})  # can_edit_plans
NOTE_READERS = frozenset({"social_worker"}) | SPECIALISTS
CONTRACT = {"pk": "cw_contract"}
RULES = [
    Rule("casework:contract-list", allowed=CASE),
    Rule("casework:contract-due", allowed=CASE),
    Rule("casework:contract-create", allowed=EDITORS),
    Rule("casework:contract-detail", kwargs=CONTRACT, allowed=CASE),
    Rule("casework:contract-edit", kwargs=CONTRACT, allowed=EDITORS),
    Rule("casework:stage-add", kwargs=CONTRACT, allowed=EDITORS),
    Rule("casework:obligation-add", kwargs=CONTRACT, allowed=EDITORS),
    Rule("casework:contract-sign", kwargs=CONTRACT, allowed=EDITORS),
    Rule("casework:contract-status", kwargs=CONTRACT, allowed=EDITORS),
    Rule("casework:contract-pdf", kwargs=CONTRACT, allowed=CASE),
    Rule("casework:plan-list", allowed=CASE),
    Rule("casework:plan-create", allowed=PLAN_EDITORS),
    Rule("casework:plan-detail", kwargs={"pk": "cw_plan"}, allowed=CASE),
    Rule("casework:plan-review", kwargs={"pk": "cw_plan"}, allowed=PLAN_EDITORS),
    Rule("casework:programme-list", allowed=CASE),
    Rule("casework:programme-create", allowed=EDITORS),
    Rule("casework:programme-detail", kwargs={"pk": "cw_programme"}, allowed=CASE),
    Rule("casework:programme-join", kwargs={"pk": "cw_programme"}, allowed=EDITORS),
    Rule("casework:note-list", kwargs={"pk": "cw_participant"}, allowed=NOTE_READERS),
    Rule("casework:admit", kwargs={"pk": "cw_participant"}, allowed=EDITORS),  # can_admit_to_projects
]
