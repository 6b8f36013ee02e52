from django.utils import timezone

from integra.core.testing.authz import ALL, CASE, MANAGERS, SPECIALISTS, STAFF, Rule
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory
from integra.projects.tests.factories import ProjectFactory
from integra.support.models import Consultation, Event, Instrument, Referral
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

RECORDERS = frozenset({"administrator", "coordinator", "social_worker"}) | SPECIALISTS
ADMINS = frozenset({"administrator"})


def _pair(factory, world, **kw):
    return factory(institution=world.a, **kw), factory(institution=world.b, **kw)


def objects(world):
    projects = ProjectFactory(institution=world.a), ProjectFactory(institution=world.b)
    activities = tuple(ActivityFactory(project=p) for p in projects)
    # Today, so that the timetable's week (this week by default) shows it and the walk sees its links.
    sessions = tuple(SessionFactory(activity=a, date=timezone.localdate()) for a in activities)
    enrolments = tuple(EnrolmentFactory(activity=a) for a in activities)
    instruments = tuple(
        Instrument.objects.create(institution=c, code="own-workshop", name="Warsztaty własne", group="social")
        for c in (world.a, world.b)
    )
    people = _pair(ParticipantFactory, world)
    referrals = tuple(
        Referral.objects.create(
            institution=p.institution, participant=p, date=projects[0].start_on, destination_kind="cis"
        )
        for p in people
    )
    consultations = tuple(
        Consultation.objects.create(
            institution=p.institution,
            participant=p,
            specialist=MembershipFactory(institution=p.institution),
            specialty="psychologist",
            date=projects[0].start_on,
            duration_minutes=45,
            topic="Rozmowa",
        )
        for p in people
    )
    events = tuple(
        Event.objects.create(institution=c, kind="festyn", title="Festyn", date=projects[0].start_on)
        for c in (world.a, world.b)
    )
    _pair(HouseholdFactory, world)
    objs = {
        "activity": activities,
        "session": sessions,
        "enrolment": enrolments,
        "instrument": instruments,
        "participant": people,
        "referral": referrals,
        "consultation": consultations,
        "event": events,
    }
    return {f"support_{key}": value for key, value in objs.items()}


RULES = [
    Rule("support:instrument-list", allowed=STAFF),
    Rule("support:instrument-create", allowed=ADMINS),
    Rule("support:instrument-edit", kwargs={"pk": "support_instrument"}, allowed=ADMINS),
    Rule(
        "support:instrument-delete",
        kwargs={"pk": "support_instrument"},
        allowed=ADMINS,
        method="POST",
        ok=frozenset({302}),
    ),
    Rule("support:activity-list", allowed=STAFF),
    Rule("support:activity-summary", allowed=STAFF),
    Rule("support:activity-create", allowed=MANAGERS),
    Rule("support:activity-detail", kwargs={"pk": "support_activity"}, allowed=STAFF),
    Rule("support:activity-edit", kwargs={"pk": "support_activity"}, allowed=MANAGERS),
    Rule("support:enrolment-create", kwargs={"pk": "support_activity"}, allowed=MANAGERS),
    Rule("support:session-create", kwargs={"pk": "support_activity"}, allowed=MANAGERS),
    Rule("support:attendance-sheet", kwargs={"pk": "support_activity"}, allowed=STAFF),
    Rule("support:enrolment-end", kwargs={"pk": "support_enrolment"}, allowed=MANAGERS),
    Rule("support:session-edit", kwargs={"pk": "support_session"}, allowed=MANAGERS),
    Rule(
        "support:attendance",
        kwargs={"pk": "support_session"},
        allowed=RECORDERS,
        ok=frozenset({200, 403}),
        note="specialists and social workers mark only sessions they run (403 here: the session has no staff "
        "member); test_views pins 200 for managers and the session's own staff member",
    ),
    Rule(
        "support:attendance-undo",
        kwargs={"pk": "support_session"},
        allowed=RECORDERS,
        method="POST",
        ok=frozenset({302, 403}),
        note="as support:attendance: 403 for a specialist or social worker who does not run the session; an empty "
        "form is sent back to the list with a message (302)",
    ),
    Rule("support:timetable", allowed=STAFF),
    Rule("support:consultation-list", allowed=CASE),
    Rule("support:consultation-create", allowed=RECORDERS),
    Rule("support:consultation-detail", kwargs={"pk": "support_consultation"}, allowed=CASE),
    Rule("support:internship-list", allowed=CASE),
    Rule("support:internship-create", allowed=RECORDERS),
    Rule("support:community-work-list", allowed=CASE),
    Rule("support:community-work-create", allowed=RECORDERS),
    Rule("support:referral-list", allowed=CASE),
    Rule("support:referral-create", allowed=RECORDERS),
    Rule("support:referral-result", kwargs={"pk": "support_referral"}, allowed=RECORDERS),
    Rule("support:visit-list", allowed=CASE),
    Rule(
        "support:visit-create",
        allowed=MANAGERS | {"social_worker"},
        note="and family assistants (can_record_family_visits; the matrix's specialists are not)",
    ),
    Rule("support:event-list", allowed=STAFF),
    Rule("support:event-create", allowed=MANAGERS),
    Rule("support:event-detail", kwargs={"pk": "support_event"}, allowed=STAFF),
    Rule("support:event-edit", kwargs={"pk": "support_event"}, allowed=MANAGERS),
    Rule("support:participant-support", kwargs={"pk": "support_participant"}, allowed=CASE),
]

# Work without a connection (issue 27): served from the site root.
RULES += [
    Rule(
        "offline:service-worker",
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note="public: the service worker's script holds no data (a worker must load without a redirect)",
    ),
    Rule(
        "offline:manifest",
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note="public: browsers fetch the web app manifest without the session cookie",
    ),
    Rule(
        "offline:jsi18n",
        allowed=ALL,
        anonymous=frozenset({200}),
        other_centre=False,
        note="public: the support app's translations for offline.js",
    ),
    Rule("offline:start", allowed=RECORDERS, other_centre=False),
    Rule("offline:state", allowed=RECORDERS, other_centre=False),
]
