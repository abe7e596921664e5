"""A project's plan: measurable goals, measures (保障措施), sub-plans (子方案), tasks (工作任务) and rules
revised (制度修订).

Each row belongs to one project and is scoped through it (`project__owner__path`)."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager

NUMBER = {"max_digits": 18, "decimal_places": 4}


class PlanItem(models.Model):
    """Shared by every plan row: the project it belongs to, its place in the list, and scoping through the project."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager()
    scope_resource = "project"
    scope_path_field = "project__owner__path"

    class Meta:
        abstract = True
        ordering = ["project", "order", "id"]


class Goal(PlanItem):
    """A measurable goal (项目目标): an indicator with baseline, target and industry benchmark (标杆), e.g.
    电流效率 baseline 92.1 %, target 92.6 %, benchmark 93 %. Actual values come from monthly reviews or from
    production data."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Source(models.TextChoices):
        REVIEW = "review", _("entered in monthly reviews")
        SERIES = "series", _("read from production data")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="goals")
    indicator_name = models.CharField(_("indicator"), max_length=100)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)
    baseline = models.DecimalField(_("baseline"), **NUMBER)
    target = models.DecimalField(_("target"), **NUMBER)
    benchmark = models.DecimalField(_("benchmark"), null=True, blank=True, **NUMBER)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(_("actual values"), max_length=10, choices=Source.choices, default=Source.REVIEW)
    # Where the actual values come from when they are read from production data (source "series").
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_goals",
        verbose_name=_("production indicator"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_goals",
        verbose_name=_("production unit"),
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.indicator_name

    def clean(self):
        super().clean()
        if self.source == self.Source.SERIES and not (self.indicator_id and self.unit_id):
            raise ValidationError(
                {"indicator": _("Choose the production indicator and unit to read the actual values from.")}
            )
        if self.baseline is None or self.target is None:
            return
        if self.direction == self.Direction.HIGHER and self.target < self.baseline:
            raise ValidationError({"target": _("Higher is better, so the target cannot be below the baseline.")})
        if self.direction == self.Direction.LOWER and self.target > self.baseline:
            raise ValidationError({"target": _("Lower is better, so the target cannot be above the baseline.")})


class Measure(PlanItem):
    """A measure that secures the goals (保障措施)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="measures")
    text = models.TextField(_("measure"))
    owner = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.text[:60]


class SubPlan(PlanItem):
    """A sub-plan (子方案) for one strand of the project."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="sub_plans")
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    owner = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("sub-plan")
        verbose_name_plural = _("sub-plans")

    def __str__(self):
        return self.title


def evidence_upload_to(instance, filename: str) -> str:
    """Random stored names: the original name may carry personal data and must not collide."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"projects/evidence/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Task(PlanItem):
    """A work task (工作任务) with an owner and a due date; done when `done_on` is set, with evidence of the work."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_upload_to, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def clean(self):
        super().clean()
        if self.done_on and not (self.evidence.strip() or self.evidence_file):
            raise ValidationError({"evidence": _("Say what was done, or attach a file, before marking the task done.")})


class RuleRevision(PlanItem):
    """A rule or procedure written or revised through the project (制度修订)."""

    class Kind(models.TextChoices):
        NEW = "new", _("new")
        REVISED = "revised", _("revised")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="rule_revisions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REVISED)
    on = models.DateField(_("date"), null=True, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("rule revision")
        verbose_name_plural = _("rules revised")

    def __str__(self):
        return self.title
