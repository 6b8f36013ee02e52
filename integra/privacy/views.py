"""The data protection officer's screens: access log, consents, one person's data and rights.

No PESEL ever travels in a URL: PESEL searches are POSTed and answered with a page or a redirect
to a numeric id.
"""

from __future__ import annotations

import io

from django.apps import apps
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from integra.core.accesslog import log_access
from integra.core.exports import download_name
from integra.core.models import AccessLogEntry
from integra.core.permissions import is_dpo, require
from integra.core.screens import form_page, paginate
from integra.people.forms import ConsentForm
from integra.people.models import Consent, Participant
from integra.privacy import queries, services, subject
from integra.privacy.forms import (
    NOBODY_FOUND,
    AccessLogFilter,
    AnonymiseForm,
    ConsentFilter,
    PersonQueryForm,
    WithdrawForm,
)

ANONYMISED = _("The person has been anonymised: their identifiers and notes are removed, the indicators stay.")
WITHDRAWN = _("The consent has been withdrawn; the processing it covered has stopped.")
PEOPLE_SHOWN = 50  # matches of a search listed at once; more ask for a narrower search


@require(is_dpo)
@require_http_methods(["GET", "POST"])
def access_log(request: HttpRequest) -> HttpResponse:
    """Who looked at what. A search by person (surname, PESEL) is POSTed; the result links by numeric id only."""
    form = AccessLogFilter(request.GET or None, membership=request.membership)
    person_form = PersonQueryForm(request.POST or None)
    filters: dict = {}
    status = 200
    if request.method == "POST":
        if person_form.is_valid():
            found = queries.people_matching(request.membership, person_form.cleaned_data["person"])
            filters["subject_ids"] = list(found.values_list("pk", flat=True)[:PEOPLE_SHOWN])
        else:
            filters["subject_ids"], status = [], 400
    elif form.is_valid():
        data = form.cleaned_data
        filters = {
            "user": data["user"],
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
        if data["participant"]:
            filters["subject_ids"] = [data["participant"]]
    elif form.is_bound:
        status = 400
    entries = queries.access_log(request.membership, **filters) if status == 200 else AccessLogEntry.objects.none()
    page = paginate(request, entries)
    page.object_list = queries.describe_entries(request.membership, page.object_list)
    context = {
        "form": form,
        "person_form": person_form,
        "page": page,
    }
    return render(request, "privacy/access_log.html", context, status=status)


@require(is_dpo)
def consent_list(request: HttpRequest) -> HttpResponse:
    form = ConsentFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = queries.consents(request.membership, purpose=data.get("purpose", ""), withdrawn=data.get("withdrawn", ""))
    return render(
        request,
        "privacy/consent_list.html",
        {"form": form, "page": paginate(request, rows), "effects": services.PURPOSE_EFFECTS},
    )


@require(is_dpo)
@require_http_methods(["GET", "POST"])
def subject_find(request: HttpRequest) -> HttpResponse:
    """Find the person of a data-subject request by surname, PESEL or internal number (POSTed, never in the URL):
    one match opens their page, several are listed with what tells them apart."""
    form = PersonQueryForm(request.POST or None)
    found: list[Participant] = []
    if request.method == "POST" and form.is_valid():
        found = list(queries.people_matching(request.membership, form.cleaned_data["person"])[: PEOPLE_SHOWN + 1])
        if len(found) == 1:
            return redirect("privacy:subject", pk=found[0].pk)
        if not found:
            form.add_error(None, NOBODY_FOUND)
    context = {"form": form, "found": found[:PEOPLE_SHOWN], "more": len(found) > PEOPLE_SHOWN}
    return render(request, "privacy/subject_find.html", context, status=400 if form.errors else 200)


@require(is_dpo)
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's consents, what Integra holds about them (counts), and who looked at it."""
    person = Participant.objects.get_for(request.membership, pk=pk)
    log_access(
        request=request,
        institution_id=person.institution_id,
        kind=AccessLogEntry.Kind.VIEW,
        subject=person,
        what="privacy/subject",
    )
    rows = subject.rows_of(person)
    retention_end, due = services.anonymisation_due(person, timezone.localdate())
    context = {
        "person": person,
        "consents": person.consents.order_by("-given_on", "id"),
        "holdings": sorted((subject.holding_name(m), qs.count()) for m, qs in rows.items()),
        "log": queries.access_log(request.membership, subject_ids=[person.pk])[:20],
        "retention_end": retention_end,
        "due": due,
        "consent_form": ConsentForm(),
    }
    return render(request, "privacy/subject_detail.html", context)


@require(is_dpo)
@require_http_methods(["GET", "POST"])
def subject_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymise one person whose retention period is over, after the officer has seen what goes and confirmed.

    A person still within retention, or anonymised already, is refused on this form and nothing is written."""
    person = Participant.objects.get_for(request.membership, pk=pk)
    retention_end, due = services.anonymisation_due(person, timezone.localdate())
    preview = services.anonymise(person, dry_run=True) if due else None
    return form_page(
        request,
        AnonymiseForm(request.POST if request.method == "POST" else None),
        _("Anonymise a person"),
        f"{person.full_name} · {person.number_label}",
        lambda data: services.anonymise_requested(
            actor=request.membership, participant_id=person.pk, today=timezone.localdate()
        ),
        ("privacy:subject", person.pk),
        ANONYMISED,
        template="privacy/subject_anonymise.html",
        context={
            "person": person,
            "preview": preview,
            "fields": [  # in the order of the person's form
                Participant._meta.get_field(name).verbose_name
                for name in services.PARTICIPANT_IDENTIFIERS
                if preview and name in preview.participant_fields and name != "no_pesel"
            ],
            "rows": sorted(
                (subject.holding_name(apps.get_model(label)), n)
                for label, n in (preview.rows if preview else {}).items()
            ),
            "retention_end": retention_end,
            "due": due,
        },
        refused_status=400,
    )


@require(is_dpo)
@require_POST
def subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person as one ZIP (PDF + JSON) for an access request (GDPR art. 15)."""
    person = Participant.objects.get_for(request.membership, pk=pk)
    content = subject.package(person)
    log_access(
        request=request,
        institution_id=person.institution_id,
        kind=AccessLogEntry.Kind.SUBJECT_ACCESS,
        subject=person,
        what="dane-osoby.zip",
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        content_type="application/zip",
        filename=download_name(f"dane-osoby-nr-{person.pk}", "zip"),
    )


@require(is_dpo)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Posted from the data-subject page; a refusal lands on this form with the date typed and the reason at it."""
    consent = Consent.objects.select_related("participant").get_for(request.membership, pk=pk)
    return form_page(
        request,
        WithdrawForm(request.POST if request.method == "POST" else None),
        _("Withdraw a consent"),
        f"{consent.get_purpose_display()} · {consent.participant.full_name}",
        lambda data: services.withdraw_consent(
            actor=request.membership, consent=consent, withdrawn_on=data["withdrawn_on"]
        ),
        ("privacy:subject", consent.participant_id),
        WITHDRAWN,
    )
