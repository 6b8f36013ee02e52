"""Filters of the DPO's screens. A PESEL is only ever typed into a POSTed field, never put in a URL."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from integra.core.models import AccessLogEntry
from integra.core.pesel import InvalidPesel, parse
from integra.institutions.models import Membership
from integra.people.models import Consent

BAD_PESEL = _("Enter a valid 11-digit PESEL number.")
DATES_REVERSED = _("The end date is before the start date.")
NOBODY_FOUND = _("No person with this number in your centre.")


def pesel_is_valid(value: str) -> bool:
    try:
        parse(value)
    except InvalidPesel:
        return False
    return True


class AccessLogFilter(forms.Form):
    user = forms.ModelChoiceField(label=_("user"), queryset=get_user_model().objects.none(), required=False)
    participant = forms.IntegerField(label=_("person (internal number)"), required=False, min_value=1)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *AccessLogEntry.Kind.choices], required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Membership.objects.for_membership(membership).values("user_id")
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=staff).order_by("last_name", "username")
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(DATES_REVERSED)
        return data


class PeselForm(forms.Form):
    pesel = forms.CharField(label=_("PESEL"), max_length=11, min_length=11,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))

    def clean_pesel(self) -> str:
        value = self.cleaned_data["pesel"].strip()
        if not (value.isdigit() and pesel_is_valid(value)):
            raise forms.ValidationError(BAD_PESEL)
        return value


class SubjectFindForm(forms.Form):
    """Find a person by internal number or PESEL (POST only)."""

    participant = forms.IntegerField(label=_("internal number"), required=False, min_value=1)
    pesel = forms.CharField(label=_("or PESEL"), max_length=11, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))

    def clean(self):
        data = super().clean()
        pesel = (data.get("pesel") or "").strip()
        if pesel and not (pesel.isdigit() and len(pesel) == 11 and pesel_is_valid(pesel)):
            self.add_error("pesel", BAD_PESEL)
        elif not pesel and not data.get("participant"):
            raise forms.ValidationError(_("Enter an internal number or a PESEL."))
        data["pesel"] = pesel
        return data


class ConsentFilter(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=[("", "—"), *Consent.Purpose.choices], required=False)
    withdrawn = forms.ChoiceField(label=_("status"), required=False,
                                  choices=[("", "—"), ("no", _("in force")), ("expiring", _("ending soon")),
                                           ("expired", _("past their end date")), ("yes", _("withdrawn"))])


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("withdrawn on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
