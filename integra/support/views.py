"""Thin views: parse a form, fetch through the centre's scope, call one service or query, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from integra.core.accesslog import log_access
from integra.core.collation import polish
from integra.core.compiled import CompiledQuery
from integra.core.dates import centre_today
from integra.core.exports import download, download_name
from integra.core.history import readable
from integra.core.models import AccessLogEntry
from integra.core.permissions import (
    can_manage_catalogue,
    can_manage_projects,
    can_mark_attendance,
    can_record_family_visits,
    can_record_support,
    can_view_activities,
    can_view_confidential_note,
    can_view_individual_support,
    require,
)
from integra.core.screens import add_service_errors, paginate
from integra.core.templatetags.integra import format_date
from integra.people.models import Participant
from integra.support import forms, queries, services
from integra.support.models import (
    Activity,
    Attendance,
    CommunityWork,
    Consultation,
    Enrolment,
    Event,
    FamilyAssistantVisit,
    Instrument,
    Internship,
    Referral,
    Session,
)
from integra.support.offline import keep_offline, kept_offline
from integra.support.pdf import attendance_sheet_pdf

SAVED = gettext_lazy("Saved.")


# ---------------------------------------------------------------- catalogue


@require(can_view_activities)
def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.available_to(request.membership).order_by("group", "retired", "name")
    return render(
        request,
        "support/instrument_list.html",
        {
            "instruments": instruments,
            "can_manage": can_manage_catalogue(request.membership),
        },
    )


@require(can_manage_catalogue)
@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest) -> HttpResponse:
    form = forms.InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_instrument(
                actor=request.membership, **{k: form.cleaned_data[k] for k in ("code", "name", "group")}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:instrument-list")
    return render(request, "support/form.html", {"form": form, "title": _("New instrument")})


@require(can_manage_catalogue)
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = Instrument.objects.get_for(request.membership, pk=pk, institution__isnull=False)
    form = forms.InstrumentEditForm(request.POST or None, instance=Instrument.objects.get(pk=instrument.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_instrument(actor=request.membership, instrument=instrument, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:instrument-list")
    return render(
        request,
        "support/instrument_edit.html",
        {
            "form": form,
            "instrument": instrument,
            "title": instrument.name,
            "in_use": services.instrument_use_count(instrument),
        },
    )


@require(can_manage_catalogue)
@require_POST
def instrument_delete(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = Instrument.objects.get_for(request.membership, pk=pk, institution__isnull=False)
    try:
        services.delete_instrument(actor=request.membership, instrument=instrument)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("support:instrument-edit", pk=instrument.pk)
    messages.success(request, _("The instrument was deleted."))
    return redirect("support:instrument-list")


# ---------------------------------------------------------------- activities


@require(can_view_activities)
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = queries.activities_for(request.membership)
    project, club = request.GET.get("project", ""), request.GET.get("club", "")
    if project.isdigit():
        activities = activities.filter(project_id=project)
    if club.isdigit():
        activities = activities.filter(club_id=club)
    return render(
        request,
        "support/activity_list.html",
        {
            "page": paginate(request, activities),
            "can_manage": can_manage_projects(request.membership),
        },
    )


@require(can_view_activities)
def activity_summary(request: HttpRequest) -> HttpResponse:
    form = forms.SummaryFilterForm(request.GET or None, membership=request.membership)
    club = form.cleaned_data.get("club") if form.is_valid() else None
    rows = queries.club_activity_summary(request.membership, club_id=club.pk if club else None)
    return render(request, "support/activity_summary.html", {"rows": rows, "form": form, "club": club})


def _activity_form_view(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    form = forms.ActivityForm(request.POST or None, instance=activity, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.create_activity(actor=request.membership, **form.cleaned_data)
            else:
                activity = services.update_activity(actor=request.membership, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:activity-detail", pk=activity.pk)
    title = _("Edit activity: %(title)s") % {"title": activity.title} if activity else _("New activity")
    return render(request, "support/form.html", {"form": form, "title": title})


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form_view(request, None)


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form_view(request, Activity.objects.get_for(request.membership, pk=pk))


@require(can_view_activities)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.select_related("project", "instrument", "club", "provider__user").get_for(
        request.membership, pk=pk
    )
    enrolments = list(queries.enrolments_in_list_order(activity))
    rates = queries.attendance_rates(activity, [e.participant_id for e in enrolments])
    for enrolment in enrolments:
        enrolment.rate = rates.get(enrolment.participant_id)
    manage = can_manage_projects(request.membership)
    return render(
        request,
        "support/activity_detail.html",
        {
            "activity": activity,
            "enrolments": enrolments,
            "sessions": activity.sessions.select_related("staff__user").order_by("date", "start_time"),
            "can_manage": manage,
            "enrol_form": forms.EnrolForm(
                membership=request.membership, activity=activity, initial={"enrolled_on": activity.start_on}
            )
            if manage
            else None,
            "session_form": forms.SessionForm(membership=request.membership, initial={"room": activity.room})
            if manage
            else None,
            "history": readable(activity, limit=20) if manage else [],
        },
    )


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def enrolment_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.get_for(request.membership, pk=pk)
    form = forms.EnrolForm(request.POST or None, membership=request.membership, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol(actor=request.membership, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:activity-detail", pk=activity.pk)
    return render(
        request, "support/form.html", {"form": form, "title": _("Enrol in “%(title)s”") % {"title": activity.title}}
    )


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def enrolment_end(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = Enrolment.objects.select_related("activity", "participant").get_for(request.membership, pk=pk)
    form = forms.CompletionForm(request.POST or None, initial={"ended_on": enrolment.activity.end_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["outcome"] == "dropped_out":
                services.drop_out(
                    actor=request.membership,
                    enrolment=enrolment,
                    ended_on=data["ended_on"],
                    reason=data["dropout_reason"],
                )
            else:
                services.complete_enrolment(
                    actor=request.membership,
                    enrolment=enrolment,
                    ended_on=data["ended_on"],
                    certificate_number=data["certificate_number"],
                    certificate_on=data["certificate_on"],
                    failed=data["failed"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:activity-detail", pk=enrolment.activity_id)
    title = f"{enrolment.participant.full_name} — {enrolment.activity.title}"
    return render(request, "support/form.html", {"form": form, "title": title})


# ---------------------------------------------------------------- sessions and the timetable


def _session_values(form: forms.SessionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("date", "start_time", "duration_minutes", "room", "staff")}


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.get_for(request.membership, pk=pk)
    form = forms.SessionForm(request.POST or None, membership=request.membership, initial={"room": activity.room})
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_session(actor=request.membership, activity=activity, **_session_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session was scheduled."))
            return redirect("support:activity-detail", pk=activity.pk)
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("New session of “%(title)s”") % {"title": activity.title},
        },
    )


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("activity").get_for(request.membership, pk=pk)
    form = forms.SessionForm(request.POST or None, instance=session, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("cancel"):
                services.cancel_session(actor=request.membership, session=session)
            else:
                services.reschedule_session(
                    actor=request.membership,
                    session=session,
                    expected_version=form.cleaned_data["version"],
                    **_session_values(form),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
            form.instance = (
                Session.objects.get(pk=session.pk) if Session.objects.filter(pk=session.pk).exists() else session
            )
        else:
            messages.success(request, SAVED)
            return redirect("support:activity-detail", pk=session.activity_id)
    return render(request, "support/session_form.html", {"form": form, "session": session})


@require(can_view_activities)
def timetable(request: HttpRequest) -> HttpResponse:
    rooms = queries.rooms_of(request.membership)
    form = forms.TimetableFilterForm(request.GET or None, membership=request.membership, rooms=rooms)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("week") or timezone.localdate()
    week = queries.week_timetable(
        request.membership,
        day,
        club_id=data["club"].pk if data.get("club") else None,
        room=data.get("room") or "",
        staff_id=data["staff"].pk if data.get("staff") else None,
    )
    params = request.GET.copy()
    params.pop("week", None)
    return render(request, "support/timetable.html", {"form": form, "week": week, "filters": params.urlencode()})


# ---------------------------------------------------------------- attendance


# The attendance list is opened at every session: its session is read by SQL compiled once per process.
_session_to_mark = CompiledQuery(
    lambda centre, pk: Session.objects.select_related("activity__project", "staff__user").filter(
        institution_id=centre, pk=pk
    )
)


def _session_for_marking(request: HttpRequest, pk: int) -> Session:
    session = _session_to_mark.get_for(request.membership, pk=pk)
    if not can_mark_attendance(request.membership, session):
        raise PermissionDenied
    return session


def _filled_message(result: services.FilledMarks) -> str:
    if not result.filled:
        return _("Nobody was marked: everyone on the list already has a mark, and those marks stay as they were.")
    filled = ngettext(
        "%(count)d person without a mark was marked present.",
        "%(count)d people without a mark were marked present.",
        result.filled,
    ) % {"count": result.filled}
    if not result.kept:
        return filled
    kept = ngettext(
        "%(count)d mark already entered was left as it was.",
        "%(count)d marks already entered were left as they were.",
        result.kept,
    ) % {"count": result.kept}
    return f"{filled} {kept}"


QUEUED_UNREADABLE = gettext_lazy("The mark kept on this device could not be read; enter it again.")
NOT_YOUR_SESSION = gettext_lazy("You do not mark attendance for this session.")
OTHER_USERS_MARK = gettext_lazy("This mark was made by another user: it is sent only when they are signed in.")


def _refused(reason: Any) -> JsonResponse:
    return JsonResponse({"result": "refused", "reason": str(reason)})


def _queued_mark(request: HttpRequest, pk: int) -> JsonResponse:
    """A mark made without a connection, sent when it came back (issue 27): saved, the same, a conflict or refused.

    Every answer is JSON for the device to show; a session that no longer exists in the centre (cancelled) or
    that the person does not mark is refused with its reason, as is a mark of another user.
    """
    form = forms.QueuedMarkForm(request.POST)
    if not form.is_valid():
        return _refused(QUEUED_UNREADABLE)
    data = form.cleaned_data
    try:
        session = _session_for_marking(request, pk)
    except Http404:
        return _refused(services.SESSION_GONE)
    except PermissionDenied:
        return _refused(NOT_YOUR_SESSION)
    if data["made_by"] != request.user.pk:
        return _refused(OTHER_USERS_MARK)
    try:
        outcome = services.record_queued_mark(
            actor=request.membership,
            session=session,
            participant_id=data["participant"],
            status=data["status"],
            expected_version=data["version"],
            was=data["was"],
        )
    except ValidationError as exc:
        return _refused(" ".join(exc.messages))
    answer: dict[str, Any] = {"result": outcome.result, "version": outcome.session.version}
    if outcome.result == "conflict":
        entry = outcome.changed_by
        answer["server"] = {
            "status": outcome.current or "",
            "label": str(Attendance.Status(outcome.current).label) if outcome.current else _("no mark"),
            "by": (entry.actor.get_full_name() or entry.actor.get_username()) if entry and entry.actor else "",
            "at": format_date(entry.at) if entry else "",
        }
        answer["mine"] = {"status": data["status"], "label": str(Attendance.Status(data["status"]).label)}
    return JsonResponse(answer)


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and request.POST.get("queued"):
        return _queued_mark(request, pk)
    session = _session_for_marking(request, pk)
    rows = queries.attendance_sheet(session)
    form = forms.AttendanceForm(request.POST or None, participant_ids=[r["participant"].pk for r in rows])
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.fill_status():
                    result = services.fill_unmarked(
                        actor=request.membership,
                        session=session,
                        status=form.fill_status(),
                        marks=form.marks(),
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _filled_message(result))
                    undo = f"?undo={result.entry.pk}" if result.entry else ""
                    return redirect(reverse("support:attendance", args=[session.pk]) + undo)
                session = services.record_attendance(
                    actor=request.membership,
                    session=session,
                    marks=form.marks(),
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                errors = exc.messages
                session.refresh_from_db()
            else:
                if not request.htmx:
                    messages.success(request, _("Attendance saved."))
                    return redirect("support:attendance", pk=session.pk)
        else:
            errors = [_("The attendance list could not be read; reload the page.")]
        rows = queries.attendance_sheet(session)
    # The undo is offered right after a whole-list step (its entry in the URL) while that step is still the last.
    last = services.last_attendance_change(session) if request.GET.get("undo") else None
    context = {
        "session": session,
        "rows": rows,
        "errors": errors,
        "statuses": Attendance.Status.choices,
        "not_held_yet": session.date > centre_today(),
        "undo": last if last is not None and request.GET.get("undo") == str(last.pk) else None,
    }
    if request.htmx:
        return render(request, "support/_attendance_rows.html", context)
    context["offline_kept"] = kept_offline(session)
    response = render(request, "support/attendance.html", context)
    return keep_offline(request, response) if request.method == "GET" and context["offline_kept"] else response


@require(can_record_support)
@require_POST
def attendance_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the whole-list step just made („Cofnij”), exactly as the list was before it."""
    session = _session_for_marking(request, pk)
    form = forms.UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The attendance list could not be read; reload the page."))
        return redirect("support:attendance", pk=session.pk)
    try:
        services.undo_attendance_change(
            actor=request.membership,
            session=session,
            entry_id=form.cleaned_data["entry"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Undone: the attendance list is as it was before."))
    return redirect("support:attendance", pk=session.pk)


@require(can_view_activities)
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.select_related("project", "provider__user").get_for(request.membership, pk=pk)
    sessions = activity.sessions.select_related("staff__user").order_by("date", "start_time", "id")
    wanted = request.GET.get("session", "")
    if wanted.isdigit():
        sessions = sessions.filter(pk=wanted)
    sessions = list(sessions)
    pdf = attendance_sheet_pdf(activity, sessions)
    log_access(
        request=request,
        institution_id=activity.institution_id,
        kind=AccessLogEntry.Kind.DOCUMENT,
        subject=activity,
        what="attendance-sheet.pdf",
    )
    code = activity.project.code if activity.project else ""
    response = download(pdf, download_name(f"lista-obecnosci-{activity.title}"[:80], "pdf", code=code), inline=True)
    # One session's sheet of today or tomorrow is kept on the device for signatures in a room without a connection.
    if wanted.isdigit() and len(sessions) == 1 and can_record_support(request.membership) and kept_offline(sessions[0]):
        keep_offline(request, response)
    return response


# ---------------------------------------------------------------- individual support


def _support_list(request: HttpRequest, queryset: Any, template: str, **extra: Any) -> HttpResponse:
    participant = request.GET.get("participant", "")
    if participant.isdigit() and hasattr(queryset.model, "participant"):
        queryset = queryset.filter(participant_id=participant)
    return render(
        request,
        template,
        {"page": paginate(request, queryset), "can_record": can_record_support(request.membership), **extra},
    )


def _support_create(request: HttpRequest, form_class: type, service: Any, title: str, back: str) -> HttpResponse:
    form = form_class(request.POST or None, membership=request.membership, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v is not None or k in ("project", "destination")}
        try:
            service(actor=request.membership, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect(back)
    return render(request, "support/form.html", {"form": form, "title": title})


@require(can_view_individual_support)
def consultation_list(request: HttpRequest) -> HttpResponse:
    queryset = Consultation.objects.for_membership(request.membership).select_related("participant", "specialist__user")
    return _support_list(request, queryset, "support/consultation_list.html")


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    return _support_create(
        request,
        forms.ConsultationForm,
        services.record_consultation,
        _("New consultation"),
        "support:consultation-list",
    )


@require(can_view_individual_support)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = Consultation.objects.select_related("participant", "specialist__user", "project").get_for(
        request.membership, pk=pk
    )
    return render(
        request,
        "support/consultation_detail.html",
        {
            "consultation": consultation,
            "show_note": can_view_confidential_note(request.membership, consultation.specialty),
        },
    )


@require(can_view_individual_support)
def internship_list(request: HttpRequest) -> HttpResponse:
    queryset = Internship.objects.for_membership(request.membership).select_related("participant", "employer")
    return _support_list(request, queryset, "support/internship_list.html")


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def internship_create(request: HttpRequest) -> HttpResponse:
    return _support_create(
        request, forms.InternshipForm, services.record_internship, _("New internship"), "support:internship-list"
    )


@require(can_view_individual_support)
def community_work_list(request: HttpRequest) -> HttpResponse:
    queryset = CommunityWork.objects.for_membership(request.membership).select_related("participant", "unit")
    return _support_list(request, queryset, "support/community_work_list.html")


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def community_work_create(request: HttpRequest) -> HttpResponse:
    return _support_create(
        request,
        forms.CommunityWorkForm,
        services.record_community_work,
        _("New socially useful work"),
        "support:community-work-list",
    )


@require(can_view_individual_support)
def referral_list(request: HttpRequest) -> HttpResponse:
    queryset = Referral.objects.for_membership(request.membership).select_related("participant", "destination")
    return _support_list(request, queryset, "support/referral_list.html")


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    return _support_create(
        request, forms.ReferralForm, services.record_referral, _("New referral"), "support:referral-list"
    )


@require(can_record_support)
@require_http_methods(["GET", "POST"])
def referral_result(request: HttpRequest, pk: int) -> HttpResponse:
    referral = Referral.objects.select_related("participant").get_for(request.membership, pk=pk)
    form = forms.ReferralResultForm(request.POST or None, initial={"result": referral.result})
    if request.method == "POST" and form.is_valid():
        services.update_referral_result(actor=request.membership, referral=referral, result=form.cleaned_data["result"])
        messages.success(request, SAVED)
        return redirect("support:referral-list")
    return render(request, "support/form.html", {"form": form, "title": str(referral)})


@require(can_view_individual_support)
def visit_list(request: HttpRequest) -> HttpResponse:
    queryset = FamilyAssistantVisit.objects.for_membership(request.membership).select_related(
        "household", "assistant__user"
    )
    household = request.GET.get("household", "")
    if household.isdigit():
        queryset = queryset.filter(household_id=household)
    return render(
        request,
        "support/visit_list.html",
        {"page": paginate(request, queryset), "can_record": can_record_family_visits(request.membership)},
    )


@require(can_record_family_visits)
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    return _support_create(
        request, forms.VisitForm, services.record_family_visit, _("New family assistant visit"), "support:visit-list"
    )


# ---------------------------------------------------------------- events


@require(can_view_activities)
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.for_membership(request.membership)
        .select_related("project", "club")
        .annotate(named=Count("attendees"))
        .order_by("-date", "-id")
    )
    return render(
        request,
        "support/event_list.html",
        {"page": paginate(request, events), "can_manage": can_manage_projects(request.membership)},
    )


@require(can_view_activities)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = Event.objects.select_related("project", "club").get_for(request.membership, pk=pk)
    people = Participant.objects.filter(event_attendances__event=event).order_by(
        polish("last_name"), polish("first_name"), "id"
    )
    show_names = can_view_individual_support(request.membership)
    return render(
        request,
        "support/event_detail.html",
        {
            "event": event,
            "people": people if show_names else [],
            "named": people.count(),
            "show_names": show_names,
            "can_manage": can_manage_projects(request.membership),
        },
    )


def _event_form_view(request: HttpRequest, event: Event | None) -> HttpResponse:
    form = forms.EventForm(request.POST or None, instance=event, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.save_event(actor=request.membership, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("support:event-detail", pk=event.pk)
    return render(
        request,
        "support/form.html",
        {"form": form, "title": _("Edit event: %(title)s") % {"title": event.title} if event else _("New event")},
    )


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form_view(request, None)


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form_view(request, Event.objects.get_for(request.membership, pk=pk))


# ---------------------------------------------------------------- a participant's support


@require(can_view_individual_support)
def participant_support(request: HttpRequest, pk: int) -> HttpResponse:
    participant = Participant.objects.get_for(request.membership, pk=pk)
    log_access(
        request=request,
        institution_id=participant.institution_id,
        kind=AccessLogEntry.Kind.VIEW,
        subject=participant,
        what="support-timeline",
    )
    timeline = queries.participant_timeline(request.membership, participant)
    return render(request, "support/participant_support.html", {"participant": participant, "timeline": timeline})
