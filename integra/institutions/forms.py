"""institutions: forms only parse and normalise."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.roles import Specialty
from integra.institutions.services import CENTRE_STAFF_ROLES


class StaffForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("surname"), max_length=150)
    username = forms.CharField(label=_("username"), max_length=150)
    password = forms.CharField(
        label=_("password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("at least 12 characters; the person changes it later"),
    )
    role = forms.ChoiceField(label=_("role"), choices=[(r.value, r.label) for r in CENTRE_STAFF_ROLES])
    specialty = forms.ChoiceField(label=_("specialty"), choices=[("", "—"), *Specialty.choices], required=False)
    fte = forms.DecimalField(label=_("FTE"), max_digits=4, decimal_places=2, initial=Decimal("1.00"), localize=True)
    start_on = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
