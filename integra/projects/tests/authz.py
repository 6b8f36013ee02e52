from integra.core.testing.authz import MANAGERS, STAFF, Rule
from integra.projects.models import LetterTemplate
from integra.projects.tests.factories import ProjectFactory


def objects(world):
    templates = tuple(
        LetterTemplate.objects.create(
            institution=c, kind="thanks", name="Podziękowanie", title="Podziękowanie", body="x"
        )
        for c in (world.a, world.b)
    )
    return {
        "pr_project": (ProjectFactory(institution=world.a), ProjectFactory(institution=world.b)),
        "pr_letter_template": templates,
    }


RULES = [
    Rule("projects:project-list", allowed=STAFF),
    Rule("projects:project-create", allowed=MANAGERS),
    Rule("projects:project-detail", kwargs={"pk": "pr_project"}, allowed=STAFF),
    Rule("projects:project-edit", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
    Rule("projects:partner-add", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
    Rule("projects:edition-add", kwargs={"pk": "pr_project"}, allowed=MANAGERS),
    Rule("projects:project-letters", kwargs={"pk": "pr_project"}, allowed=STAFF),
    Rule(
        "projects:letters-pdf",
        kwargs={"pk": "pr_project", "template_pk": "pr_letter_template"},
        allowed=STAFF,
        ok=frozenset({302}),
        note="no letters issued yet: back to the letters page",
    ),
    Rule(
        "projects:letters-undo",
        kwargs={"pk": "pr_project"},
        allowed=MANAGERS,
        method="POST",
        ok=frozenset({302}),
        note="nothing issued to take back: back to the letters page with a message",
    ),
    Rule("projects:letter-templates", allowed=MANAGERS),
    Rule("projects:letter-template-create", allowed=MANAGERS),
    Rule("projects:letter-template-edit", kwargs={"pk": "pr_letter_template"}, allowed=MANAGERS),
]
