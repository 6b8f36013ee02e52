"""Letters of thanks and certificates issued in bulk to a project's participants, from a template."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from integra.core import history, placeholders
from integra.core.collation import polish
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.institutions.models import Membership
from integra.projects.models import IssuedLetter, LetterTemplate, Participation, Project

NOBODY_TO_ISSUE = _("Every participant of the project already has this letter.")
EMPTY_FIELD = _("This field is required.")
ISSUED_COMMENT = _("Issued: %(kind)s, %(first)s – %(last)s")
WITHDRAWN_COMMENT = _("Issue taken back: %(kind)s, %(first)s – %(last)s")
NOTHING_TO_TAKE_BACK = _(
    "These letters can no longer be taken back: later letters were issued after them or they were already taken back."
)

_KIND_CODES = {LetterTemplate.Kind.THANKS: "POD", LetterTemplate.Kind.CERTIFICATE: "ZAS"}


def check_placeholders(text: str) -> None:
    """Only the documented placeholders, each as a bare `{name}`, may appear in a template's title or body."""
    placeholders.check(text, LetterTemplate.PLACEHOLDERS)


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value (integra.core.placeholders: no format specs)."""
    return placeholders.fill(text, values, LetterTemplate.PLACEHOLDERS)


@transaction.atomic
def save_template(
    *,
    actor: Membership,
    template: LetterTemplate | None = None,
    kind: str,
    name: str,
    title: str,
    body: str,
    signature: str = "",
) -> LetterTemplate:
    """Create or change a letter template of the actor's centre."""
    errors = {f: [EMPTY_FIELD] for f, v in (("name", name), ("title", title), ("body", body)) if not (v or "").strip()}
    for field, text in (("title", title), ("body", body)):
        try:
            check_placeholders(text or "")
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    ensure_same_centre(actor, template)
    before = history.snapshot(template) if template else None
    template = template or LetterTemplate(institution_id=actor.institution_id)
    template.kind, template.name, template.title, template.body, template.signature = kind, name, title, body, signature
    template.full_clean()
    template.save()
    history.record(
        actor=actor,
        obj=template,
        action=HistoryEntry.Action.UPDATE if before else HistoryEntry.Action.CREATE,
        before=before,
    )
    return template


@transaction.atomic
def issue_letters(
    *, actor: Membership, project: Project, template: LetterTemplate, issued_on: dt.date
) -> list[IssuedLetter]:
    """Issue the template's letter to every participant of the project who has not had it yet, numbered in turn."""
    ensure_same_centre(actor, project, template)
    done = IssuedLetter.objects.filter(template=template).values_list("participation_id", flat=True)
    pending = list(
        Participation.objects.filter(project=project)
        .exclude(pk__in=done)
        .select_related("participant")
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "id")
    )
    if not pending:
        raise ValidationError(NOBODY_TO_ISSUE)
    prefix = f"{project.code}/{_KIND_CODES[template.kind]}/{issued_on.year}/"
    taken = IssuedLetter.objects.filter(institution_id=actor.institution_id, number__startswith=prefix).count()
    letters = [
        IssuedLetter(
            institution_id=actor.institution_id,
            template=template,
            participation=p,
            kind=template.kind,
            number=f"{prefix}{taken + i:03d}",
            issued_on=issued_on,
            issued_by=actor,
        )
        for i, p in enumerate(pending, start=1)
    ]
    IssuedLetter.objects.bulk_create(letters)
    # One entry for the batch (who, when, which numbers): what `withdraw_letters` takes back.
    history.record(
        actor=actor,
        obj=project,
        action=HistoryEntry.Action.UPDATE,
        before={"letters": []},
        after={"letters": [letter.number for letter in letters]},
        comment=str(ISSUED_COMMENT)
        % {"kind": template.get_kind_display(), "first": letters[0].number, "last": letters[-1].number},
    )
    return letters


def last_issue(project: Project) -> HistoryEntry | None:
    """The newest batch of letters issued in the project, while it is still the newest change of its letters."""
    entry = history.for_object(project).filter(action=HistoryEntry.Action.UPDATE).first()
    if entry is None or set(entry.changes) != {"letters"} or not entry.changes["letters"][1]:
        return None
    return entry


@transaction.atomic
def withdraw_letters(*, actor: Membership, project: Project, entry_id: int) -> int:
    """Take back the batch just issued („Cofnij”): its letters are removed and their numbers free again.

    Only the newest batch of the project, and only while no letter was numbered after it in the same series, so
    numbering stays unbroken; recorded in the project's history like the issue itself. Returns how many."""
    ensure_same_centre(actor, project)
    Project.objects.select_for_update().get(pk=project.pk)
    entry = last_issue(project)
    if entry is None or entry.pk != entry_id:
        raise ValidationError(NOTHING_TO_TAKE_BACK, code="nothing_to_undo")
    numbers = entry.changes["letters"][1]
    batch = IssuedLetter.objects.filter(institution_id=actor.institution_id, number__in=numbers)
    prefix = numbers[0].rsplit("/", 1)[0] + "/"
    newest = IssuedLetter.objects.filter(institution_id=actor.institution_id, number__startswith=prefix)
    last = max(batch.values_list("pk", flat=True), default=None)
    if last is None or batch.count() != len(numbers) or newest.filter(pk__gt=last).exists():
        raise ValidationError(NOTHING_TO_TAKE_BACK, code="nothing_to_undo")
    kind = batch.first().get_kind_display()
    batch.delete()
    history.record(
        actor=actor,
        obj=project,
        action=HistoryEntry.Action.UPDATE,
        before={"letters": numbers},
        after={"letters": []},
        comment=str(WITHDRAWN_COMMENT) % {"kind": kind, "first": numbers[0], "last": numbers[-1]},
    )
    return len(numbers)


def letters_pdf(letters: list[IssuedLetter]) -> bytes:
    """One page per letter, in the order given."""
    first = letters[0]
    template, project = first.template, first.participation.project
    centre = project.institution
    doc = Document(title=template.title, footer=centre.name)
    for index, letter in enumerate(letters):
        person = letter.participation.participant
        values = {
            "imie": person.first_name,
            "nazwisko": person.last_name,
            "projekt": project.title,
            "kod_projektu": project.code,
            "osrodek": centre.name,
            "data": letter.issued_on.strftime("%d.%m.%Y"),
            "poczatek": letter.participation.start_on.strftime("%d.%m.%Y"),
            "koniec": (letter.participation.end_on or project.end_on).strftime("%d.%m.%Y"),
        }
        if index:
            doc.page_break()
        doc.paragraph(f"{centre.name}\n{centre.street}\n{centre.postal_code} {centre.city}".strip(), "small")
        doc.paragraph(f"{centre.city or centre.gmina}, {values['data']}", "small").paragraph(
            f"Nr {letter.number}", "small"
        )
        doc.spacer(10).paragraph(f"{person.first_name} {person.last_name}").spacer(10)
        doc.heading(fill(template.title, values))
        for block in fill(template.body, values).split("\n\n"):
            doc.paragraph(block).spacer(3)
        doc.spacer(20).paragraph(template.signature or "")
        doc.spacer(10).paragraph(EU_FUNDING_NOTICE, "small")
    return doc.render()
