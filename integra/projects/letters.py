"""Letters of thanks and certificates issued in bulk to a project's participants, from a template."""

from __future__ import annotations

import datetime as dt
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from integra.core import history
from integra.core.collation import polish
from integra.core.models import HistoryEntry
from integra.core.pdf import EU_FUNDING_NOTICE, Document
from integra.institutions.models import Membership
from integra.projects.models import IssuedLetter, LetterTemplate, Participation, Project

UNKNOWN_PLACEHOLDER = _("Unknown placeholder {%(name)s}. Allowed: %(allowed)s.")
BROKEN_TEMPLATE = _("The text has an unmatched brace; write placeholders as {imie}.")
FORMATTED_PLACEHOLDER = _("%(field)s: write a placeholder as its bare name, e.g. {imie}; formatting, "
                          "conversions, attributes and indexes are not allowed.")
NOBODY_TO_ISSUE = _("Every participant of the project already has this letter.")
EMPTY_FIELD = _("This field is required.")
OTHER_CENTRE = _("This record belongs to another centre.")

_KIND_CODES = {LetterTemplate.Kind.THANKS: "POD", LetterTemplate.Kind.CERTIFICATE: "ZAS"}


def _fields(text: str) -> list[tuple[str, str | None]]:
    """The text's literal parts and placeholder names. Only a bare `{name}` of a documented placeholder is a
    placeholder: a format specification (`{imie:>999999999}` would build a gigabyte), a conversion (`{imie!r}`),
    an attribute or an index (`{imie.__class__}`, `{imie[0]}`) is refused."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(BROKEN_TEMPLATE) from exc
    parts: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (spec or conversion or not name.isidentifier()):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(FORMATTED_PLACEHOLDER, params={"field": shown[:60]})
        if name is not None and name not in LetterTemplate.PLACEHOLDERS:
            raise ValidationError(UNKNOWN_PLACEHOLDER, params={
                "name": name, "allowed": ", ".join("{" + p + "}" for p in LetterTemplate.PLACEHOLDERS)})
        parts.append((literal, name))
    return parts


def check_placeholders(text: str) -> None:
    """Only the documented placeholders, each as a bare `{name}`, may appear in a template's title or body."""
    _fields(text)


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value; re-checked, so a template stored before the
    check was tightened cannot format anything either."""
    return "".join(literal + (values[name] if name is not None else "") for literal, name in _fields(text))


@transaction.atomic
def save_template(*, actor: Membership, template: LetterTemplate | None = None, kind: str, name: str, title: str,
                  body: str, signature: str = "") -> LetterTemplate:
    """Create or change a letter template of the actor's centre."""
    errors = {f: [EMPTY_FIELD] for f, v in (("name", name), ("title", title), ("body", body)) if not (v or "").strip()}
    for field, text in (("title", title), ("body", body)):
        try:
            check_placeholders(text or "")
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if template is not None and template.institution_id != actor.institution_id:
        raise ValidationError(OTHER_CENTRE)
    before = history.snapshot(template) if template else None
    template = template or LetterTemplate(institution_id=actor.institution_id)
    template.kind, template.name, template.title, template.body, template.signature = kind, name, title, body, signature
    template.full_clean()
    template.save()
    history.record(actor=actor, obj=template, action=HistoryEntry.Action.UPDATE if before else HistoryEntry.Action.CREATE,
                   before=before)
    return template


@transaction.atomic
def issue_letters(*, actor: Membership, project: Project, template: LetterTemplate, issued_on: dt.date) -> list[IssuedLetter]:
    """Issue the template's letter to every participant of the project who has not had it yet, numbered in turn."""
    if project.institution_id != actor.institution_id or template.institution_id != actor.institution_id:
        raise ValidationError(OTHER_CENTRE)
    done = IssuedLetter.objects.filter(template=template).values_list("participation_id", flat=True)
    pending = list(
        Participation.objects.filter(project=project).exclude(pk__in=done)
        .select_related("participant")
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "id")
    )
    if not pending:
        raise ValidationError(NOBODY_TO_ISSUE)
    prefix = f"{project.code}/{_KIND_CODES[template.kind]}/{issued_on.year}/"
    taken = IssuedLetter.objects.filter(institution_id=actor.institution_id, number__startswith=prefix).count()
    letters = [
        IssuedLetter(institution_id=actor.institution_id, template=template, participation=p, kind=template.kind,
                     number=f"{prefix}{taken + i:03d}", issued_on=issued_on, issued_by=actor)
        for i, p in enumerate(pending, start=1)
    ]
    IssuedLetter.objects.bulk_create(letters)
    history.record(actor=actor, obj=project, action=HistoryEntry.Action.UPDATE, before={}, after={},
                   comment=f"issued {len(letters)} × {template.get_kind_display()} ({prefix}…)")
    return letters


def letters_pdf(letters: list[IssuedLetter]) -> bytes:
    """One page per letter, in the order given."""
    first = letters[0]
    template, project = first.template, first.participation.project
    centre = project.institution
    doc = Document(title=template.title, footer=centre.name)
    for index, letter in enumerate(letters):
        person = letter.participation.participant
        values = {
            "imie": person.first_name, "nazwisko": person.last_name, "projekt": project.title,
            "kod_projektu": project.code, "osrodek": centre.name, "data": letter.issued_on.strftime("%d.%m.%Y"),
            "poczatek": letter.participation.start_on.strftime("%d.%m.%Y"),
            "koniec": (letter.participation.end_on or project.end_on).strftime("%d.%m.%Y"),
        }
        if index:
            doc.page_break()
        doc.paragraph(f"{centre.name}\n{centre.street}\n{centre.postal_code} {centre.city}".strip(), "small")
        doc.paragraph(f"{centre.city or centre.gmina}, {values['data']}", "small").paragraph(f"Nr {letter.number}", "small")
        doc.spacer(10).paragraph(f"{person.first_name} {person.last_name}").spacer(10)
        doc.heading(fill(template.title, values))
        for block in fill(template.body, values).split("\n\n"):
            doc.paragraph(block).spacer(3)
        doc.spacer(20).paragraph(template.signature or "")
        doc.spacer(10).paragraph(EU_FUNDING_NOTICE, "small")
    return doc.render()

