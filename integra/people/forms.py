"""Forms of the registry screens: they only parse and normalise; `services` checks the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core import phone
from integra.core.forms import DrawnOnce
from integra.core.validators import validate_email_change
from integra.people.models import (
    Answer,
    Consent,
    Degurba,
    Education,
    EligibilityGroup,
    HouseholdMember,
    LabourStatus,
    Participant,
    Sex,
)
from integra.people.picker import PersonField, PersonPickerMixin
from integra.people.services import MemberInput

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _label(name: str, model=Participant) -> str:
    return model._meta.get_field(name).verbose_name


def _choice(name: str, choices, blank: bool = True) -> forms.ChoiceField:
    options = [("", "—"), *choices] if blank else list(choices)
    return forms.ChoiceField(label=_label(name), choices=options, required=False)


def _answer(name: str) -> forms.ChoiceField:
    """A special-category answer: „brak danych” comes first and is what an untouched form saves."""
    return _choice(name, Answer.choices, blank=False)


def _date(name: str, model=Participant) -> forms.DateField:
    return forms.DateField(label=_label(name, model), required=False, input_formats=DATE_FORMATS, widget=DateInput())


def _text(name: str, model=Participant) -> forms.CharField:
    field = model._meta.get_field(name)
    return forms.CharField(label=field.verbose_name, required=False, max_length=field.max_length)


class MarksInvalid:
    """Marks fields with errors `aria-invalid` (Pico shows them red; screen readers announce them)."""

    def add_error(self, field, error) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        for name in self._errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                self.fields[name].widget.attrs["aria-invalid"] = "true"  # type: ignore[attr-defined]


class ParticipantForm(MarksInvalid, forms.Form):
    """Every attribute of the participant sheet that describes the person, plus KIS groups."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_name = _text("first_name")
    last_name = _text("last_name")
    pesel = forms.CharField(label=_("PESEL"), required=False, max_length=20)
    no_pesel = forms.BooleanField(label=_("no PESEL (e.g. a foreigner)"), required=False)
    sex = _choice("sex", Sex.choices)
    birth_date = _date("birth_date")
    education = _choice("education", Education.choices)
    country = _text("country")
    voivodeship = _text("voivodeship")
    powiat = _text("powiat")
    gmina = _text("gmina")
    locality = _text("locality")
    street = _text("street")
    building_no = _text("building_no")
    flat_no = _text("flat_no")
    postal_code = forms.CharField(label=_("postal code"), required=False, max_length=20)
    degurba = _choice("degurba", Degurba.choices)
    phone = _text("phone")
    email = forms.CharField(label=_("e-mail"), required=False, max_length=254)
    labour_status = _choice("labour_status", LabourStatus.choices)
    long_term_unemployed = forms.BooleanField(label=_label("long_term_unemployed"), required=False)
    self_employed = forms.BooleanField(label=_label("self_employed"), required=False)
    in_education = forms.BooleanField(label=_label("in_education"), required=False)
    disability = _answer("disability")
    severe_disability = forms.BooleanField(label=_label("severe_disability"), required=False)
    foreign_background = _answer("foreign_background")
    minority = _answer("minority")
    third_country_national = forms.BooleanField(label=_label("third_country_national"), required=False)
    homeless = _answer("homeless")
    other_disadvantage = _answer("other_disadvantage")
    social_assistance_since = _date("social_assistance_since")
    groups = forms.MultipleChoiceField(
        label=_("KIS eligibility groups"),
        choices=EligibilityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    SECTIONS = (
        (_("Person"), ("first_name", "last_name", "pesel", "no_pesel", "sex", "birth_date", "education")),
        (
            _("Address"),
            (
                "street",
                "building_no",
                "flat_no",
                "postal_code",
                "locality",
                "gmina",
                "powiat",
                "voivodeship",
                "country",
                "degurba",
            ),
        ),
        (_("Contact"), ("phone", "email")),
        (
            _("Labour market and social assistance"),
            ("labour_status", "long_term_unemployed", "self_employed", "in_education", "social_assistance_since"),
        ),
        (
            _("Special-category answers"),
            (
                "disability",
                "severe_disability",
                "foreign_background",
                "minority",
                "third_country_national",
                "homeless",
                "other_disadvantage",
                "groups",
            ),
        ),
    )

    def clean_pesel(self) -> str:
        return "".join(self.cleaned_data.get("pesel", "").split())

    def clean_email(self) -> str:
        """The address the form was shown with passes unchanged (`validate_email_change`); a new one meets the rule."""
        value = self.cleaned_data.get("email", "")
        validate_email_change(value, self.initial.get("email"))
        return value

    def clean_postal_code(self) -> str:
        return self.cleaned_data.get("postal_code", "").strip()

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    @classmethod
    def initial_for(cls, participant: Participant) -> dict:
        initial = {name: getattr(participant, name) for name in cls.base_fields if name not in {"groups", "version"}}
        initial["pesel"] = participant.pesel or ""
        initial["phone"] = phone.display(participant.phone)
        initial["groups"] = participant.group_codes
        initial["version"] = participant.version
        return initial

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"groups", "version"}}


class ParticipantFilterForm(forms.Form):
    """The list's search box and filters."""

    q = forms.CharField(label=_("Surname or PESEL"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("labour-market status"), choices=[("", _("all")), *LabourStatus.choices], required=False
    )
    group = forms.ChoiceField(
        label=_("eligibility group"), choices=[("", _("all")), *EligibilityGroup.choices], required=False
    )
    disability = forms.ChoiceField(
        label=_("disability"),
        choices=[("", _("all")), *((v, label) for v, label in Answer.choices if v)],
        required=False,
    )


class ConsentForm(DrawnOnce, forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=Consent.Purpose.choices)
    scope = forms.CharField(label=_("scope"), required=False, max_length=300)
    given_via = forms.CharField(
        label=_("on what form"),
        required=False,
        max_length=200,
        help_text=_("the document signed, e.g. the participation declaration"),
    )
    given_on = forms.DateField(label=_("given on"), required=False, input_formats=DATE_FORMATS, widget=DateInput())
    valid_until = forms.DateField(
        label=pgettext_lazy("consent", "valid until"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=_("only for a consent given for a period; empty: until withdrawn"),
    )


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )

    def clean_withdrawn_on(self):
        """One step: a withdrawal without a date is recorded as of today."""
        return self.cleaned_data.get("withdrawn_on") or timezone.localdate()


class HouseholdForm(MarksInvalid, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("name"), required=False, max_length=200, help_text=_("e.g. the family's surname"))
    street = forms.CharField(label=_("street and number"), required=False, max_length=200)
    postal_code = forms.CharField(label=_("postal code"), required=False, max_length=20)
    locality = forms.CharField(label=_("town"), required=False, max_length=100)
    in_social_work = forms.BooleanField(label=_("in social work"), required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    members = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the members' errors


class MemberForm(PersonPickerMixin, forms.Form):
    participant = PersonField(label=_("participant"), queryset=Participant.objects.none(), required=False)
    first_name = forms.CharField(label=_("first name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("surname"), required=False, max_length=100)
    birth_date = forms.DateField(
        label=_("date of birth"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    relation = forms.ChoiceField(
        label=_("relation to the head"), choices=[("", "—"), *HouseholdMember.Relation.choices], required=False
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["participant"].queryset = people

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("participant") or data.get("first_name") or data.get("last_name") or data.get("relation"))

    def member(self) -> MemberInput:
        data = self.cleaned_data
        return MemberInput(
            relation=data.get("relation") or "",
            participant=data.get("participant"),
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            birth_date=data.get("birth_date"),
        )


class BaseMemberFormSet(forms.BaseFormSet):
    def members(self) -> list[MemberInput]:
        return [form.member() for form in self.forms if form.cleaned_data and not form.is_blank()]


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3, max_num=30, validate_max=True)


def member_formset(membership, data=None, initial=None) -> BaseMemberFormSet:
    """The members' rows; the participant choice lists only the acting centre's people."""
    people = Participant.objects.for_membership(membership).filter(anonymised_at__isnull=True)
    return MemberFormSet(data=data, initial=initial, prefix="members", form_kwargs={"people": people})
