import datetime as dt

from integra.core.testing.authz import CASE, EDITORS, MANAGERS, Rule
from integra.people.tests.factories import ParticipantFactory
from integra.recruitment.models import Application
from integra.recruitment.tests.factories import RecruitmentCallFactory


def _application(centre):
    call = RecruitmentCallFactory(project__institution=centre)
    person = ParticipantFactory(institution=centre)
    return Application.objects.create(institution=centre, call=call, participant=person, applied_on=dt.date(2011, 1, 5))


def objects(world):
    a, b = _application(world.a), _application(world.b)
    return {"rc_call": (a.call, b.call), "rc_application": (a, b)}


CALL = {"pk": "rc_call"}
APPLICATION = {"pk": "rc_application"}
RULES = [
    Rule("recruitment:call-list", allowed=CASE),
    Rule("recruitment:call-create", allowed=MANAGERS),
    Rule("recruitment:call-detail", kwargs=CALL, allowed=CASE),
    Rule("recruitment:criterion-add", kwargs=CALL, allowed=MANAGERS),
    Rule("recruitment:application-create", kwargs=CALL, allowed=EDITORS),
    Rule("recruitment:call-qualify", kwargs=CALL, allowed=MANAGERS),
    Rule("recruitment:call-qualify", kwargs=CALL, allowed=MANAGERS, method="POST"),
    Rule("recruitment:call-capacity", kwargs=CALL, allowed=MANAGERS, query="capacity=3"),
    Rule("recruitment:call-capacity", kwargs=CALL, allowed=MANAGERS, method="POST"),
    Rule("recruitment:ranking-pdf", kwargs=CALL, allowed=CASE),
    Rule("recruitment:committee-pdf", kwargs=CALL, allowed=CASE),
    Rule("recruitment:application-detail", kwargs=APPLICATION, allowed=CASE),
    Rule("recruitment:score-award", kwargs=APPLICATION, allowed=EDITORS),
    Rule("recruitment:tie-break", kwargs=APPLICATION, allowed=MANAGERS),
    Rule("recruitment:application-withdraw", kwargs=APPLICATION, allowed=MANAGERS),
]
