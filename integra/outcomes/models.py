"""Exits, results and follow-ups of participations (domain.md §6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel


class ExitReason(models.TextChoices):
    COMPLETED = "completed", _("completed the planned path")
    LEFT_FOR_JOB = "left_for_job", _("left early for a job")
    DROPPED_OUT = "dropped_out", _("dropped out")
    OTHER = "other", _("other")


class Exit(ScopedModel):
    """The exit of a participation (one per participation; a re-entry moves it to the last exit)."""

    participation = models.OneToOneField(
        "projects.Participation",
        on_delete=models.PROTECT,
        related_name="exit",
        verbose_name=_("participation in the project"),
    )
    exit_on = models.DateField(_("exit date"))
    reason = models.CharField(_("reason"), max_length=20, choices=ExitReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exit")


class ResultKind(models.TextChoices):
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract")
    INTERNSHIP = "internship", _("internship")
    SELF_EMPLOYMENT = "self_employment", _("self-employment")
    QUALIFICATION = "qualification", _("qualification gained")
    EDUCATION = "education", _("continuing education or training")
    JOB_SEARCHING = "job_searching", _("job searching")
    CIS_REFERRAL = "cis_referral", _("referral to CIS")
    SOCIAL_PROGRESS = "social_progress", _("social progress")
    OTHER = "other", _("other")


EMPLOYMENT_KINDS = (ResultKind.EMPLOYMENT_CONTRACT, ResultKind.SELF_EMPLOYMENT)
JOB_KINDS = (ResultKind.EMPLOYMENT_CONTRACT, ResultKind.SELF_EMPLOYMENT, ResultKind.INTERNSHIP)


class Result(ScopedModel):
    """A dated result of a participant in a project, with its evidence."""

    # Its own index on the centre (ScopedModel's) although result_kind_idx starts with it: a project dashboard's
    # results by kind took 34 ms through parallel scans without it, 7 ms with it (bench/RESULTS.md, "Issue 26: start-up, import and indexes").
    participation = models.ForeignKey(
        "projects.Participation",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("participation in the project"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ResultKind.choices)
    achieved_on = models.DateField(_("date"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    employer = models.ForeignKey(
        "institutions.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
        db_index=False,  # result_employer_idx
    )
    qualification_name = models.CharField(_("qualification"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        db_index=False,  # result_recorded_by_idx
    )

    class Meta:
        ordering = ["achieved_on", "id"]
        indexes = [
            models.Index(fields=["institution", "kind", "achieved_on"], name="result_kind_idx"),
            # Optional keys, looked up only by equality: a row without one (every result a sheet creates has
            # neither) has no entry.
            models.Index(fields=["employer"], condition=Q(employer__isnull=False), name="result_employer_idx"),
            models.Index(fields=["recorded_by"], condition=Q(recorded_by__isnull=False), name="result_recorded_by_idx"),
        ]
        verbose_name = _("result")
        verbose_name_plural = _("results")


class FollowUp(ScopedModel):
    """A check 3 or 6 months after exit: employed? situation improved?

    Staff record it (`source` staff), or the person answers the question Integra sent them („Czy pracuje
    Pan/Pani?”, integra.outreach): then `source` is the participant's answer, with the channel and the day, and
    it awaits the confirmation of staff (`answer_status`); reports count only what staff recorded or confirmed.
    A 28-day check exists only as such an answer: once confirmed it records the situation upon leaving as a
    `Result` (the indicators read results for that)."""

    class Kind(models.TextChoices):
        DAYS_28 = "28d", _("28 days after exit")
        MONTHS_3 = "3m", _("3 months after exit")
        MONTHS_6 = "6m", _("6 months after exit")

    class Source(models.TextChoices):
        STAFF = "staff", _("recorded by staff")
        PARTICIPANT = "participant", _("participant's answer")

    class AnswerStatus(models.TextChoices):
        NONE = "", _("—")
        AWAITING = "awaiting", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("not confirmed")

    class Answer(models.TextChoices):
        """What the person answered to „Czy pracuje Pan/Pani?” (the situations the indicators need)."""

        EMPLOYMENT_CONTRACT = "employment_contract", _("yes, on an employment contract")
        SELF_EMPLOYMENT = "self_employment", _("yes, I run my own business")
        OTHER_WORK = "other_work", _("yes, other paid work (e.g. a contract of mandate)")
        JOB_SEARCHING = "job_searching", _("no, I am looking for work")
        EDUCATION = "education", _("no, I am in education or training")

    participation = models.ForeignKey(  # no index of its own: follow_up_once_per_kind starts with it
        "projects.Participation",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("participation in the project"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    employed = models.BooleanField(pgettext_lazy("follow-up", "employed"), null=True, blank=True)
    improved_situation = models.BooleanField(_("improved labour-market situation"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        pgettext_lazy("follow-up", "source"), max_length=12, choices=Source.choices, default=Source.STAFF
    )
    channel = models.CharField(_("channel"), max_length=10, blank=True)  # sms | email for a participant's answer
    answer = models.CharField(_("answer"), max_length=30, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_status = models.CharField(
        _("confirmation"), max_length=10, choices=AnswerStatus.choices, blank=True, default=AnswerStatus.NONE
    )
    confirmed_by = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
        db_index=False,  # follow_up_confirmed_by_idx
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "kind"], name="follow_up_once_per_kind"),
        ]
        # Only confirmed answers have a confirming membership; the others (every follow-up a sheet creates) no entry.
        indexes = [
            models.Index(
                fields=["confirmed_by"], condition=Q(confirmed_by__isnull=False), name="follow_up_confirmed_by_idx"
            )
        ]
        verbose_name = _("follow-up")


class SheetImport(ScopedModel):
    """One import of a participant sheet (arkusz uczestników) into a project: its report and error file.

    A dry run keeps the uploaded file (`source`) so that it can be applied without uploading it again.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="sheet_imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    report = models.JSONField(
        default=dict, blank=True
    )  # {"error": str, "warnings": [...], "problems": [[row, [reasons]]]}
    error_file = models.BinaryField(null=True, blank=True, editable=False)
    source = models.BinaryField(null=True, blank=True, editable=False)
    applied = models.BooleanField(_("applied"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("participant-sheet import")
        verbose_name_plural = _("participant-sheet imports")
