"""casework: forms (parse and normalise only)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.casework.models import ContractObligation, ContractStage, SocialContract
from integra.casework.numbering import propose_contract_number
from integra.core.roles import Role
from integra.institutions.models import Membership
from integra.people.models import Participant
from integra.people.picker import PersonField, PersonPickerMixin
from integra.projects.forms import date_field
from integra.projects.models import Project

TEXTS = ("assessment", "causes", "resources", "limitations", "main_goal", "evaluation_method")


def _text(label) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ScopedChoices(PersonPickerMixin):
    def scope(self, membership) -> None:
        if "participant" in self.fields:
            self.fields["participant"].queryset = Participant.objects.for_membership(membership).filter(
                anonymised_at__isnull=True
            )
        if "project" in self.fields:
            self.fields["project"].queryset = Project.objects.for_membership(membership)


NUMBER_PROPOSED = _("Proposed in the centre's numbering; correct it if needed.")


class ContractForm(ScopedChoices, forms.Form):
    number = forms.CharField(label=_("number"), max_length=50, help_text=NUMBER_PROPOSED)
    variant = forms.ChoiceField(label=_("variant"), choices=SocialContract.Variant.choices)
    participant = PersonField(queryset=Participant.objects.none())
    social_worker = forms.ModelChoiceField(label=_("social worker"), queryset=Membership.objects.none())
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none(), required=False)
    start_on = date_field(_("start"))
    end_on = date_field(_("end"))
    next_review_on = date_field(_("next review"), required=False)
    assessment = _text(_("assessment of the situation"))
    causes = _text(_("causes of the difficult situation"))
    resources = _text(_("resources and abilities"))
    limitations = _text(_("limitations"))
    main_goal = _text(_("main goal"))
    evaluation_method = _text(_("how it will be evaluated"))

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(membership)
        if membership is not None:
            self.fields["number"].initial = propose_contract_number(
                membership.institution_id, timezone.localdate().year
            )
        self.fields["social_worker"].queryset = (
            Membership.objects.for_membership(membership).filter(role=Role.SOCIAL_WORKER).select_related("user")
        )
        self.fields["social_worker"].label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()


CONTRACT_MONTHS_DAYS = 182  # a contract's usual length, proposed as its end


class AdmitForm(forms.Form):
    """The guided path from the person's page: the project, the contract and its first stage on one screen.

    The number is proposed in the centre's numbering, the dates from today; a social worker concludes the contract
    themselves, a coordinator or administrator names the social worker."""

    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    social_worker = forms.ModelChoiceField(label=_("social worker"), queryset=Membership.objects.none())
    number = forms.CharField(label=_("contract number"), max_length=50, help_text=NUMBER_PROPOSED)
    start_on = date_field(_("start of the contract and of taking part"))
    end_on = date_field(_("end of the contract"))
    signed_on = date_field(_("signed on"), required=False)
    assessment = _text(_("assessment of the situation"))
    main_goal = _text(_("main goal"))
    stage_goal = forms.CharField(label=_("first stage: specific goal"), widget=forms.Textarea(attrs={"rows": 2}))
    stage_deadline = date_field(_("first stage: deadline"))
    obligation = forms.CharField(label=_("what the person commits to"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.membership = membership
        self.fields["project"].queryset = (
            Project.objects.for_membership(membership)
            .filter(status=Project.Status.RUNNING, end_on__gte=today)
            .order_by("-start_on", "code")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.code} — {p.title}"
        self.fields["signed_on"].help_text = _("Leave empty to keep the contract as a draft until it is signed.")
        self.initial.setdefault("number", propose_contract_number(membership.institution_id, today.year))
        self.initial.setdefault("start_on", today)
        self.initial.setdefault("signed_on", today)
        self.initial.setdefault("end_on", today + dt.timedelta(days=CONTRACT_MONTHS_DAYS))
        if membership.role == Role.SOCIAL_WORKER:
            del self.fields["social_worker"]  # concluded by the social worker on the screen
        else:
            self.fields["social_worker"].queryset = (
                Membership.objects.for_membership(membership)
                .filter(role=Role.SOCIAL_WORKER, is_active=True)
                .select_related("user")
            )
            self.fields["social_worker"].label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()

    def clean(self):
        data = super().clean()
        data.setdefault("social_worker", self.membership)
        return data


class ModifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    start_on = date_field(_("start"))
    end_on = date_field(_("end"))
    next_review_on = date_field(_("next review"), required=False)
    assessment = _text(_("assessment of the situation"))
    causes = _text(_("causes of the difficult situation"))
    resources = _text(_("resources and abilities"))
    limitations = _text(_("limitations"))
    main_goal = _text(_("main goal"))
    evaluation_method = _text(_("how it will be evaluated"))
    modified_on = date_field(_("date of the change"))
    reason = forms.CharField(label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class StageForm(forms.Form):
    goal = forms.CharField(label=_("specific goal"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = date_field(_("deadline"))


class ObligationForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("stage"), queryset=ContractStage.objects.none())
    party = forms.ChoiceField(label=_("party"), choices=ContractObligation.Party.choices)
    action = forms.CharField(label=_("action"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = date_field(_("deadline"))

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = contract.stages.all() if contract else ContractStage.objects.none()
        self.fields["stage"].label_from_instance = lambda s: f"{s.order}. {s.goal[:60]}"


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("new status"), choices=SocialContract.Status.choices)
    changed_on = date_field(_("date"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    decision = forms.CharField(label=_("decision taken"), required=False)
    final_evaluation = forms.CharField(
        label=_("final evaluation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SignForm(forms.Form):
    signed_on = date_field(_("signed on"))


class PlanForm(ScopedChoices, forms.Form):
    participant = PersonField(queryset=Participant.objects.none())
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none(), required=False)
    career_advisor = forms.ModelChoiceField(label=_("career advisor"), queryset=Membership.objects.none())
    drawn_up_on = date_field(_("drawn up on"))
    start_on = date_field(_("start"))
    end_on = date_field(_("end"))
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea(attrs={"rows": 3}))
    planned_instruments = forms.CharField(
        label=_("planned instruments"), required=False, help_text=_("catalogue codes separated by commas")
    )
    next_review_on = date_field(_("next review"), required=False)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(membership)
        self.fields["career_advisor"].queryset = (
            Membership.objects.for_membership(membership).filter(specialty="career_advisor").select_related("user")
        )
        self.fields["career_advisor"].label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()

    def clean_planned_instruments(self) -> list[str]:
        return [c.strip() for c in (self.cleaned_data.get("planned_instruments") or "").split(",") if c.strip()]


class ReviewForm(forms.Form):
    reviewed_on = date_field(_("review date"))
    notes = forms.CharField(label=_("review notes"), widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = date_field(_("next review"), required=False)


class ProgrammeForm(ScopedChoices, forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none(), required=False)
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea(attrs={"rows": 3}))
    start_on = date_field(_("start"))
    end_on = date_field(_("end"))

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(membership)


class ProgrammeParticipantForm(ScopedChoices, forms.Form):
    participant = PersonField(queryset=Participant.objects.none())
    joined_on = date_field(_("joined on"))

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(membership)


class NoteForm(forms.Form):
    written_on = date_field(_("date"))
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 4}))
