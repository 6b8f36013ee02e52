"""Outreach screens: the centre's messages, settings and texts; the participant's answer and withdrawal pages
(signed links, no sign-in); the SMS gateway's callbacks (a secret in the path)."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integra.core.accesslog import log_access
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_manage_outreach, can_view_outreach, require
from integra.core.screens import paginate
from integra.outreach import channels, queries, services, texts
from integra.outreach.forms import AnswerForm, SettingsForm, TemplateForm
from integra.outreach.models import Channel, Purpose

logger = logging.getLogger(__name__)
FAILURES_SHOWN = 100  # failures to look at, newest first; more than this is a fault to fix at its source


@require(can_view_outreach)
def centre(request: HttpRequest) -> HttpResponse:
    """Today's outgoing messages, failures to look at, consent coverage and SMS cost of each running project."""
    now = timezone.now()
    outgoing = paginate(request, queries.today_outgoing(request.membership, now))
    failures = queries.failures(request.membership, now)
    failed = list(failures[: FAILURES_SHOWN + 1])
    failed_total = len(failed) if len(failed) <= FAILURES_SHOWN else failures.count()
    failed = failed[:FAILURES_SHOWN]  # the newest; the header says how many there are in all
    if outgoing or failed:
        log_access(
            request=request,
            institution_id=request.membership.institution_id,
            kind=AccessLogEntry.Kind.VIEW,
            what="outreach/centre",
        )
    context = {
        "outgoing": outgoing,
        "failed": failed,
        "failed_total": failed_total,
        "coverage": queries.consent_coverage(request.membership, timezone.localdate()),
        "channels": [(c, label, channels.enabled(c)) for c, label in Channel.choices],
        "settings_row": services.settings_for(request.membership.institution_id),
        "quiet": services.in_quiet_hours(now),
        "numbers_to_check": queries.numbers_to_check(request.membership),
        "can_manage": can_manage_outreach(request.membership),
    }
    return render(request, "outreach/centre.html", context)


@require(can_manage_outreach)
def settings_edit(request: HttpRequest) -> HttpResponse:
    row = services.settings_for(request.membership.institution_id)
    form = SettingsForm(
        request.POST or None, initial={"reminder_time": row.reminder_time, "daily_sms_limit": row.daily_sms_limit}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The message settings have been saved."))
            return redirect("outreach:centre")
    return render(request, "outreach/settings.html", {"form": form})


@require(can_manage_outreach)
def template_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for purpose, purpose_label in Purpose.choices:
        for channel, channel_label in Channel.choices:
            text = texts.template_for(request.membership.institution_id, purpose, channel)
            own = (purpose, channel) != (None, None) and text != texts.Text(*texts.DEFAULTS[(purpose, channel)])
            rows.append(
                {
                    "purpose": purpose,
                    "purpose_label": purpose_label,
                    "channel": channel,
                    "channel_label": channel_label,
                    "text": text,
                    "own": own,
                    "length": texts.sms_length(
                        texts.fill(text.body, _sample_values(request.membership.institution.name))
                    )
                    if channel == Channel.SMS
                    else None,
                }
            )
    return render(request, "outreach/templates.html", {"rows": rows})


def _sample_values(centre_name: str = "MOPS") -> dict[str, str]:
    """What a preview fills the placeholders with (the centre's own name, an example for the rest)."""
    return {
        "osrodek": centre_name,
        "imie": "Anna",
        "zajecia": "Trening umiejętności społecznych",
        "data": "12.03.2026",
        "godzina": "10:00",
        "miejsce": "sala 2, ul. Mickiewicza 12",
        "poprzednio": "11.03.2026 10:00",
        "link": f"{settings.INTEGRA_PUBLIC_URL}/outreach/m/Xy12…/",
    }


@require(can_manage_outreach)
def template_edit(request: HttpRequest, purpose: str, channel: str) -> HttpResponse:
    if purpose not in Purpose.values or channel not in Channel.values:
        raise Http404
    current = texts.template_for(request.membership.institution_id, purpose, channel)
    form = TemplateForm(request.POST or None, initial={"subject": current.subject, "body": current.body})
    preview = None
    sample = _sample_values(request.membership.institution.name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            try:
                texts.check(data["subject"])
                texts.check(data["body"])
                preview = texts.Text(texts.fill(data["subject"], sample), texts.fill(data["body"], sample))
            except ValidationError as error:
                form.add_error("body", error.messages)
        else:
            try:
                services.save_template(actor=request.membership, purpose=purpose, channel=channel, **data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The text has been saved."))
                return redirect("outreach:templates")
    shown = preview or texts.Text(
        texts.fill(current.subject, _sample_values(request.membership.institution.name)),
        texts.fill(current.body, _sample_values(request.membership.institution.name)),
    )
    context = {
        "form": form,
        "purpose_label": Purpose(purpose).label,
        "channel": channel,
        "channel_label": Channel(channel).label,
        "preview": shown,
        "length": texts.sms_length(shown.body) if channel == Channel.SMS else None,
        "placeholders": [(name, texts.PLACEHOLDER_HELP[name]) for name in texts.PLACEHOLDERS],
    }
    return render(request, "outreach/template_form.html", context)


# ---------------------------------------------------------------- public pages (no sign-in)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The one-screen phone form behind a follow-up question's link: signed, expiring, usable once."""
    try:
        message = services.message_for_answer(token)
    except services.LinkRefused as refused:
        logger.info("follow-up link refused: %s", refused.code)
        return render(
            request,
            "outreach/answer_refused.html",
            {"reason": refused.message},
            status=410 if refused.code in {"used", "expired"} else 404,
        )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(token=token, answer=form.cleaned_data["answer"])
        except services.LinkRefused as refused:
            logger.info("follow-up answer refused: %s", refused.code)
            return render(request, "outreach/answer_refused.html", {"reason": refused.message}, status=410)
        return render(request, "outreach/answer_thanks.html", {"centre": message.institution})
    return render(request, "outreach/answer.html", {"form": form, "centre": message.institution})


@csrf_exempt  # the signed token is the authority; RFC 8058 one-click posts come without a form token
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every e-mail: a page with one button (GET changes nothing: mail scanners follow links)."""
    try:
        message = services.message_for_stop(token)
    except services.LinkRefused as refused:
        logger.info("e-mail withdrawal link refused: %s", refused.code)
        return render(request, "outreach/answer_refused.html", {"reason": refused.message}, status=404)
    if request.method == "POST":
        services.stop_by_link(token=token)
        return render(request, "outreach/stop_done.html", {"centre": message.institution})
    return render(request, "outreach/stop.html", {"centre": message.institution})


def _check_secret(secret: str) -> None:
    if not hmac.compare_digest(secret.encode(), channels.callback_secret().encode()):
        raise Http404


@csrf_exempt
@require_http_methods(["GET", "POST"])
def sms_status(request: HttpRequest, secret: str) -> HttpResponse:
    """SMSAPI's delivery report: MsgId, status, idx (each may list several, comma-separated). Answers "OK"."""
    _check_secret(secret)
    data = request.POST if request.method == "POST" else request.GET
    ids = (data.get("MsgId") or "").split(",")
    statuses = (data.get("status") or "").split(",")
    idxs = (data.get("idx") or "").split(",")
    changed = 0
    for position, provider_id in enumerate(ids):
        status = statuses[position] if position < len(statuses) else ""
        idx = idxs[position] if position < len(idxs) else ""
        changed += services.record_delivery_report(provider_id=provider_id.strip(), status=status, idx=idx.strip())
    logger.info("delivery report: %s of %s message(s) updated", changed, len(ids))
    return HttpResponse("OK", content_type="text/plain")


@csrf_exempt
@require_http_methods(["POST"])
def sms_inbound(request: HttpRequest, secret: str) -> HttpResponse:
    """SMSAPI's inbound message (sms_from, sms_text, …): a „STOP” withdraws the SMS consent. Answers "OK"."""
    _check_secret(secret)
    services.stop_by_sms(sender=request.POST.get("sms_from", ""), text=request.POST.get("sms_text", ""))
    return HttpResponse("OK", content_type="text/plain")
