from integra.core.testing.authz import MANAGERS, STAFF, Rule
from integra.core.testing.factories import ProjectFactory


def objects(world):
    return {"pr_project": (ProjectFactory(institution=world.a), ProjectFactory(institution=world.b))}


RULES = [
    Rule("projects:project-list", allowed=STAFF),
    Rule("projects:project-create", allowed=MANAGERS),
    Rule("projects:project-detail", kwargs={"pk": "pr_project"}, allowed=STAFF),
    Rule("projects:project-edit", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
    Rule("projects:partner-add", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
    Rule("projects:edition-add", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
]
