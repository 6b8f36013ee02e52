"""Forms only parse and normalise; related choices are limited to the acting centre."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.collation import polish
from integra.core.forms import LongSelect
from integra.core.roles import CASE_ROLES, Role
from integra.institutions.models import Club, Membership, Partner
from integra.people.models import Household, Participant
from integra.people.picker import PeopleField, PersonField, PersonPickerMixin
from integra.projects.models import Project
from integra.support.models import (
    Activity,
    Attendance,
    CommunityWork,
    Consultation,
    Event,
    FamilyAssistantVisit,
    Instrument,
    InstrumentGroup,
    Internship,
    Referral,
    Session,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        name = obj.user.get_full_name() or obj.user.get_username()
        return f"{name} · {obj.get_specialty_display() or obj.get_role_display()}"  # a role may hold brackets


class ParticipantChoiceField(PersonField):
    """A person chosen by searching (`integra.people.picker`), never from a list of the whole centre."""


def staff_of(membership: Membership):
    return (
        Membership.objects.for_membership(membership)
        .filter(is_active=True)
        .select_related("user")
        .order_by(polish("user__last_name"), polish("user__first_name"), "id")
    )


def support_staff_of(membership: Membership, keep: Any = None):
    """Who may run an activity or a session: the centre's case roles, never its accountant, auditor or data
    protection officer (they offered „audytor (tylko odczyt)” as a workshop's leader). `keep` is the one already
    chosen on the row being edited, whatever their role now, so saving the form never drops it."""
    return staff_of(membership).filter(Q(role__in=CASE_ROLES) | Q(pk=keep))


def participants_of(membership: Membership):
    return (
        Participant.objects.for_membership(membership)
        .filter(anonymised_at__isnull=True)
        .order_by(polish("last_name"), polish("first_name"), "id")
    )


class ScopedForm(PersonPickerMixin, forms.ModelForm):
    """A model form whose related choices are restricted to the acting centre."""

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        scoped = {
            "project": Project.objects.for_membership(membership),
            "club": Club.objects.for_membership(membership),
            "household": Household.objects.for_membership(membership),
        }
        for name, queryset in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        if "instrument" in self.fields:
            self.fields["instrument"].queryset = Instrument.objects.available_to(membership).active()

    def _post_clean(self) -> None:  # the service validates the whole row with readable messages
        pass


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["code", "name", "group", "retired"]


class InstrumentEditForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["name", "group", "retired"]


class ActivityForm(ScopedForm):
    provider = StaffChoiceField(queryset=Membership.objects.none(), required=False, label=_("provider (staff member)"))

    class Meta:
        model = Activity
        fields = [
            "project",
            "instrument",
            "club",
            "title",
            "kind",
            "provider",
            "provider_name",
            "planned_hours",
            "capacity",
            "start_on",
            "end_on",
            "cost",
            "room",
        ]
        widgets = {"start_on": DATE, "end_on": DATE}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["provider"].queryset = support_staff_of(membership, self.instance.provider_id)
        if self.instance.pk:  # a retired instrument may stay on an existing activity
            self.fields["instrument"].queryset = (
                Instrument.objects.available_to(membership).filter(pk=self.instance.instrument_id)
                | Instrument.objects.available_to(membership).active()
            )


class EnrolForm(PersonPickerMixin, forms.Form):
    participant = ParticipantChoiceField(queryset=Participant.objects.none(), label=_("participant"))
    enrolled_on = forms.DateField(label=_("enrolled on"), widget=DATE)

    def __init__(self, *args: Any, membership: Membership, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = (
            participants_of(membership)
            .filter(participations__project_id=activity.project_id)
            .exclude(enrolments__activity=activity)
        )


class CompletionForm(forms.Form):
    OUTCOMES = [
        ("completed", pgettext_lazy("enrolment", "completed")),
        ("dropped_out", pgettext_lazy("enrolment", "dropped out")),
    ]
    outcome = forms.ChoiceField(label=pgettext_lazy("enrolment", "outcome"), choices=OUTCOMES)
    ended_on = forms.DateField(label=_("ended on"), widget=DATE)
    certificate_number = forms.CharField(label=_("certificate number"), max_length=100, required=False)
    certificate_on = forms.DateField(label=_("certificate date"), widget=DATE, required=False)
    failed = forms.BooleanField(label=pgettext_lazy("enrolment", "failed"), required=False)
    dropout_reason = forms.CharField(label=_("reason for dropping out"), max_length=300, required=False)


class SessionForm(forms.ModelForm):
    staff = StaffChoiceField(queryset=Membership.objects.none(), required=False, label=_("staff member"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Session
        fields = ["date", "start_time", "duration_minutes", "room", "staff"]
        widgets = {"date": DATE, "start_time": TIME}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = support_staff_of(membership, self.instance.staff_id)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:  # the service validates the row (clash rules need the whole picture)
        pass


class TimetableFilterForm(forms.Form):
    week = forms.DateField(label=_("week of"), required=False, widget=DATE)
    # Every room named on the centre's sessions: hundreds at region scale (LongSelect draws them in Python).
    club = forms.ModelChoiceField(
        queryset=Club.objects.none(), required=False, label=_("club"), widget=LongSelect, empty_label=_("all")
    )
    room = forms.ChoiceField(label=_("room"), required=False, widget=LongSelect)
    staff = StaffChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label=_("staff member"),
        widget=LongSelect,
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, membership: Membership, rooms: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.for_membership(membership)
        self.fields["staff"].queryset = staff_of(membership)
        self.fields["room"].choices = [("", _("all")), *[(r, r) for r in rooms]]


class SummaryFilterForm(forms.Form):
    """The summary per activity of one club or of all."""

    club = forms.ModelChoiceField(
        queryset=Club.objects.none(), required=False, label=_("Club"), empty_label=_("all clubs")
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.for_membership(membership)


class AttendanceForm(forms.Form):
    """Marks of every listed person: `status_<participant id>`; the list's `version`."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, participant_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pid in participant_ids:
            self.fields[f"status_{pid}"] = forms.ChoiceField(choices=Attendance.Status.choices, required=False)
        self.participant_ids = participant_ids

    def fill_status(self) -> str:
        """The whole-list button's status („Zaznacz wszystkich jako obecnych”), or "" for a plain save."""
        everyone = self.data.get("all", "")
        return everyone if everyone in Attendance.Status.values else ""

    def marks(self) -> dict[int, str]:
        """The marks chosen on the screen; the whole-list button fills only the people left without one."""
        return {
            pid: self.cleaned_data[f"status_{pid}"]
            for pid in self.participant_ids
            if self.cleaned_data.get(f"status_{pid}")
        }


class QueuedMarkForm(forms.Form):
    """One mark made on a device without a connection (issue 27): whose it is, and the list as the device saw it.

    `version` is the list's version and `was` the person's mark („” for none) shown when the mark was made;
    `made_by` the id of the user who made it (a device sends only its signed-in user's marks).
    """

    participant = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    was = forms.ChoiceField(choices=[("", "—"), *Attendance.Status.choices], required=False)
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1)
    made_by = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class UndoForm(forms.Form):
    """„Cofnij”: the history entry of the step to take back and the list's version it left."""

    entry = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsultationForm(ScopedForm):
    participant = ParticipantChoiceField(queryset=Participant.objects.none(), label=_("participant"))
    specialist = StaffChoiceField(queryset=Membership.objects.none(), required=False, label=_("specialist"))

    class Meta:
        model = Consultation
        fields = [
            "participant",
            "specialist",
            "specialty",
            "project",
            "instrument",
            "date",
            "duration_minutes",
            "topic",
            "confidential_note",
        ]
        widgets = {"date": DATE, "confidential_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["participant"].queryset = participants_of(membership)
        if membership.role in (Role.COORDINATOR, Role.ADMINISTRATOR):
            self.fields["specialist"].queryset = staff_of(membership).filter(
                role__in=[Role.SPECIALIST, Role.SOCIAL_WORKER]
            )
            self.fields["specialist"].required = True
            self.fields["specialty"].required = False
        else:  # specialists record their own work, in their own specialty
            del self.fields["specialist"]
            del self.fields["specialty"]


class InternshipForm(ScopedForm):
    participant = ParticipantChoiceField(queryset=Participant.objects.none(), label=_("participant"))

    class Meta:
        model = Internship
        fields = [
            "participant",
            "project",
            "employer",
            "start_on",
            "end_on",
            "hours_per_month",
            "paid_by",
            "hired_afterwards",
        ]
        widgets = {"start_on": DATE, "end_on": DATE}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["participant"].queryset = participants_of(membership)
        self.fields["employer"].queryset = Partner.objects.for_membership(membership).exclude(
            kind__in=[Partner.Kind.PUBLIC_UNIT, Partner.Kind.CIS, Partner.Kind.LABOUR_OFFICE]
        )


class CommunityWorkForm(ScopedForm):
    participant = ParticipantChoiceField(queryset=Participant.objects.none(), label=_("participant"))
    month = forms.DateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    class Meta:
        model = CommunityWork
        fields = ["participant", "project", "unit", "month", "hours", "pup_referral_number"]

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["participant"].queryset = participants_of(membership)
        self.fields["unit"].queryset = Partner.objects.for_membership(membership).filter(kind=Partner.Kind.PUBLIC_UNIT)


class ReferralForm(ScopedForm):
    participant = ParticipantChoiceField(queryset=Participant.objects.none(), label=_("participant"))

    class Meta:
        model = Referral
        fields = ["participant", "project", "date", "destination_kind", "destination", "result"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["participant"].queryset = participants_of(membership)
        self.fields["destination"].queryset = Partner.objects.for_membership(membership)


class ReferralResultForm(forms.Form):
    result = forms.CharField(label=pgettext_lazy("referral", "result"), max_length=300)


class VisitForm(ScopedForm):
    assistant = StaffChoiceField(queryset=Membership.objects.none(), required=False, label=_("family assistant"))

    class Meta:
        model = FamilyAssistantVisit
        fields = ["household", "assistant", "date", "duration_minutes", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        if membership.role in (Role.COORDINATOR, Role.ADMINISTRATOR):
            self.fields["assistant"].queryset = staff_of(membership).filter(
                role__in=[Role.SPECIALIST, Role.SOCIAL_WORKER]
            )
            self.fields["assistant"].required = True
        else:
            del self.fields["assistant"]


class EventForm(ScopedForm):
    participants = PeopleField(queryset=Participant.objects.none(), required=False, label=_("named participants"))

    class Meta:
        model = Event
        fields = ["kind", "title", "date", "project", "club", "participants", "other_guests"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["participants"].queryset = participants_of(membership)
        if self.instance.pk:
            self.initial["participants"] = list(self.instance.attendees.values_list("participant_id", flat=True))


GROUP_CHOICES = InstrumentGroup.choices
