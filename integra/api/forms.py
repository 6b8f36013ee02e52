"""The service-account form of the administrator's screen (parsing only; the service checks the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.roles import Role, Specialty


class ServiceAccountForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100, help_text=_("e.g. the system that will use the token"))
    role = forms.ChoiceField(
        label=_("role"),
        choices=[("", "—"), *Role.choices],
        help_text=_("the token sees and does what a person of this role sees and does"),
    )
    specialty = forms.ChoiceField(
        label=_("specialty"),
        choices=[("", "—"), *Specialty.choices],
        required=False,
        help_text=_("only for the specialist role"),
    )
    expires_on = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("the last day the token works; empty: until revoked"),
    )
