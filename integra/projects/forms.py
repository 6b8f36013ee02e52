"""projects: forms (parse and normalise only) and the helper that shows a service's refusal on a form."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from integra.institutions.models import Club, Partner
from integra.projects.models import ProgrammePeriod, Project
from integra.projects.services import PROJECT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class ProjectForm(forms.ModelForm):
    # A choice on screen; the rule (a period Integra has indicators for, refused with the list otherwise) is the
    # service's, so a value the list does not offer gets the same message here as over the API.
    programme_period = forms.CharField(
        label=capfirst(Project._meta.get_field("programme_period").verbose_name),
        help_text=Project._meta.get_field("programme_period").help_text,
        initial=ProgrammePeriod.P2021_2027,
        widget=forms.Select(choices=ProgrammePeriod.choices),
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {"start_on": DateInput(), "end_on": DateInput()}

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.for_membership(membership)

    def validate_unique(self) -> None:
        """Uniqueness of the code per centre is the service's rule."""

    def _post_clean(self) -> None:
        """The service validates the whole row (with the centre it belongs to)."""


class PartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("partner"), queryset=Partner.objects.none())
    role = forms.CharField(label=_("role in the project"), max_length=200)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_membership(membership)


class EditionForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    start_on = date_field(_("start"))
    end_on = date_field(_("end"))
