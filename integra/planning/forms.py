"""planning: forms only parse and normalise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.roles import NeedKind

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
OUTCOMES = [
    ("job_28d", _("job within 28 days of exit")),
    ("job_3m", _("job within 3 months of exit")),
    ("social_progress", _("social progress")),
    ("qualification", _("qualification gained")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateForm(forms.Form):
    """The date a figure is evaluated at (default: today)."""

    date = forms.DateField(label=_("as of"), required=False, input_formats=DATE_FORMATS, widget=DateInput())


class PeriodForm(forms.Form):
    """What works: the period and the outcome."""

    date_from = forms.DateField(label=_("from"), required=False, input_formats=DATE_FORMATS, widget=DateInput())
    date_to = forms.DateField(label=_("to"), required=False, input_formats=DATE_FORMATS, widget=DateInput())
    outcome = forms.ChoiceField(label=_("outcome"), choices=OUTCOMES, required=False)

    DEFAULT_OUTCOME = "job_3m"

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("outcome"):
            # The outcome analysed when none is chosen is the one the select shows chosen, not its first option
            # (the page read „praca w ciągu 28 dni” above results for three months).
            data = data.copy()
            data["outcome"] = self.DEFAULT_OUTCOME
        super().__init__(data, *args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the period must not be after its end."))
        data["outcome"] = data.get("outcome") or self.DEFAULT_OUTCOME
        return data


class NeedForm(forms.Form):
    need = forms.ChoiceField(label=_("need"), choices=NeedKind.choices)
    recorded_on = forms.DateField(label=_("recorded on"), input_formats=DATE_FORMATS, widget=DateInput())
    note = forms.CharField(label=pgettext_lazy("need", "note"), max_length=300, required=False)
