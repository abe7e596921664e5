"""Recruitment (发展党员): each person's file (发展档案) with the steps recorded on it, a company's own sub-steps, and
the annual plan per org. Files and plans are scoped by their org's subtree (the "recruitment" grant); the national
steps are data in steps.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.affairs.recruitment import steps
from dangjian.core.scoping import ScopedManager

REPEATABLE = [s.code for s in steps.NATIONAL if s.repeatable]


class LocalStep(models.Model):
    """A company's own sub-step, placed after a national step (e.g. 党校结业考试 after the training). It must be
    recorded before the next national step; it cannot move a national one."""

    company = models.ForeignKey("org.PartyOrg", on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    after = models.CharField(_("after national step"), max_length=30, choices=steps.CHOICES)
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    actor = models.CharField(_("who acts"), max_length=30, choices=list(steps.ACTOR_LABELS.items()))
    record = models.CharField(_("record produced"), max_length=100, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager()
    scope_resource = "recruitment"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("local sub-step")
        verbose_name_plural = _("local sub-steps")
        ordering = ["company", "after", "order"]
        constraints = [models.UniqueConstraint(fields=["company", "after", "order"], name="recruitment_local_once")]

    def __str__(self):
        return self.name

    @property
    def number(self) -> str:
        return f"{steps.step(self.after).number}.{self.order}"


class Dossier(models.Model):
    """A person's recruitment file: opened with the application, closed when the person is converted (completed) or
    the process stops (withdrawn, not admitted, probation cancelled). One open file per person. `org` is the branch
    that runs it (the person's branch when it was opened)."""

    class State(models.TextChoices):
        OPEN = "open", _("in progress")
        COMPLETED = "completed", _("completed")
        STOPPED = "stopped", _("stopped")

    class Relation(models.TextChoices):
        UNDECLARED = "", _("not declared")
        NONE = "none", _("declared: not a relative")
        RELATIVE = "relative", _("a relative")

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="recruitment_files", verbose_name=_("person")
    )
    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    opened_on = models.DateField(_("applied"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    introducer_1 = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("introducer")
    )
    introducer_1_relation = models.CharField(
        _("relation to the applicant"), max_length=10, choices=Relation.choices, blank=True
    )
    introducer_2 = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("second introducer"),
    )
    introducer_2_relation = models.CharField(
        _("relation to the applicant"), max_length=10, choices=Relation.choices, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(
        _("probation extended by (months)"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    extended_on = models.DateField(_("probation extended on"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("why it stopped"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "recruitment"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("recruitment file")
        verbose_name_plural = _("recruitment files")
        ordering = ["org__path", "opened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state="open"), name="recruitment_one_open_file")
        ]

    def __str__(self):
        return f"{self.person.name} · {self.opened_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if self.extension_months is not None and not 6 <= self.extension_months <= 12:
            raise ValidationError({"extension_months": _("Probation is extended by 6 to 12 months.")})


class StepRecord(models.Model):
    """One step done on a file: a national step (`step`) or a company's sub-step (`local_step`), the day, a note, and
    what the step needs — the branch general assembly (`meeting`: its attendance and quorum are read from the
    meeting, only the votes on this person are kept here), the training's days or hours."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="records")
    step = models.CharField(_("step"), max_length=30, choices=steps.CHOICES)
    local_step = models.ForeignKey(
        LocalStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("local sub-step")
    )
    done_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("branch general assembly"),
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    training_days = models.PositiveSmallIntegerField(_("training days"), null=True, blank=True)
    training_hours = models.DecimalField(_("training hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "recruitment"
    scope_path_field = "dossier__org__path"

    class Meta:
        verbose_name = _("recruitment step")
        verbose_name_plural = _("recruitment steps")
        ordering = ["dossier", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "step"],
                condition=Q(local_step__isnull=True) & ~Q(step__in=REPEATABLE),
                name="recruitment_step_once",
            ),
            models.UniqueConstraint(
                fields=["dossier", "local_step"],
                condition=Q(local_step__isnull=False),
                name="recruitment_local_step_once",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.step} {self.done_on}"

    @property
    def definition(self):
        return steps.step(self.step)


class Plan(models.Model):
    """An org's recruitment plan for a year (发展党员计划): how many new (probationary) members it plans to admit. The
    actual is counted from the approvals recorded on files in its subtree that year."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    planned = models.PositiveSmallIntegerField(_("planned admissions"), validators=[MaxValueValidator(1000)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()
    scope_resource = "recruitment"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("recruitment plan")
        verbose_name_plural = _("recruitment plans")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="recruitment_plan_once")]

    def __str__(self):
        return f"{self.org_id} {self.year}"
