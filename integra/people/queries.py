"""Reads of the registry that are more than a filter: the list, the detail page, the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from integra.core import phone
from integra.core.collation import polish
from integra.core.compiled import CompiledQuery
from integra.core.history import HistoryRow, actor_name, entries_of
from integra.core.permissions import can_view_contact_details, can_view_participant_record, can_view_sensitive
from integra.people.models import (
    CONTACT_FIELDS,
    Consent,
    EligibilityGroup,
    Household,
    HouseholdMember,
    Participant,
)
from integra.people.services import HOUSEHOLD_FIELDS, SENSITIVE_FIELDS, field_labels


def participant_list(
    membership: Any, *, q: str = "", status: str = "", group: str = "", disability: str = ""
) -> QuerySet:
    """The acting centre's people, searched and filtered, in Polish alphabetical order.

    Filters on special-category data (eligibility group, disability) apply only for roles
    allowed to see it, and the labour-market status only for those who read the record: another role
    cannot learn the answer by filtering.
    """
    people = Participant.objects.for_membership(membership).search(q).select_related("household")
    if status and can_view_participant_record(membership):
        people = people.filter(labour_status=status)
    if can_view_sensitive(membership):
        if group:
            people = people.filter(groups__group=group)
        if disability:
            people = people.filter(disability=disability)
        people = people.with_groups()
    return people.order_by(polish("last_name"), polish("first_name"), "id")


def household_list(membership: Any, *, q: str = "") -> QuerySet:
    """The acting centre's households with their members, in Polish alphabetical order."""
    households = Household.objects.for_membership(membership)
    if q.strip():
        households = households.filter(name__icontains=q.strip())
    members = HouseholdMember.objects.select_related("participant").order_by("relation", "id")
    return households.prefetch_related(Prefetch("members", queryset=members)).order_by(polish("name"), "id")


# The person's page reads these on every view: their SQL is compiled once per process (integra.core.compiled).
_members_of = CompiledQuery(
    lambda household: HouseholdMember.objects.filter(household_id=household).select_related("participant")
)
_consents_of = CompiledQuery(
    lambda participant: Consent.objects.filter(participant_id=participant).order_by("-given_on", "-id")
)


def household_members(household: Household) -> list[HouseholdMember]:
    """Members of one household, the head first."""
    rows = _members_of(household=household.pk)
    for member in rows:
        member.household = household  # as the household's related manager gives them: no query to read it
    return sorted(rows, key=lambda m: (m.relation != HouseholdMember.Relation.HEAD, m.id))


def consents_of(participant: Participant) -> list[Consent]:
    rows = _consents_of(participant=participant.pk)
    for consent in rows:
        consent.participant = participant
    return rows


_PARTICIPANT_FIELDS = {f.name: f for f in Participant._meta.concrete_fields}


def _display(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name == "groups":
        labels = dict(EligibilityGroup.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if name == "phone":
        return phone.display(value)
    if name == "members":
        relations = dict(HouseholdMember.Relation.choices)
        return "; ".join(f"{member} ({relations.get(relation, relation)})" for member, relation in value)
    model_field = _PARTICIPANT_FIELDS.get(name)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def history_rows(obj: Participant | Household, membership: Any) -> list[HistoryRow]:
    """The change history of a participant or household: who, when, old → new values.

    Changes of special-category fields are not shown to roles without `can_view_sensitive`, nor those of the
    address, phone, e-mail and household to roles without `can_view_contact_details`; the row only says how many
    changes were left out.
    """
    if isinstance(obj, Participant):
        labels = field_labels()
    else:
        labels = {name: Household._meta.get_field(name).verbose_name for name in HOUSEHOLD_FIELDS}
        labels["members"] = _("members")
    hidden = set() if can_view_sensitive(membership) else set(SENSITIVE_FIELDS)
    if not can_view_contact_details(membership):
        hidden |= {*CONTACT_FIELDS, "members"}
    rows = []
    for entry in entries_of(obj):
        row = HistoryRow(
            at=entry.at,
            actor=actor_name(entry),
            action=entry.get_action_display(),
            comment=entry.comment,
        )
        for name, (old, new) in entry.changes.items():
            if name not in labels:
                continue
            if name in hidden:
                row.hidden += 1
                continue
            row.changes.append((str(labels[name]), _display(name, old), _display(name, new)))
        rows.append(row)
    return rows
