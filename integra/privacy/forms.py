"""Filters of the DPO's screens. A PESEL is only ever typed into a POSTed field, never put in a URL."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from integra.core.collation import polish
from integra.core.models import AccessLogEntry
from integra.core.pesel import InvalidPesel, parse
from integra.institutions.models import Membership
from integra.people.models import Consent

BAD_PESEL = _("Enter a valid 11-digit PESEL number.")
DATES_REVERSED = _("The end date is before the start date.")
NOBODY_FOUND = _("Nobody in your centre matches: check the spelling, or search by PESEL or internal number.")


def pesel_is_valid(value: str) -> bool:
    try:
        parse(value)
    except InvalidPesel:
        return False
    return True


class AccessLogFilter(forms.Form):
    user = forms.ModelChoiceField(
        label=_("user"), queryset=get_user_model().objects.none(), required=False, empty_label=_("all")
    )
    participant = forms.IntegerField(label=_("person (internal number)"), required=False, min_value=1)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("all")), *AccessLogEntry.Kind.choices], required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Membership.objects.for_membership(membership).values("user_id")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=staff)
            .order_by(polish("last_name"), polish("first_name"), "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(DATES_REVERSED)
        return data


class PersonQueryForm(forms.Form):
    """A person to find, typed into a POSTed field (never a URL): a surname (with the first name), a PESEL, an
    internal number („nr 1184”) or a birth year — `Participant.objects.search`. Only an 11-digit number is read as a
    PESEL and checked as one; a surname is never told it is a wrong PESEL."""

    person = forms.CharField(
        label=_("surname, PESEL or internal number"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
        error_messages={"required": _("Enter a surname, a PESEL or an internal number.")},
    )

    def clean_person(self) -> str:
        value = " ".join(self.cleaned_data["person"].split())
        for token in value.split():
            if token.isdigit() and len(token) == 11 and not pesel_is_valid(token):
                raise forms.ValidationError(BAD_PESEL)
        return value


class ConsentFilter(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=[("", _("all")), *Consent.Purpose.choices], required=False)
    withdrawn = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[
            ("", _("all")),
            ("no", _("in force")),
            ("expiring", _("ending soon")),
            ("expired", _("past their end date")),
            ("yes", _("withdrawn")),
        ],
    )


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AnonymiseForm(forms.Form):
    """The officer's confirmation that a person's identifiers are removed for good."""

    confirm = forms.BooleanField(
        label=_("I understand that anonymisation cannot be undone"),
        error_messages={"required": _("Tick the box to confirm that the data may be removed for good.")},
    )
