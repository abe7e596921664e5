"""Monthly project reviews (月度评估): per project and month, the work done, each goal's actual value and what comes
next. (The reminders sent when a month ends without its review are notifications: core/notifications.)

Reviews and their actual values are scoped through the project (`project__owner__path`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager

NUMBER = {"max_digits": 18, "decimal_places": 4}


class ProjectReview(models.Model):
    """The review of one project for one month (first day of the month), usually held at a 三会一课 meeting or a
    主题党日. A draft can be changed; once submitted it is the record of that month and counts for the red/amber/green
    assessment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("project")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reviewed."))
    task_progress = models.TextField(_("task progress"), blank=True)
    narrative = models.TextField(_("how the month went"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    # Free text for now (e.g. "3月支委会", "主题党日"); a link to the meeting record comes with the meetings app.
    held_at = models.CharField(_("held at"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "project"
    scope_path_field = "project__owner__path"

    class Meta:
        verbose_name = _("monthly review")
        verbose_name_plural = _("monthly reviews")
        ordering = ["project", "-month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="review_project_month")]

    def __str__(self):
        return f"{self.project.code} {self.month:%Y-%m}"

    @property
    def submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A review is for a whole month: use the first day of the month.")})


class GoalActual(models.Model):
    """The actual value of one goal in one review. A goal read from production data ("series") gets its value from
    the indicator roll-up for the goal's unit and month, with `computation` saying how; a goal entered in reviews
    gets the value typed into the review."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered in the review")
        SERIES = "series", _("read from production data")

    review = models.ForeignKey(ProjectReview, on_delete=models.CASCADE, related_name="actuals")
    goal = models.ForeignKey(
        "projects.Goal", on_delete=models.CASCADE, related_name="review_actuals", verbose_name=_("goal")
    )
    # None only for a series goal without production data that month (the computation says so).
    value = models.DecimalField(_("actual"), null=True, blank=True, **NUMBER)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    computation = models.CharField(_("how it was computed"), max_length=400, blank=True)

    objects = ScopedManager()
    scope_resource = "project"
    scope_path_field = "review__project__owner__path"

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["review", "goal__order", "goal_id"]
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="goal_actual_review_goal")]

    def __str__(self):
        return f"{self.goal_id} = {self.value}"
