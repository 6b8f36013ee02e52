"""Forms of the outreach screens: they only parse; `services` checks the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.outcomes.models import FollowUp
from integra.outreach.models import DEFAULT_DAILY_SMS_LIMIT, DEFAULT_REMINDER_TIME


class SettingsForm(forms.Form):
    reminder_time = forms.TimeField(
        label=_("reminders go out the day before at"),
        initial=DEFAULT_REMINDER_TIME,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("between 08:00 and 20:00: no text message is sent at night"),
    )
    daily_sms_limit = forms.IntegerField(
        label=_("text messages a day at most"), min_value=0, max_value=100000, initial=DEFAULT_DAILY_SMS_LIMIT
    )


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=200, required=False)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class AnswerForm(forms.Form):
    """„Czy pracuje Pan/Pani?” — one question, the answers the indicators need."""

    answer = forms.ChoiceField(
        label=_("Are you working?"),
        choices=FollowUp.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
