"""recruitment: forms (parse and normalise only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.roles import NeedKind
from integra.people.models import EligibilityGroup, Participant
from integra.people.picker import PersonField, PersonPickerMixin
from integra.projects.forms import date_field
from integra.projects.models import Project
from integra.recruitment.models import Application, Criterion


class CallForm(forms.Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    title = forms.CharField(label=_("title"), max_length=300)
    opens_on = date_field(_("opens on"))
    closes_on = date_field(_("closes on"))
    capacity = forms.IntegerField(label=_("places"), min_value=1)
    reserve_size = forms.IntegerField(label=_("size of the reserve list"), min_value=0, initial=0)
    rules = forms.CharField(label=_("rules of recruitment"), widget=forms.Textarea, required=False)
    committee = forms.CharField(label=_("recruitment committee"), widget=forms.Textarea, required=False)
    attachment = forms.FileField(label=_("rules (file)"), required=False)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_membership(membership)


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Criterion.Kind.choices)
    rule = forms.ChoiceField(label=_("rule"), choices=Criterion.Rule.choices)
    label = forms.CharField(label=_("name"), max_length=200)
    points = forms.IntegerField(label=_("points"), min_value=0, initial=0, required=False)
    gmina = forms.CharField(
        label=_("gmina"),
        required=False,
        max_length=60,
        help_text=_("For „lives in the gmina”: empty means the centre's own gmina."),
    )
    min_age = forms.IntegerField(
        label=_("from age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("For „is of working age”: 18 when empty."),
    )
    max_age = forms.IntegerField(
        label=_("to age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("For „is of working age”: 64 when empty."),
    )
    group = forms.ChoiceField(
        label=_("eligibility group"), required=False, choices=[("", "—"), *EligibilityGroup.choices]
    )

    def clean(self) -> dict:
        """The rule's parameters (`Criterion.params`) from the fields that were filled in."""
        data = super().clean()
        names = ("gmina", "min_age", "max_age", "group")
        data["params"] = {name: data[name] for name in names if data.get(name) not in (None, "")}
        for name in names:
            data.pop(name, None)
        return data

    def clean_points(self) -> int:
        return self.cleaned_data.get("points") or 0


class ApplicationForm(PersonPickerMixin, forms.Form):
    participant = PersonField(queryset=Participant.objects.none())
    applied_on = date_field(_("application date"))
    source = forms.ChoiceField(label=_("source"), choices=Application.Source.choices)
    home_interview_on = date_field(_("home interview (wywiad środowiskowy) on"), required=False)
    questionnaire_notes = forms.CharField(label=_("questionnaire answers"), widget=forms.Textarea, required=False)
    needs = forms.MultipleChoiceField(
        label=_("needs assessment"), choices=NeedKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.for_membership(membership).filter(
            anonymised_at__isnull=True
        )


class ScoreForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("criterion"), queryset=Criterion.objects.none())
    points = forms.IntegerField(label=_("points"), min_value=0)
    justification = forms.CharField(label=_("justification"), widget=forms.Textarea, required=False)
    awarded_on = date_field(_("date"))

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = (
            call.criteria.filter(kind=Criterion.Kind.MANUAL) if call else Criterion.objects.none()
        )


class DecisionDateForm(forms.Form):
    decided_on = date_field(_("date of the decision"))


class DecisionConfirmForm(DecisionDateForm):
    """The confirmation of a decision on a whole call: the date, closing an open call, the changes confirmed."""

    close_call = forms.BooleanField(label=_("Close the call"), required=False)
    plan = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        if call.status == call.Status.OPEN:
            self.fields["close_call"].help_text = _(
                "The call is open until %(closes)s; applicants are qualified only once it is closed. "
                "Tick to close it with this decision: it takes no more applications."
            ) % {"closes": call.closes_on.strftime("%d.%m.%Y")}
        else:
            del self.fields["close_call"]


class CapacityForm(DecisionDateForm):
    capacity = forms.IntegerField(label=_("places"), min_value=1)


class CapacityConfirmForm(DecisionConfirmForm):
    capacity = forms.IntegerField(label=_("places"), min_value=1)

    field_order = ["capacity", "decided_on", "close_call", "plan"]


class TieBreakForm(forms.Form):
    tie_break = forms.IntegerField(label=_("committee tie-break"), min_value=1, required=False)


class WithdrawForm(DecisionDateForm):
    reason = forms.CharField(label=_("reason"), max_length=500)
