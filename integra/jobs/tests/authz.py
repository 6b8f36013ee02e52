from integra.core.testing.authz import ALL, Rule
from integra.institutions.tests.factories import MembershipFactory
from integra.jobs.models import Job, JobStatus


def objects(world):
    def job(centre):
        owner = MembershipFactory(institution=centre, role="coordinator")
        return Job.objects.create(
            institution=centre,
            owner=owner.user,
            membership=owner,
            kind="outcomes.sheet_export",
            status=JobStatus.DONE,
            result_file="out/none.csv",
            result_filename="arkusz.csv",
        )

    return {"job": (job(world.a), job(world.b))}


OWNER_ONLY = "a job and its file are its owner's alone: every other user, of the same centre or another, gets 404"

RULES = [
    Rule("jobs:job-list", allowed=ALL, other_centre=False),
    Rule("jobs:job-detail", kwargs={"pk": "job"}, allowed=ALL, ok=frozenset({404}), note=OWNER_ONLY),
    Rule("jobs:job-file", kwargs={"pk": "job"}, allowed=ALL, ok=frozenset({404}), note=OWNER_ONLY),
]
