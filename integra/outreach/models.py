"""Messages to participants (reminders, notices, follow-up questions) by SMS and e-mail, and their settings."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel, ScopedQuerySet


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")


class Purpose(models.TextChoices):
    REMINDER = "reminder", _("session reminder")
    MOVED = "moved", _("session moved")
    CANCELLED = "cancelled", _("session cancelled")
    FOLLOW_UP = "follow_up", _("follow-up question")


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", pgettext_lazy("message status", "failed")
    ANSWERED = "answered", _("answered")


DEFAULT_REMINDER_TIME = dt.time(16, 0)
DEFAULT_DAILY_SMS_LIMIT = 300


class OutreachSettings(ScopedModel):
    """Ustawienia wiadomości: when a centre's reminders go and how many text messages it sends a day at most."""

    reminder_time = models.TimeField(
        _("reminders go out the day before at"),
        default=DEFAULT_REMINDER_TIME,
        help_text=_("between 08:00 and 20:00: no text message is sent at night"),
    )
    daily_sms_limit = models.PositiveIntegerField(
        _("text messages a day at most"),
        default=DEFAULT_DAILY_SMS_LIMIT,
        help_text=_("what is over the limit waits for the next day"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution"], name="outreach_settings_once_per_centre")]
        verbose_name = _("message settings")


class MessageTemplate(ScopedModel):
    """Wzór wiadomości: a centre's own text of one kind of message on one channel (Integra's Polish default
    applies where the centre has none). Placeholders are substituted safely (integra.core.placeholders)."""

    purpose = models.CharField(_("kind of message"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)  # e-mail only
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["purpose", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "purpose", "channel"], name="message_template_once_per_kind")
        ]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")


class MessageQuerySet(ScopedQuerySet):
    def to_person(self, participant) -> MessageQuerySet:
        """Every message to one participant, newest first."""
        return self.filter(participant=participant).order_by("-created_at", "-id")

    def sms_sent_on(self, institution_id: int, start: dt.datetime, end: dt.datetime) -> MessageQuerySet:
        """A centre's text messages handed to the gateway within [start, end) (the daily limit counts them)."""
        return self.filter(
            institution_id=institution_id, channel=Channel.SMS, sent_at__gte=start, sent_at__lt=end
        ).exclude(provider_id="")


class Message(ScopedModel):
    """Wiadomość: one text to one participant on one channel, from queued to sent, delivered, failed or answered.

    `key` makes queueing idempotent (the same reminder is never queued twice, whoever runs `send-due`); the SMS
    gateway gets `idx` = `integra-<id>` with `check_idx=1`, so a retry after a lost answer never sends twice."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="messages", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    session = models.ForeignKey(
        "support.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("activity", "session"),
    )
    participation = models.ForeignKey(
        "projects.Participation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participation in the project"),
    )
    follow_up_kind = models.CharField(_("follow-up"), max_length=3, blank=True)  # outcomes.FollowUp.Kind for a question
    purpose = models.CharField(_("kind of message"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    key = models.CharField(_("key that keeps the message from being sent twice"), max_length=120, unique=True)
    recipient = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    parts = models.PositiveSmallIntegerField(_("SMS parts"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    due_at = models.DateTimeField(_("due"))
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)  # a sender holds it until then
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    link_expires_at = models.DateTimeField(
        _("answer link valid until"), null=True, blank=True
    )  # a follow-up question's one-time link
    provider_id = models.CharField(
        _("number of the message at the SMS gateway"), max_length=64, blank=True
    )  # the gateway's id of the SMS
    points = models.DecimalField(_("cost (points)"), max_digits=8, decimal_places=4, null=True, blank=True)
    error_code = models.CharField(
        _("code of the sending error"), max_length=40, blank=True
    )  # the gateway's or our code, never personal data
    error = models.CharField(_("reason"), max_length=300, blank=True)  # Polish, for staff

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["institution", "status", "due_at"], name="message_due_idx"),
            models.Index(fields=["institution", "created_at"], name="message_recent_idx"),
            models.Index(fields=["provider_id"], name="message_provider_idx", condition=~Q(provider_id="")),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk} ({self.status})"

    @property
    def idx(self) -> str:
        """The gateway's idempotency key of this message (sent with check_idx=1)."""
        return f"integra-{self.pk}"
