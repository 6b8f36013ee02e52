"""Everything Integra holds about one person, found generically through Django's model meta.

`personal_models()` walks every installed model with a foreign key to `people.Participant`, then
every model with a foreign key to those (children such as a contract's stages or a
participation's results), so a new app's tables are covered without touching this module.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from integra.core.models import AccessLogEntry, HistoryEntry
from integra.core.pdf import Document
from integra.people.models import Participant

MAX_DEPTH = 3
# Rows about the person that the walk must not treat as "their" data tables.
NOT_PERSONAL = {HistoryEntry, AccessLogEntry}


@dataclass(frozen=True)
class Edge:
    """`model.field` points at rows of `parent` that belong to the person."""

    model: type[models.Model]
    field: str
    parent: type[models.Model]
    depth: int


# What the DPO's page and the subject's PDF call each kind of record, where the model's own plural name is not
# Polish (Django adds an "s" to a Polish singular, or the model has no Polish name at all).
HOLDING_NAMES = {
    "people.participantgroup": pgettext_lazy("holdings", "eligibility groups"),
    "people.householdmember": pgettext_lazy("holdings", "household memberships"),
    "people.consent": pgettext_lazy("holdings", "consents"),
    "projects.projectedition": pgettext_lazy("holdings", "project editions"),
    "projects.projectpartner": pgettext_lazy("holdings", "project partners"),
    "recruitment.manualscore": pgettext_lazy("holdings", "scores given by the committee"),
    "casework.contractmember": pgettext_lazy("holdings", "family members in contracts"),
    "casework.contractstage": pgettext_lazy("holdings", "contract stages"),
    "casework.contractobligation": pgettext_lazy("holdings", "contract obligations"),
    "casework.contractmodification": pgettext_lazy("holdings", "contract modifications"),
    "casework.contractstatuschange": pgettext_lazy("holdings", "contract status changes"),
    "casework.planreview": pgettext_lazy("holdings", "IPD reviews"),
    "casework.programmeparticipant": pgettext_lazy("holdings", "PAL participation"),
    "outcomes.exit": pgettext_lazy("holdings", "exits from projects"),
    "outcomes.followup": pgettext_lazy("holdings", "follow-ups after exit"),
}


def holding_name(model: type[models.Model]) -> str:
    """The Polish plural name of a kind of record held about a person."""
    return str(HOLDING_NAMES.get(model._meta.label_lower, model._meta.verbose_name_plural))


@functools.cache
def personal_models() -> tuple[Edge, ...]:
    """Foreign-key edges from Participant outwards, breadth-first, each model once."""
    edges: list[Edge] = []
    frontier: set[type[models.Model]] = {Participant}
    seen: set[type[models.Model]] = {Participant}
    for depth in range(MAX_DEPTH):
        found: set[type[models.Model]] = set()
        for model in apps.get_models():
            if model in NOT_PERSONAL or model in seen:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.many_to_one | field.one_to_one and field.related_model in frontier:
                    edges.append(Edge(model, field.name, field.related_model, depth))
                    found.add(model)
        seen |= found
        frontier = found
        if not found:
            break
    return tuple(edges)


def shared_models() -> list[tuple[type[models.Model], str]]:
    """Many-to-many links to Participant (events, local programmes): shared rows the person is listed in."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.many_to_many
        if field.related_model is Participant
    ]


def rows_of(participant: Participant) -> dict[type[models.Model], models.QuerySet]:
    """For each personal model, the queryset of the person's rows (children through their parents)."""
    pks: dict[type[models.Model], set[Any]] = {Participant: {participant.pk}}
    result: dict[type[models.Model], models.QuerySet] = {}
    for edge in personal_models():
        parent_pks = pks.get(edge.parent, set())
        if not parent_pks:
            continue
        qs = edge.model._default_manager.filter(**{f"{edge.field}__in": parent_pks})
        existing = pks.setdefault(edge.model, set())
        new = set(qs.values_list("pk", flat=True))
        existing |= new
    for model, ids in pks.items():
        if model is not Participant and ids:
            result[model] = model._default_manager.filter(pk__in=ids).order_by("pk")
    return result


def history_of(participant: Participant, rows: dict[type[models.Model], models.QuerySet]) -> models.QuerySet:
    """History entries of the person's row and of every personal row."""
    q = models.Q(content_type=ContentType.objects.get_for_model(Participant), object_id=participant.pk)
    for model, qs in rows.items():
        q |= models.Q(content_type=ContentType.objects.get_for_model(model), object_id__in=list(qs.values_list("pk", flat=True)))
    return HistoryEntry.objects.filter(institution_id=participant.institution_id).filter(q).order_by("at", "id")


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def row_data(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a row (foreign keys by id)."""
    return {field.attname: plain(getattr(obj, field.attname)) for field in obj._meta.concrete_fields}


def row_display(obj: models.Model) -> list[tuple[str, str]]:
    """Readable (label, value) pairs: choice labels instead of codes, dates dd.mm.rrrr."""
    pairs = []
    for field in obj._meta.concrete_fields:
        if field.name in {"institution", "id"}:
            continue
        value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.attname)
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) else value.strftime("%d.%m.%Y %H:%M")
        elif isinstance(value, dt.date):
            value = value.strftime("%d.%m.%Y")
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        pairs.append((str(field.verbose_name), "" if value is None else str(plain(value))))
    return pairs


def collect(participant: Participant) -> dict[str, Any]:
    """The machine-readable package: the person's row, every personal row, links, consents, history, access log."""
    rows = rows_of(participant)
    shared = {}
    for model, name in shared_models():
        linked = model._default_manager.filter(**{name: participant}).order_by("pk")
        if linked.exists():
            shared[model._meta.label_lower] = [{"id": o.pk, "name": str(o)} for o in linked]
    own_links = {}
    for field in Participant._meta.concrete_fields:
        target = getattr(participant, field.name) if field.is_relation and field.name != "institution" else None
        if target is not None:
            own_links[field.name] = {"model": target._meta.label_lower, **row_data(target)}
    return {
        "format": "integra-subject-access/1",
        "generated_at": timezone.now().isoformat(),
        "institution": {"id": participant.institution_id, "name": participant.institution.name},
        "participant": row_data(participant),
        "linked": own_links,
        "records": {model._meta.label_lower: [row_data(o) for o in qs] for model, qs in rows.items()},
        "listed_in": shared,
        "history": [
            {"at": plain(h.at), "action": h.action, "model": h.content_type.model, "object_id": h.object_id,
             "changes": h.changes, "comment": h.comment}
            for h in history_of(participant, rows).select_related("content_type")
        ],
        "access_log": [
            {"at": plain(e.at), "kind": e.kind, "user": e.user.get_username() if e.user else "", "what": e.what}
            for e in AccessLogEntry.objects.filter(
                institution_id=participant.institution_id, subject_type="people.participant", subject_id=participant.pk
            ).select_related("user")
        ],
    }


def _pdf(participant: Participant, data: dict[str, Any], rows: dict[type[models.Model], models.QuerySet]) -> bytes:
    title = _("Personal data held by %(centre)s") % {"centre": participant.institution.name}
    doc = Document(title=title)
    doc.heading(title)
    doc.paragraph(_("Prepared on %(day)s in answer to a request under Article 15 of the GDPR.")
                  % {"day": timezone.localdate().strftime("%d.%m.%Y")})
    doc.heading(_("Personal details"), level=2)
    doc.table([_("field"), _("value")], row_display(participant), col_widths_mm=[60, 120])
    for model, qs in rows.items():
        doc.heading(holding_name(model).capitalize(), level=2)
        for obj in qs:
            doc.table([_("field"), _("value")], row_display(obj), col_widths_mm=[60, 120])
            doc.spacer(2)
    if data["listed_in"]:
        doc.heading(_("Listed in"), level=2)
        listed = [[k, i["name"]] for k, items in data["listed_in"].items() for i in items]
        doc.table([_("register"), _("entry")], listed, col_widths_mm=[60, 120])
    doc.heading(_("Who looked at the data"), level=2)
    log = [[e["at"][:16].replace("T", " "), e["user"], e["kind"], e["what"]] for e in data["access_log"]]
    if log:
        doc.table([_("when"), _("user"), _("kind"), _("document")], log, col_widths_mm=[35, 40, 40, 65])
    else:
        doc.paragraph(_("no entries"))
    return doc.render()


def package(participant: Participant) -> bytes:
    """One ZIP: `dane.pdf` (readable) and `dane.json` (machine-readable)."""
    rows = rows_of(participant)
    data = collect(participant)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dane.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("dane.pdf", _pdf(participant, data, rows))
    return buffer.getvalue()


def iter_personal_rows(participant: Participant) -> Iterator[models.Model]:
    for qs in rows_of(participant).values():
        yield from qs
