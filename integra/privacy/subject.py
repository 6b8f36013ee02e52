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
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from integra.casework.models import SocialContract
from integra.core.accesslog import document_label
from integra.core.formats import local
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.core.pdf import Document
from integra.core.roles import Role
from integra.core.templatetags.integra import format_cell, format_date, format_money
from integra.outcomes.models import FollowUp
from integra.people.models import Participant
from integra.projects.models import PersonYear
from integra.support.queries import instrument_names

MAX_DEPTH = 3
# Rows about the person that the walk must not treat as "their" data tables. `PersonYear` is a count the database
# derives from the person's participations (integra.projects.counts), which the walk reaches themselves.
NOT_PERSONAL = {HistoryEntry, AccessLogEntry, PersonYear}


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
        q |= models.Q(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(qs.values_list("pk", flat=True))
        )
    return HistoryEntry.objects.filter(institution_id=participant.institution_id).filter(q).order_by("at", "id")


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return local(value).isoformat()  # the centre's clock, with its offset: 2026-03-29T03:00:00+02:00
    if isinstance(value, dt.date):
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


# Columns only the system uses: left out of the letter (dane.pdf) and explained in dane.json's "labels".
TECHNICAL_LABELS = {
    "id": gettext_lazy("number of the record in Integra"),
    "institution": gettext_lazy("the centre that keeps the record"),
    "created_at": gettext_lazy("entered on"),
    "updated_at": gettext_lazy("last changed on"),
    "version": gettext_lazy("number of saved changes of the record"),
    "last_name_key": gettext_lazy("surname as kept for searching"),
    "anonymised_at": gettext_lazy("anonymised on"),
}
NUMBER_IN_INTEGRA = gettext_lazy("%(field)s – its number in Integra")


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _membership(m: Any) -> str:
    role = m.get_specialty_display() if m.role == Role.SPECIALIST and m.specialty else m.get_role_display()
    return f"{_name(m.user)} ({role})"


# How a row another record points at is named to the person: a name, never a number of the database.
REFERENCES: dict[str, Callable[[Any], str]] = {
    "institutions.membership": _membership,
    settings.AUTH_USER_MODEL.lower(): _name,
    "projects.participation": lambda p: str(p.project),
    "recruitment.application": lambda a: f"{a.call} ({a.call.project.code})" if a.call.project_id else str(a.call),
    "people.householdmember": lambda m: m.display_name,
    "casework.contractstage": lambda s: _("stage %(order)s: %(goal)s") % {"order": s.order, "goal": s.goal},
    "casework.individualplan": lambda p: _("plan drawn up on %(day)s") % {"day": format_date(p.drawn_up_on)},
}
_TECHNICAL_NAME = re.compile(r"\w+ object \(\d+\)")


def reference(obj: models.Model) -> str:
    """The name of a row another record points at („FEPK.07.15-IP.01-0042/25 — Aktywni razem”, „Anna Nowak
    (pracownik socjalny)”), as the person would recognise it."""
    named = REFERENCES.get(obj._meta.label_lower)
    text = named(obj) if named else str(obj)
    if _TECHNICAL_NAME.fullmatch(text):
        return f"{obj._meta.verbose_name} nr {obj.pk}"
    return text


def _instrument_names(obj: Any, codes: list[str]) -> str:
    return ", ".join(instrument_names(obj.institution_id, codes))


def _contract_changes(obj: Any, changes: dict[str, Any]) -> str:
    fields = {f.name: f for f in SocialContract._meta.concrete_fields}
    return "; ".join(
        f"{fields[name].verbose_name if name in fields else name}: {_text(old)} → {_text(new)}"
        for name, (old, new) in changes.items()
    )


# Values that are codes of something kept elsewhere: named here (the catalogue's names, a contract's field names).
VALUE_NAMES: dict[tuple[str, str], Callable[[Any, Any], str]] = {
    ("outreach.message", "follow_up_kind"): lambda obj, code: str(dict(FollowUp.Kind.choices).get(code, code)),
    ("casework.individualplan", "planned_instruments"): _instrument_names,
    ("casework.contractmodification", "changes"): _contract_changes,
}


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of a record the letter shows: not the technical ones, not derived ones, not the link back to
    the person the whole letter is about."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in TECHNICAL_LABELS
        and field.editable
        and not (field.is_relation and field.related_model is Participant)
    ]


def _text(value: Any) -> str:
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return format_date(value)  # a moment on the centre's clock
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, decimal.Decimal | float | int):
        return format_cell(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def field_text(obj: models.Model, field: models.Field) -> str:
    """One value as the person reads it: a name for a reference, the label of a choice, Polish dates and numbers."""
    value = getattr(obj, field.attname)
    if value is None or value in ("", [], {}):
        return "—"
    named = VALUE_NAMES.get((obj._meta.label_lower, field.name))
    if named:
        return named(obj, value)
    if field.is_relation:
        return reference(getattr(obj, field.name))
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")()) or "—"
    if isinstance(field, models.DecimalField) and field.name == "amount":
        return format_money(value)
    return _text(value)


def row_display(obj: models.Model) -> list[tuple[str, str]]:
    """Readable (label, value) pairs of one record, in Polish, without the system's own columns."""
    return [(str(field.verbose_name), field_text(obj, field)) for field in shown_fields(type(obj))]


def row_data(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a row (foreign keys by id, each beside the name of what it points at)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = plain(getattr(obj, field.attname))
        if field.is_relation and field.name != "institution" and field.related_model is not Participant:
            target = getattr(obj, field.name)
            data[field.name] = reference(target) if target is not None else None
    return data


def labels_of(model: type[models.Model]) -> dict[str, Any]:
    """What each key of the model's rows in dane.json means, in Polish."""
    fields: dict[str, str] = {}
    for field in model._meta.concrete_fields:
        label = str(TECHNICAL_LABELS.get(field.name, field.verbose_name))
        if field.is_relation:
            fields[field.attname] = NUMBER_IN_INTEGRA % {"field": label}
            if field.name != "institution" and field.related_model is not Participant:
                fields[field.name] = label
        else:
            fields[field.attname] = label
    return {"name": holding_name(model) if model is not Participant else str(_("personal details")), "fields": fields}


def collect(participant: Participant) -> dict[str, Any]:
    """The machine-readable package: the person's row, every personal row, links, consents, history, access log,
    and `labels`: what every key means, in Polish."""
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
    labels = {model._meta.label_lower: labels_of(model) for model in (Participant, *rows)}
    for model, _name_field in shared_models():
        labels.setdefault(model._meta.label_lower, {"name": holding_name(model), "fields": {}})
    history = list(history_of(participant, rows).select_related("content_type", "actor"))
    log = AccessLogEntry.objects.filter(
        institution_id=participant.institution_id, subject_type="people.participant", subject_id=participant.pk
    ).select_related("user")
    return {
        "format": "integra-subject-access/1",
        "generated_at": timezone.now().isoformat(),
        "institution": {"id": participant.institution_id, "name": participant.institution.name},
        "participant": row_data(participant),
        "linked": own_links,
        "records": {model._meta.label_lower: [row_data(o) for o in qs] for model, qs in rows.items()},
        "listed_in": shared,
        "history": [
            {
                "at": plain(h.at),
                "action": h.action,
                "action_label": h.get_action_display(),
                "model": h.content_type.model,
                "record": _holding_of(h.content_type),
                "object_id": h.object_id,
                "changes": h.changes,
                "comment": h.comment,
                "by": _name(h.actor) if h.actor else "",
            }
            for h in history
        ],
        "access_log": [
            {
                "at": plain(e.at),
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "user": e.user.get_username() if e.user else "",
                "by": _name(e.user) if e.user else "",
                "what": e.what,
                "document": document_label(e.what, e.kind),
            }
            for e in log
        ],
        "labels": {
            "records": labels,
            "history": {key: str(label) for key, label in HISTORY_LABELS.items()},
            "access_log": {key: str(label) for key, label in ACCESS_LOG_LABELS.items()},
        },
    }


HISTORY_LABELS = {
    "at": gettext_lazy("when"),
    "action": gettext_lazy("kind of change (code)"),
    "action_label": gettext_lazy("kind of change"),
    "model": gettext_lazy("kind of record (code)"),
    "record": gettext_lazy("kind of record"),
    "object_id": gettext_lazy("number of the record in Integra"),
    "changes": gettext_lazy(
        "changed fields: the key of each field (see the labels of its kind of record) with its value before and after"
    ),
    "comment": gettext_lazy("comment"),
    "by": gettext_lazy("who"),
}
ACCESS_LOG_LABELS = {
    "at": gettext_lazy("when"),
    "kind": gettext_lazy("kind of access (code)"),
    "kind_label": gettext_lazy("kind of access"),
    "user": gettext_lazy("user name"),
    "by": gettext_lazy("who"),
    "what": gettext_lazy("document (code)"),
    "document": gettext_lazy("document"),
}


def _holding_of(content_type: ContentType) -> str:
    model = content_type.model_class()
    if model is None:
        return content_type.model
    return str(_("personal details")) if model is Participant else holding_name(model)


COLUMNS_IN_ONE_TABLE = 4


def _pdf(participant: Participant, data: dict[str, Any], rows: dict[type[models.Model], models.QuerySet]) -> bytes:
    title = _("Personal data held by %(centre)s") % {"centre": participant.institution.name}
    doc = Document(title=title)
    doc.heading(title)
    doc.paragraph(
        _("Prepared on %(day)s in answer to a request under Article 15 of the GDPR.")
        % {"day": timezone.localdate().strftime("%d.%m.%Y")}
    )
    doc.heading(_("Personal details"), level=2)
    doc.table([_("field"), _("value")], row_display(participant), col_widths_mm=[60, 120])
    for model, qs in rows.items():
        doc.heading(holding_name(model).capitalize(), level=2)
        fields = shown_fields(model)
        if len(fields) <= COLUMNS_IN_ONE_TABLE:  # many short records (attendance): one row each
            widths = [180 / len(fields)] * len(fields)
            rows_of_model = [[field_text(obj, field) for field in fields] for obj in qs]
            doc.table([str(field.verbose_name) for field in fields], rows_of_model, col_widths_mm=widths)
            continue
        for obj in qs:
            doc.table([_("field"), _("value")], row_display(obj), col_widths_mm=[60, 120])
            doc.spacer(2)
    if data["listed_in"]:
        doc.heading(_("Listed in"), level=2)
        listed = [
            [data["labels"]["records"][key]["name"], item["name"]]
            for key, items in data["listed_in"].items()
            for item in items
        ]
        doc.table([_("register"), _("entry")], listed, col_widths_mm=[60, 120])
    doc.heading(_("Who looked at the data"), level=2)
    entries = AccessLogEntry.objects.filter(
        institution_id=participant.institution_id, subject_type="people.participant", subject_id=participant.pk
    ).select_related("user")
    log = [
        [
            format_date(e.at),
            _name(e.user) if e.user else "—",
            e.get_kind_display(),
            document_label(e.what, e.kind),
        ]
        for e in entries
    ]
    if log:
        doc.table([_("when"), _("who"), _("kind"), _("document")], log, col_widths_mm=[32, 40, 50, 58])
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
