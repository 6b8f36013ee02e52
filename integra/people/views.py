"""Participant registry screens: thin views over `people.services` and `people.queries`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from integra.core.accesslog import log_access
from integra.core.compiled import CompiledQuery
from integra.core.models import AccessLogEntry
from integra.core.permissions import (
    can_admit_to_projects,
    can_edit_participants,
    can_manage_consents,
    can_view_contact_details,
    can_view_participant_record,
    can_view_participants,
    can_view_sensitive,
    is_dpo,
    require,
)
from integra.core.screens import form_page, paginate
from integra.people import queries, services
from integra.people.forms import (
    ConsentForm,
    HouseholdForm,
    ParticipantFilterForm,
    ParticipantForm,
    WithdrawConsentForm,
    member_formset,
)
from integra.people.models import Consent, Household, HouseholdMember, Participant
from integra.people.timeline import rendered_sections


def _page(request: HttpRequest, queryset):
    return paginate(request, queryset, deferred=True)


def _duplicate_of(request: HttpRequest, error: ValidationError) -> Participant | None:
    """The existing person behind a "same PESEL twice" refusal, to link to it."""
    for item in getattr(error, "error_dict", {}).get("pesel", []):
        if item.code == "duplicate":
            return (
                Participant.objects.for_membership(request.membership).filter(pk=item.params["participant_id"]).first()
            )
    return None


FILTERS_SESSION_KEY = "people_list_filters"


@require(can_view_participants)
def participant_list(request: HttpRequest) -> HttpResponse:
    """Search and filters travel by POST and live in the session: a PESEL or surname never enters a URL."""
    if request.method == "POST":
        filters = ParticipantFilterForm(request.POST)
        if filters.is_valid() and request.session.get(FILTERS_SESSION_KEY) != filters.cleaned_data:
            request.session[FILTERS_SESSION_KEY] = filters.cleaned_data  # written only when they change
        if not request.htmx:
            return redirect("people:participant-list")
    else:
        filters = ParticipantFilterForm(request.session.get(FILTERS_SESSION_KEY) or None)
    filters.is_valid()
    people = queries.participant_list(request.membership, **getattr(filters, "cleaned_data", {}))
    context = {
        "filters": filters,
        "page": _page(request, people),
        "sensitive": can_view_sensitive(request.membership),
        "can_edit": can_edit_participants(request.membership),
        "record": can_view_participant_record(request.membership),
        "subject_pages": is_dpo(request.membership),  # the IOD opens a person's data-subject page
    }
    template = "people/_participant_rows.html" if request.htmx else "people/participant_list.html"
    return render(request, template, context)


@require(can_edit_participants)
def participant_create(request: HttpRequest) -> HttpResponse:
    form = ParticipantForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_participant(
                actor=request.membership, data=form.service_data(), groups=form.cleaned_data["groups"]
            )
        except ValidationError as error:
            duplicate = _duplicate_of(request, error)
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant has been registered."))
            return redirect("people:participant-detail", pk=person.pk)
    return render(request, "people/participant_form.html", {"form": form, "duplicate": duplicate})


# The person's page is the screen staff open most: its person is read by SQL compiled once per process.
_person_with_household = CompiledQuery(
    lambda centre, pk: Participant.objects.select_related("household").filter(institution_id=centre, pk=pk)
)


@require(can_view_participant_record)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_with_household.get_for(request.membership, pk=pk)
    log_access(request=request, institution_id=person.institution_id, kind=AccessLogEntry.Kind.VIEW, subject=person)
    contact = can_view_contact_details(request.membership)
    context = {
        "person": person,
        "contact": contact,
        "sensitive": can_view_sensitive(request.membership),
        "can_edit": can_edit_participants(request.membership),
        "can_admit": can_admit_to_projects(request.membership) and not person.anonymised_at,
        "can_consent": can_manage_consents(request.membership),
        "members": queries.household_members(person.household) if contact and person.household else [],
        "consents": queries.consents_of(person),
        "history": queries.history_rows(person, request.membership),
        "timeline_sections": rendered_sections(request.membership, person),
        "consent_form": ConsentForm(),
    }
    return render(request, "people/participant_detail.html", context)


@require(can_edit_participants)
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = Participant.objects.get_for(request.membership, pk=pk)
    form = ParticipantForm(request.POST or None, initial=ParticipantForm.initial_for(person))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                actor=request.membership,
                participant=person,
                version=form.cleaned_data["version"] or 0,
                data=form.service_data(),
                groups=form.cleaned_data["groups"],
            )
        except ValidationError as error:
            duplicate = _duplicate_of(request, error)
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("people:participant-detail", pk=person.pk)
    return render(request, "people/participant_form.html", {"form": form, "person": person, "duplicate": duplicate})


def _person_page(request: HttpRequest, person: Participant) -> tuple[str, int]:
    """Where a consent form goes back to: the person's page, or for the IOD the data-subject page."""
    if can_view_participant_record(request.membership):
        return ("people:participant-detail", person.pk)
    return ("privacy:subject", person.pk)


@require(can_manage_consents)
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Posted from the person's page (or the IOD's data-subject page); a refusal lands on this form with what was
    typed and the reason at its field, never on a page that has forgotten it."""
    person = Participant.objects.get_for(request.membership, pk=pk)
    return form_page(
        request,
        ConsentForm(request.POST if request.method == "POST" else None),
        _("Record a consent"),
        person.full_name,
        lambda data: services.add_consent(actor=request.membership, participant=person, **data),
        _person_page(request, person),
        _("The consent has been recorded."),
    )


@require(can_manage_consents)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = Participant.objects.get_for(request.membership, pk=pk)
    consent = Consent.objects.get_for(request.membership, pk=consent_pk, participant=person)
    return form_page(
        request,
        WithdrawConsentForm(request.POST if request.method == "POST" else None),
        _("Record the withdrawal of a consent"),
        f"{consent.get_purpose_display()} · {person.full_name}",
        lambda data: services.withdraw_consent(actor=request.membership, consent=consent, **data),
        _person_page(request, person),
        _("The withdrawal of the consent has been recorded."),
    )


@require(can_view_contact_details)
def household_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    page = _page(request, queries.household_list(request.membership, q=q))
    context = {"page": page, "q": q, "can_edit": can_edit_participants(request.membership)}
    return render(request, "people/household_list.html", context)


@require(can_view_contact_details)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = Household.objects.get_for(request.membership, pk=pk)
    context = {
        "household": household,
        "members": queries.household_members(household),
        "history": queries.history_rows(household, request.membership),
        "can_edit": can_edit_participants(request.membership),
    }
    return render(request, "people/household_detail.html", context)


def _household_form(request: HttpRequest, household: Household | None) -> HttpResponse:
    initial, members_initial = None, None
    if household is not None:
        initial = {name: getattr(household, name) for name in services.HOUSEHOLD_FIELDS} | {
            "version": household.version
        }
        members_initial = [
            {
                "participant": m.participant_id,
                "first_name": m.first_name,
                "last_name": m.last_name,
                "birth_date": m.birth_date,
                "relation": m.relation,
            }
            for m in queries.household_members(household)
        ]
    form = HouseholdForm(request.POST or None, initial=initial)
    formset = member_formset(request.membership, data=request.POST or None, initial=members_initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if household is None:
                household = services.create_household(
                    actor=request.membership, data=form.cleaned_data, members=formset.members()
                )
            else:
                services.update_household(
                    actor=request.membership,
                    household=household,
                    version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                    members=formset.members(),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The household has been saved."))
            return redirect("people:household-detail", pk=household.pk)
    context = {"form": form, "formset": formset, "household": household, "relations": HouseholdMember.Relation}
    return render(request, "people/household_form.html", context)


@require(can_edit_participants)
def household_create(request: HttpRequest) -> HttpResponse:
    return _household_form(request, None)


@require(can_edit_participants)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _household_form(request, Household.objects.get_for(request.membership, pk=pk))
