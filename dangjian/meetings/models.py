"""Organisational life (三会一课, 主题党日, 组织生活会, 民主评议党员, 谈心谈话): the frequency rules each company sets,
the meetings held with their attendance, follow-up actions and attachments. (The reminders sent before a period ends
without its meeting are notifications: core/notifications.)

Meetings and everything under them are scoped through the org that held them (`org__path`); a rule belongs to the
company (the root org) and is read by everyone who sees that company's meetings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class MeetingType(models.TextChoices):
    """The kinds of organisational life the 支部工作条例 names (codes used in the API)."""

    GENERAL_ASSEMBLY = "general_assembly", _("Branch general assembly (党员大会)")
    COMMITTEE = "committee", _("Branch committee meeting (支委会)")
    GROUP = "group", _("Party group meeting (党小组会)")
    LECTURE = "lecture", _("Party lecture (党课)")
    THEMED_DAY = "themed_day", _("Themed party day (主题党日)")
    REVIEW = "review", _("Organisational life meeting (组织生活会)")
    APPRAISAL = "appraisal", _("Democratic appraisal of members (民主评议党员)")
    TALK = "talk", _("Heart-to-heart talks (谈心谈话)")


class Period(models.TextChoices):
    MONTH = "month", _("monthly")
    QUARTER = "quarter", _("quarterly")
    YEAR = "year", _("yearly")


# Meetings where members vote (a resolution of the 党员大会 needs more than half of the voting members present).
VOTING_TYPES = frozenset({MeetingType.GENERAL_ASSEMBLY})


class MeetingRule(models.Model):
    """How often a company expects one type of meeting, and of which orgs (支部工作条例 defaults, changeable per
    company: e.g. 党课 quarterly as company practice rather than yearly). `org_kinds` lists the PartyOrg kinds it
    applies to; `min_full_members` limits it to orgs with at least that many full members and a committee (支委会:
    a branch with ≥ 7 full members has a committee)."""

    company = models.ForeignKey(
        "org.PartyOrg", on_delete=models.CASCADE, related_name="meeting_rules", verbose_name=_("company")
    )
    meeting_type = models.CharField(_("meeting type"), max_length=20, choices=MeetingType.choices)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    times = models.PositiveSmallIntegerField(
        _("times per period"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    org_kinds = models.JSONField(_("applies to org kinds"), default=list)
    min_full_members = models.PositiveSmallIntegerField(_("minimum full members"), default=0)
    remind_days = models.PositiveSmallIntegerField(
        _("remind days before the period ends"), default=7, validators=[MaxValueValidator(90)]
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("meeting rule")
        verbose_name_plural = _("meeting rules")
        ordering = ["company", "meeting_type"]
        constraints = [models.UniqueConstraint(fields=["company", "meeting_type"], name="meeting_rule_once")]

    def __str__(self):
        return f"{self.get_meeting_type_display()} · {self.get_period_display()}"

    def clean(self):
        super().clean()
        from dangjian.org.models import PartyOrg

        kinds = self.org_kinds if isinstance(self.org_kinds, list) else None
        if not kinds or any(k not in PartyOrg.Kind.values for k in kinds):
            raise ValidationError({"org_kinds": _("Choose the kinds of organisation the rule applies to.")})


class Meeting(models.Model):
    """One meeting an org held: its type, date, people in charge, agenda, minutes (sanitised HTML), the seed-002
    procedure as a checklist, attendance, follow-up actions and attachments.

    `counts_for` is a day in the period the meeting counts for: normally the meeting's own date; a meeting that makes
    up for a missed period (补开, e.g. the 组织生活会 of last year held in January) names a day of that earlier
    period, counts there and not in the period it was held in, and is shown as late."""

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("party organisation")
    )
    meeting_type = models.CharField(_("meeting type"), max_length=20, choices=MeetingType.choices, db_index=True)
    held_on = models.DateField(_("date"))
    counts_for = models.DateField(_("counts for"), help_text=_("A day in the period this meeting counts for."))
    topic = models.CharField(_("topic"), max_length=200)
    location = models.CharField(_("location"), max_length=100, blank=True)
    host = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    recorder = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorder")
    )
    lecturer = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("lecturer")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    vote_held = models.BooleanField(_("a vote was held"), default=False)
    checklist = models.JSONField(_("procedure checklist"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "meeting_type", "counts_for"], name="meeting_org_type_period")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_meeting_type_display()} {self.topic}"

    def clean(self):
        super().clean()
        if self.held_on and self.counts_for and self.counts_for > self.held_on:
            raise ValidationError({"counts_for": _("A meeting cannot count for a period after the day it was held.")})
        if self.meeting_type == MeetingType.LECTURE and not self.lecturer_id:
            raise ValidationError({"lecturer": _("Name the lecturer of the party lecture.")})


class Attendance(models.Model):
    """One person on a meeting's roster: present, on leave (with the reason) or absent. `voting` records whether the
    person was a full member (who may vote) on the day, so the quorum stays what it was."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LEAVE = "leave", _("on leave")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    voting = models.BooleanField(_("voting member"), default=False)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "meeting__org__path"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__employee_no"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]

    def __str__(self):
        return f"{self.person_id} {self.status}"

    def clean(self):
        super().clean()
        if self.status == self.Status.LEAVE and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the leave.")})


class FollowUp(models.Model):
    """A resolution turned into an action (定人定责): what, who, by when, and when it was done (会后落实)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "meeting__org__path"

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["meeting", "due_on", "id"]

    def __str__(self):
        return self.text


def attachment_path(instance, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{timezone.now():%Y%m%d%H%M%S}_{filename[-80:]}"


class MeetingAttachment(models.Model):
    """A file kept with the meeting record (sign-in sheet, slides, photos), checked for type and size on upload."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("name"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "meeting__org__path"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.name
