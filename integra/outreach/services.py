"""What is sent to whom, and when: queueing the due messages, sending them, and what comes back.

`send_due(now=, dry_run=)` is the whole run of `integra messages send-due` and of the worker's periodic task:
1. For every centre it finds what is due — reminders the day before a session (from the centre's reminder time,
   default 16:00), follow-up questions 28 days, 3 and 6 months after an exit (domain.md §6) — and queues one
   message per person and channel that the person agreed to. The message's `key` is unique, so what was queued
   once is never queued again, whoever runs it and however often.
2. It sends the queued messages: no SMS in the quiet hours (20:00–08:00, Europe/Warsaw) and none over the centre's
   daily limit (they wait); a message whose session was cancelled or has begun is not sent.
Notices of a moved or cancelled session are queued at once by the support services' change listeners.

Nothing is queued for a person without a consent in force for the channel, for a channel that is off, or to a
number that cannot take an SMS; the summary counts them and the log names them by id only (no personal data).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from integra.core import history, phone
from integra.core.models import HistoryEntry
from integra.institutions.models import Institution
from integra.outcomes import services as outcomes
from integra.outcomes.models import Exit, FollowUp, Result
from integra.outreach import channels, texts
from integra.outreach.models import Channel, Message, OutreachSettings, Purpose, Status
from integra.people import services as people
from integra.people.models import Consent, Participant
from integra.support.changes import SessionSlot
from integra.support.models import Enrolment, Session

logger = logging.getLogger(__name__)

QUIET_FROM = dt.time(20, 0)
QUIET_UNTIL = dt.time(8, 0)
LINK_VALID_DAYS = 14  # a follow-up question's link, from the day it is sent
ASK_WITHIN_DAYS = 14  # a follow-up question is still worth asking this long after it fell due
CLAIM_MINUTES = 10  # a sender holds a message this long; a dead sender's message is tried again after it
SENDS_PER_RUN = 2000
EMPLOYMENT_KINDS_28D = outcomes.ANSWER_RESULT_KINDS.values()

MSG_SESSION_CANCELLED = _("The session was cancelled before the reminder went out.")
MSG_SESSION_MOVED = _("The session was moved before the reminder went out; a reminder of the new date follows.")
MSG_TOO_LATE = _("The session had already begun when the message could go out.")
MSG_LINK_INVALID = _("This link is not valid. Check that it was copied whole, or ask the centre for a new one.")
MSG_LINK_EXPIRED = _("This link has expired. If you want to answer, please call the centre.")
MSG_LINK_USED = _("This question has already been answered through this link. Thank you!")
MSG_CHOOSE_ANSWER = _("Choose one answer.")

STOP_WORDS = ("STOP", "NIE", "KONIEC")

_FOLLOW_UP_SALT = "integra.outreach.follow-up"
_STOP_SALT = "integra.outreach.stop"


@dataclass
class Summary:
    """What one run did; the first three keys are the CLI's contract (issue 28)."""

    queued: int = 0
    skipped_no_consent: int = 0
    skipped_quiet: int = 0
    skipped_invalid_contact: int = 0
    skipped_channel_off: int = 0
    held_daily_limit: int = 0
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    dry_run: bool = False
    channels: dict[str, bool] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Due:
    """One thing to tell one person (before the channels are chosen)."""

    participant: Participant
    purpose: str
    key: str  # without the channel
    values: dict[str, str]
    project_id: int | None = None
    session_id: int | None = None
    participation_id: int | None = None
    follow_up_kind: str = ""


# ---------------------------------------------------------------- consents and contacts


def consented(institution_id: int, channel: str, day: dt.date, participant_ids: Any = None) -> set[int]:
    """People of the centre with a consent to the channel in force on the day (given, not withdrawn, not past its
    end) whose processing consent is not withdrawn (a withdrawal of processing stops every optional use)."""
    return consented_by_channel(institution_id, [channel], day, participant_ids)[channel]


def consented_by_channel(
    institution_id: int, wanted: list[str], day: dt.date, participant_ids: Any = None
) -> dict[str, set[int]]:
    """`consented` of each channel, in the queries of one."""
    in_force = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    valid = Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    consents = Consent.objects.filter(institution_id=institution_id, given_on__lte=day).filter(in_force, valid)
    if participant_ids is not None:
        consents = consents.filter(participant_id__in=participant_ids)
    agreed: dict[str, set[int]] = {channel: set() for channel in wanted}
    for participant_id, purpose in consents.filter(purpose__in=wanted).values_list("participant_id", "purpose"):
        agreed[purpose].add(participant_id)
    anyone = set().union(*agreed.values())
    if not anyone:
        return agreed
    stopped = set(
        Consent.objects.filter(
            participant_id__in=anyone, purpose=Consent.Purpose.PROCESSING, withdrawn_on__lte=day
        ).values_list("participant_id", flat=True)
    ) - set(consents.filter(purpose=Consent.Purpose.PROCESSING).values_list("participant_id", flat=True))
    return {channel: ids - stopped for channel, ids in agreed.items()}


def sms_number(person: Participant) -> str:
    """The number an SMS can go to, or "" (none, kept unnormalised, or a Polish fixed line)."""
    number = person.phone or ""
    if not number or not phone.is_normalised(number):
        return ""
    if number.startswith(phone.POLISH_PREFIX) and not phone.is_polish_mobile(number):
        return ""
    return number


def address_of(person: Participant, channel: str) -> str:
    return sms_number(person) if channel == Channel.SMS else (person.email or "")


def settings_for(institution_id: int) -> OutreachSettings:
    """The centre's message settings (the defaults until someone changes them)."""
    row = OutreachSettings.objects.filter(institution_id=institution_id).first()
    return row or OutreachSettings(institution_id=institution_id)


# ---------------------------------------------------------------- what is due


def _place(session: Session | None, slot: SessionSlot | None, centre: Institution) -> str:
    """Where it takes place, as short as a text message needs: the room, else the club, else the centre's street."""
    room = (session.room or session.activity.room) if session is not None else (slot.room if slot else "")
    club = session.activity.club if session is not None and session.activity.club_id else None
    return room or (str(club) if club else "") or centre.street or centre.name


def _session_values(session: Session, centre: Institution) -> dict[str, str]:
    return {
        "osrodek": centre.name,
        "zajecia": session.activity.title,
        "data": session.date.strftime("%d.%m.%Y"),
        "godzina": session.start_time.strftime("%H:%M"),
        "miejsce": _place(session, None, centre),
    }


def _starts_at(session: Session) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(session.date, session.start_time))


def reminders_due(centre: Institution, now: dt.datetime) -> list[Due]:
    """Reminders of the sessions whose reminder time (the day before, at the centre's hour) has come and that
    have not begun: tomorrow's once today's reminder time has passed, and today's later ones."""
    local = timezone.localtime(now)
    today = local.date()
    days = [today]
    if local.time() >= settings_for(centre.pk).reminder_time:
        days.append(today + dt.timedelta(days=1))
    sessions = [
        s
        for s in Session.objects.filter(institution_id=centre.pk, date__in=days)
        .select_related("activity__club")
        .order_by("date", "start_time", "id")
        if _starts_at(s) > now
    ]
    if not sessions:
        return []
    enrolments = (
        Enrolment.objects.filter(
            institution_id=centre.pk,
            activity_id__in={s.activity_id for s in sessions},
            status=Enrolment.Status.ENROLLED,
        )
        .select_related("participant")
        .order_by("id")
    )
    by_activity: dict[int, list[Participant]] = {}
    for enrolment in enrolments:
        by_activity.setdefault(enrolment.activity_id, []).append(enrolment.participant)
    due = []
    for session in sessions:
        values = _session_values(session, centre)
        slot = f"{session.date:%Y%m%d}{session.start_time:%H%M}"
        for person in by_activity.get(session.activity_id, []):
            due.append(
                Due(
                    participant=person,
                    purpose=Purpose.REMINDER,
                    key=f"r:{session.pk}:{slot}:{person.pk}",
                    values=values | {"imie": person.first_name},
                    project_id=session.activity.project_id,
                    session_id=session.pk,
                )
            )
    return due


def follow_up_questions_due(centre: Institution, now: dt.datetime) -> list[Due]:
    """Questions 28 days, 3 and 6 months after an exit, from the day each falls due for `ASK_WITHIN_DAYS`, unless
    the check is already recorded or answered (for the 28-day one: a situation upon leaving is recorded)."""
    today = timezone.localdate(now)
    earliest_exit = outcomes.add_months(today, -6) - dt.timedelta(days=ASK_WITHIN_DAYS + 1)
    exits = list(
        Exit.objects.filter(institution_id=centre.pk, exit_on__gte=earliest_exit, exit_on__lte=today)
        .select_related("participation__participant")
        .order_by("exit_on", "id")
    )
    if not exits:
        return []
    part_ids = [e.participation_id for e in exits]
    settled = {
        (f.participation_id, f.kind)
        for f in FollowUp.objects.filter(participation_id__in=part_ids).filter(Q(done_on__isnull=False) | ~Q(answer=""))
    }
    results: dict[int, list[dt.date]] = {}
    for pid, day in Result.objects.filter(
        participation_id__in=part_ids, kind__in=list(EMPLOYMENT_KINDS_28D)
    ).values_list("participation_id", "achieved_on"):
        results.setdefault(pid, []).append(day)
    due = []
    for item in exits:
        participation = item.participation
        for kind in (FollowUp.Kind.DAYS_28, FollowUp.Kind.MONTHS_3, FollowUp.Kind.MONTHS_6):
            due_on = outcomes.follow_up_due_on(item.exit_on, kind)
            if not (due_on <= today <= due_on + dt.timedelta(days=ASK_WITHIN_DAYS)):
                continue
            if (participation.pk, kind) in settled:
                continue
            if kind == FollowUp.Kind.DAYS_28 and any(
                item.exit_on <= day <= due_on for day in results.get(participation.pk, [])
            ):
                continue
            person = participation.participant
            due.append(
                Due(
                    participant=person,
                    purpose=Purpose.FOLLOW_UP,
                    key=f"f:{participation.pk}:{kind}",
                    values={"osrodek": centre.name, "imie": person.first_name},
                    project_id=participation.project_id,
                    participation_id=participation.pk,
                    follow_up_kind=kind,
                )
            )
    return due


# ---------------------------------------------------------------- queueing


def _queue(items: list[Due], *, centre: Institution, now: dt.datetime, summary: Summary, dry_run: bool) -> None:
    """One message per person and channel the person agreed to; the rest counted and logged by id only."""
    if not items:
        return
    day = timezone.localdate(now)
    people_ids = {item.participant.pk for item in items}
    agreed = consented_by_channel(centre.pk, Channel.values, day, people_ids)
    for item in items:
        person = item.participant
        wanted = [channel for channel in Channel.values if person.pk in agreed[channel]]
        if not wanted:
            summary.skipped_no_consent += 1
            logger.info("%s %s not queued: no consent in force (participant %s)", item.purpose, item.key, person.pk)
            continue
        for channel in wanted:
            if not summary.channels.get(channel):
                summary.skipped_channel_off += 1
                continue
            address = address_of(person, channel)
            if not address:
                summary.skipped_invalid_contact += 1
                logger.info(
                    "%s %s not queued on %s: no usable address (participant %s)",
                    item.purpose,
                    item.key,
                    channel,
                    person.pk,
                )
                continue
            key = f"{item.key}:{channel}"
            if Message.objects.filter(key=key).exists():
                continue
            if dry_run:
                summary.queued += 1
                continue
            if _create(item, channel=channel, address=address, key=key, centre=centre, now=now):
                summary.queued += 1


def _create(item: Due, *, channel: str, address: str, key: str, centre: Institution, now: dt.datetime) -> bool:
    template = texts.template_for(centre.pk, item.purpose, channel)
    message = Message(
        institution_id=centre.pk,
        participant=item.participant,
        project_id=item.project_id,
        session_id=item.session_id,
        participation_id=item.participation_id,
        follow_up_kind=item.follow_up_kind,
        purpose=item.purpose,
        channel=channel,
        key=key,
        recipient=address,
        due_at=now,
        body="",
    )
    try:
        with transaction.atomic():
            message.save()
            values = dict(item.values)
            if item.purpose == Purpose.FOLLOW_UP:
                message.link_expires_at = now + dt.timedelta(days=LINK_VALID_DAYS)
                values["link"] = channels.public_url("outreach:answer", answer_token(message))
            message.subject = texts.fill(template.subject, values)[:200]
            message.body = texts.fill(template.body, values)
            if channel == Channel.SMS:
                message.parts = texts.sms_length(message.body).parts
            message.save(update_fields=["subject", "body", "parts", "link_expires_at"])
            history.record(
                actor=None,
                obj=message,
                action=HistoryEntry.Action.CREATE,
                after={"purpose": message.purpose, "channel": channel, "status": message.status},
            )
    except IntegrityError:  # the same key queued by a run at the same moment
        return False
    except ValidationError:  # a template stored before placeholders were checked: logged, not sent
        logger.warning("message %s not queued: the centre's template does not fill", key)
        return False
    return True


def _enabled_channels() -> dict[str, bool]:
    return {channel: channels.enabled(channel) for channel in Channel.values}


def queue_due(*, now: dt.datetime, summary: Summary, dry_run: bool = False) -> None:
    """Queue what is due in every centre."""
    for centre in Institution.objects.order_by("pk"):
        _queue(reminders_due(centre, now), centre=centre, now=now, summary=summary, dry_run=dry_run)
        _queue(follow_up_questions_due(centre, now), centre=centre, now=now, summary=summary, dry_run=dry_run)


# ---------------------------------------------------------------- sending


def in_quiet_hours(now: dt.datetime) -> bool:
    """20:00–08:00 in Warsaw: no text message goes out."""
    moment = timezone.localtime(now).time()
    return moment >= QUIET_FROM or moment < QUIET_UNTIL


def _day_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    return start, start + dt.timedelta(days=1)


def _stale_reason(message: Message, now: dt.datetime) -> Any:
    """Why a queued session message must not go out any more, or None."""
    if message.purpose != Purpose.REMINDER:
        return None
    if message.session_id is None:
        return MSG_SESSION_CANCELLED
    session = message.session
    slot = f"{session.date:%Y%m%d}{session.start_time:%H%M}"
    if f":{slot}:" not in message.key:
        return MSG_SESSION_MOVED
    if _starts_at(session) <= now:
        return MSG_TOO_LATE
    return None


def _fail(message: Message, *, code: str, reason: Any) -> None:
    before = history.snapshot(message, ["status", "error"])
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED, error_code=code[:40], error=str(reason)[:300], claimed_until=None
    )
    message.refresh_from_db()
    history.record(
        actor=None,
        obj=message,
        action=HistoryEntry.Action.STATUS,
        before=before,
        after=history.snapshot(message, ["status", "error"]),
    )


def send_queued(*, now: dt.datetime, summary: Summary) -> None:
    """Send what is queued and due, oldest first, as far as quiet hours and daily limits allow."""
    quiet = in_quiet_hours(now)
    limits: dict[int, int] = {}
    waiting = (
        Message.objects.filter(status=Status.QUEUED, due_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .select_related("session__activity")
        .order_by("due_at", "id")[:SENDS_PER_RUN]
    )
    for message in waiting:
        if not summary.channels.get(message.channel):
            continue
        reason = _stale_reason(message, now)
        if reason is not None:
            _fail(message, code="stale", reason=reason)
            continue
        if message.channel == Channel.SMS:
            if quiet:
                summary.skipped_quiet += 1
                continue
            if message.institution_id not in limits:
                start, end = _day_bounds(now)
                sent_today = Message.objects.sms_sent_on(message.institution_id, start, end).count()
                limits[message.institution_id] = settings_for(message.institution_id).daily_sms_limit - sent_today
            if limits[message.institution_id] <= 0:
                summary.held_daily_limit += 1
                continue
        claimed = (
            Message.objects.filter(pk=message.pk, status=Status.QUEUED)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claimed_until=now + dt.timedelta(minutes=CLAIM_MINUTES))
        )
        if not claimed:
            continue
        outcome = _send_one(message, now=now)
        summary.sent += outcome == "sent"
        summary.failed += outcome == "failed"
        summary.retry_later += outcome == "retry"
        if outcome == "sent" and message.channel == Channel.SMS:
            limits[message.institution_id] -= 1


def _send_one(message: Message, *, now: dt.datetime) -> str:
    try:
        if message.channel == Channel.SMS:
            result = channels.send_sms(number=message.recipient, text=message.body, idx=message.idx)
        else:
            result = channels.send_email(
                address=message.recipient,
                subject=message.subject,
                text=_with_stop_link(message),
                message_id=message.idx,
                stop_url=channels.public_url("outreach:stop", stop_token(message)),
            )
    except channels.Refused as exc:
        logger.warning("message %s refused by the %s provider (code %s)", message.pk, message.channel, exc.code)
        _fail(message, code=exc.code or "refused", reason=exc.reason)
        return "failed"
    except channels.Unreachable as exc:
        logger.warning(
            "message %s: the %s provider did not answer (%s); tried again later", message.pk, message.channel, exc
        )
        Message.objects.filter(pk=message.pk).update(claimed_until=None, error_code="retry")
        return "retry"
    before = history.snapshot(message, ["status"])
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENT,
        sent_at=now,
        provider_id=result.provider_id[:64],
        points=result.points,
        claimed_until=None,
        error_code="",
        error="",
    )
    message.refresh_from_db()
    history.record(
        actor=None,
        obj=message,
        action=HistoryEntry.Action.STATUS,
        before=before,
        after=history.snapshot(message, ["status"]),
    )
    return "sent"


def _with_stop_link(message: Message) -> str:
    link = channels.public_url("outreach:stop", stop_token(message))
    return f"{message.body}\n\n--\nNie chcesz dostawać od nas e-maili? Wypisz się jednym kliknięciem: {link}\n"


def send_due(*, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Queue what is due and send what may go now; the summary of `integra messages send-due`."""
    now = now or timezone.now()
    summary = Summary(dry_run=dry_run, channels=_enabled_channels())
    with translation.override(settings.LANGUAGE_CODE):  # reasons are kept in the centre's language
        queue_due(now=now, summary=summary, dry_run=dry_run)
        if not dry_run:
            send_queued(now=now, summary=summary)
    return summary.as_json()


# ---------------------------------------------------------------- notices of moved and cancelled sessions


def _notice(*, purpose: str, slot: SessionSlot, participant_ids: list[int], values: dict[str, str], key: str) -> None:
    now = timezone.now()
    if not participant_ids:
        return
    centre = Institution.objects.get(pk=slot.institution_id)
    people_rows = Participant.objects.filter(pk__in=participant_ids).order_by("pk")
    items = [
        Due(
            participant=person,
            purpose=purpose,
            key=f"{key}:{person.pk}",
            values=values | {"osrodek": centre.name, "imie": person.first_name},
            project_id=slot.project_id,
            session_id=slot.session_id if purpose == Purpose.MOVED else None,
        )
        for person in people_rows
    ]
    summary = Summary(channels=_enabled_channels())
    _queue(items, centre=centre, now=now, summary=summary, dry_run=False)


def notify_session_moved(*, actor: Any, session: Session, before: SessionSlot) -> None:
    """A session moved: the people enrolled hear where and when it is now (only for a session still ahead)."""
    today = timezone.localdate()
    if max(before.date, session.date) < today:
        return
    Message.objects.filter(
        key__startswith=f"r:{session.pk}:{before.date:%Y%m%d}{before.start_time:%H%M}:", status=Status.QUEUED
    ).update(status=Status.FAILED, error_code="stale", error=str(MSG_SESSION_MOVED))
    enrolled = list(
        Enrolment.objects.filter(activity_id=session.activity_id, status=Enrolment.Status.ENROLLED).values_list(
            "participant_id", flat=True
        )
    )
    centre = session.institution
    values = _session_values(session, centre) | {
        "poprzednio": f"{before.date:%d.%m.%Y} {before.start_time:%H:%M}",
    }
    key = f"m:{session.pk}:{before.date:%Y%m%d}{before.start_time:%H%M}>{session.date:%Y%m%d}{session.start_time:%H%M}"
    _notice(purpose=Purpose.MOVED, slot=before, participant_ids=enrolled, values=values, key=key)


def notify_session_cancelled(*, actor: Any, before: SessionSlot, enrolled: list[int]) -> None:
    """A session cancelled: the people enrolled hear it (only for a session still ahead); its queued reminders stop."""
    Message.objects.filter(key__startswith=f"r:{before.session_id}:", status=Status.QUEUED).update(
        status=Status.FAILED, error_code="stale", error=str(MSG_SESSION_CANCELLED)
    )
    if before.date < timezone.localdate():
        return
    centre = Institution.objects.get(pk=before.institution_id)
    values = {
        "zajecia": before.activity_title,
        "data": before.date.strftime("%d.%m.%Y"),
        "godzina": before.start_time.strftime("%H:%M"),
        "miejsce": before.room or centre.street or centre.name,
    }
    _notice(
        purpose=Purpose.CANCELLED, slot=before, participant_ids=enrolled, values=values, key=f"c:{before.session_id}"
    )


# ---------------------------------------------------------------- links, answers, withdrawals, reports


def answer_token(message: Message) -> str:
    return signing.dumps(message.pk, salt=_FOLLOW_UP_SALT, compress=False)


def stop_token(message: Message) -> str:
    return signing.dumps(message.pk, salt=_STOP_SALT, compress=False)


class LinkRefused(Exception):
    """A participant's link cannot be used; `message` (Polish) says why, `code` is logged."""

    def __init__(self, code: str, message: Any):
        super().__init__(code)
        self.code, self.message = code, message


def message_for_answer(token: str, *, now: dt.datetime | None = None) -> Message:
    """The follow-up question behind a link, if it may still be answered (LinkRefused otherwise)."""
    now = now or timezone.now()
    try:
        pk = signing.loads(token, salt=_FOLLOW_UP_SALT)
    except signing.BadSignature as exc:
        raise LinkRefused("bad_signature", MSG_LINK_INVALID) from exc
    message = (
        Message.objects.select_related("institution", "participation").filter(pk=pk, purpose=Purpose.FOLLOW_UP).first()
    )
    if message is None:
        raise LinkRefused("unknown", MSG_LINK_INVALID)
    if message.answered_at is not None or message.status == Status.ANSWERED:
        raise LinkRefused("used", MSG_LINK_USED)
    if message.link_expires_at is None or message.link_expires_at < now:
        raise LinkRefused("expired", MSG_LINK_EXPIRED)
    return message


@transaction.atomic
def answer_follow_up(*, token: str, answer: str, now: dt.datetime | None = None) -> FollowUp:
    """Record the person's answer once: a follow-up awaiting staff confirmation, the message answered."""
    now = now or timezone.now()
    message = message_for_answer(token, now=now)
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.answered_at is not None:
        raise LinkRefused("used", MSG_LINK_USED)
    if answer not in FollowUp.Answer.values:
        raise LinkRefused("no_answer", MSG_CHOOSE_ANSWER)
    try:
        follow_up = outcomes.record_participant_answer(
            participation=locked.participation,
            kind=locked.follow_up_kind,
            answer=answer,
            channel=locked.channel,
            answered_at=now,
        )
    except ValidationError as exc:
        raise LinkRefused("settled", MSG_LINK_USED) from exc
    before = history.snapshot(locked, ["status"])
    locked.status, locked.answered_at = Status.ANSWERED, now
    locked.save(update_fields=["status", "answered_at", "updated_at"])
    history.record(
        actor=None,
        obj=locked,
        action=HistoryEntry.Action.STATUS,
        before=before,
        after=history.snapshot(locked, ["status"]),
    )
    return follow_up


def message_for_stop(token: str) -> Message:
    try:
        pk = signing.loads(token, salt=_STOP_SALT)
    except signing.BadSignature as exc:
        raise LinkRefused("bad_signature", MSG_LINK_INVALID) from exc
    message = Message.objects.select_related("institution").filter(pk=pk, channel=Channel.EMAIL).first()
    if message is None:
        raise LinkRefused("unknown", MSG_LINK_INVALID)
    return message


def stop_by_link(*, token: str) -> int:
    """The link in an e-mail: the person's e-mail consent is withdrawn in one step; returns how many."""
    message = message_for_stop(token)
    withdrawn = people.withdraw_by_person(
        participant=message.participant, purpose=Consent.Purpose.EMAIL, how="wypisanie linkiem z e-maila"
    )
    Message.objects.filter(participant=message.participant, channel=Channel.EMAIL, status=Status.QUEUED).update(
        status=Status.FAILED, error_code="withdrawn", error=str(_("The person withdrew the consent."))
    )
    logger.info("e-mail consent withdrawn by link (message %s): %s", message.pk, len(withdrawn))
    return len(withdrawn)


def stop_by_sms(*, sender: str, text: str) -> int:
    """An inbound „STOP” (the gateway's callback): the SMS consent of everyone we texted at that number is
    withdrawn; their queued text messages stop. Another reply changes nothing. Returns how many were withdrawn."""
    word = (text or "").strip().upper().split()[:1]
    if not word or word[0].strip(".!") not in STOP_WORDS:
        return 0
    try:
        number = phone.normalise(sender if str(sender).startswith(("+", "00")) else f"+{sender}")
    except phone.InvalidPhone:
        return 0
    count = 0
    ids = set(Message.objects.filter(channel=Channel.SMS, recipient=number).values_list("participant_id", flat=True))
    for person in Participant.objects.filter(pk__in=ids).order_by("pk"):
        with transaction.atomic():
            count += len(
                people.withdraw_by_person(participant=person, purpose=Consent.Purpose.SMS, how="odpowiedź STOP na SMS")
            )
            Message.objects.filter(participant=person, channel=Channel.SMS, status=Status.QUEUED).update(
                status=Status.FAILED, error_code="withdrawn", error=str(_("The person withdrew the consent."))
            )
    logger.info("inbound STOP: %s consent(s) of %s person(s) withdrawn", count, len(ids))
    return count


# SMSAPI delivery statuses ("Lista statusów doręczenia").
DELIVERED_CODES = {"404"}
FAILED_CODES = {"401", "402", "405", "406", "407", "408", "412"}


def record_delivery_report(*, provider_id: str, status: str, idx: str = "", at: dt.datetime | None = None) -> bool:
    """A delivery report: a sent SMS becomes delivered or failed. The report must name a message we sent (its
    provider id, and the idx when given, both agree); anything else is ignored. Returns whether one changed."""
    at = at or timezone.now()
    code = str(status).strip()
    messages = (
        Message.objects.filter(channel=Channel.SMS, provider_id=provider_id) if provider_id else Message.objects.none()
    )
    if idx:
        pk = idx.removeprefix("integra-")
        if not pk.isdigit():
            return False
        messages = (messages if provider_id else Message.objects.filter(channel=Channel.SMS)).filter(pk=int(pk))
    message = messages.filter(status__in=(Status.SENT, Status.DELIVERED)).first()
    if message is None:
        return False
    before = history.snapshot(message, ["status"])
    if code in DELIVERED_CODES:
        Message.objects.filter(pk=message.pk).update(status=Status.DELIVERED, delivered_at=at)
    elif code in FAILED_CODES:
        Message.objects.filter(pk=message.pk).update(
            status=Status.FAILED,
            error_code=f"dlr-{code}"[:40],
            error=str(_("The message was not delivered (the operator's report %(code)s).") % {"code": code}),
        )
    else:
        return False
    message.refresh_from_db()
    history.record(
        actor=None,
        obj=message,
        action=HistoryEntry.Action.STATUS,
        before=before,
        after=history.snapshot(message, ["status"]),
    )
    return True


# ---------------------------------------------------------------- settings and templates (screens)


@transaction.atomic
def save_settings(*, actor: Any, reminder_time: dt.time, daily_sms_limit: int) -> OutreachSettings:
    """A centre's reminder time (08:00–20:00, outside the quiet hours) and daily SMS limit."""
    if not (QUIET_UNTIL <= reminder_time < QUIET_FROM):
        raise ValidationError(
            {"reminder_time": [_("Choose a time between 08:00 and 20:00: no text message is sent at night.")]}
        )
    row = OutreachSettings.objects.select_for_update().filter(institution_id=actor.institution_id).first()
    before = history.snapshot(row) if row else None
    row = row or OutreachSettings(institution_id=actor.institution_id)
    row.reminder_time, row.daily_sms_limit = reminder_time, daily_sms_limit
    row.full_clean()
    row.save()
    history.record(
        actor=actor, obj=row, action=HistoryEntry.Action.UPDATE if before else HistoryEntry.Action.CREATE, before=before
    )
    return row


@transaction.atomic
def save_template(*, actor: Any, purpose: str, channel: str, subject: str, body: str) -> Any:
    """A centre's own text of one kind of message (placeholders checked: bare `{name}` only)."""
    from integra.outreach.models import MessageTemplate

    errors: dict[str, list[Any]] = {}
    if purpose not in Purpose.values or channel not in Channel.values:
        raise ValidationError(_("Unknown kind of message."))
    if not (body or "").strip():
        errors["body"] = [_("This field is required.")]
    for name, text in (("subject", subject), ("body", body)):
        try:
            texts.check(text or "")
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
    if channel == Channel.EMAIL and not (subject or "").strip():
        errors.setdefault("subject", []).append(_("An e-mail needs a subject."))
    if errors:
        raise ValidationError(errors)
    row = MessageTemplate.objects.filter(institution_id=actor.institution_id, purpose=purpose, channel=channel).first()
    before = history.snapshot(row) if row else None
    row = row or MessageTemplate(institution_id=actor.institution_id, purpose=purpose, channel=channel)
    row.subject = (subject or "").strip() if channel == Channel.EMAIL else ""
    row.body = body.strip()
    row.full_clean()
    row.save()
    history.record(
        actor=actor, obj=row, action=HistoryEntry.Action.UPDATE if before else HistoryEntry.Action.CREATE, before=before
    )
    return row
