"""Forms of the outcomes app: they only parse and normalise; services hold the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.institutions.models import Partner
from integra.outcomes.models import ExitReason, ResultKind

MSG_FILE_TOO_LARGE = _("The file is too large: at most %(limit)s MB can be uploaded.")
MSG_FILE_TYPE = _("Choose an XLSX or CSV file.")

YES_NO_UNKNOWN = [("", _("not known")), ("yes", _("yes")), ("no", _("no"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExitForm(forms.Form):
    exit_on = forms.DateField(label=_("exit date"), widget=DateInput())
    reason = forms.ChoiceField(label=_("reason"), choices=ExitReason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ResultKind.choices)
    achieved_on = forms.DateField(label=_("date"), widget=DateInput())
    evidence = forms.CharField(
        label=_("evidence"),
        max_length=300,
        required=False,
        help_text=_("e.g. the number and date of the employment contract or certificate"),
    )
    employer = forms.ModelChoiceField(label=_("employer"), queryset=Partner.objects.none(), required=False)
    qualification_name = forms.CharField(label=_("qualification"), max_length=200, required=False)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Partner.objects.for_membership(membership).order_by("name")


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DateInput())
    employed = forms.ChoiceField(label=pgettext_lazy("follow-up", "employed"), choices=YES_NO_UNKNOWN, required=False)
    improved_situation = forms.ChoiceField(
        label=_("improved labour-market situation"), choices=YES_NO_UNKNOWN, required=False
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    @staticmethod
    def as_bool(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value)


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("participant sheet (XLSX or CSV)"))
    dry_run = forms.BooleanField(
        label=_("dry run: check the file and show the report without saving anything"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INTEGRA_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(str(MSG_FILE_TOO_LARGE) % {"limit": limit // (1024 * 1024)})
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(MSG_FILE_TYPE)
        return upload
