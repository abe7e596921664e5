"""The year-end acceptance panel (验收专项工作组): its members, the criteria projects are scored against, the members'
scores, and each project's locked result (final score, grade, ranks and award).

A panel belongs to a company org and a year; it scores the projects of that year owned in the org's subtree that are
inspected (检查) or accepted. Scores can change only while the panel is open; submitting computes and locks the results.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedQuerySet, can_anywhere

SCORE = {"max_digits": 6, "decimal_places": 2}
ZERO, HUNDRED = Decimal(0), Decimal(100)


class PanelQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Panels over an org the user may read the acceptance of across its whole subtree (党群工作部, company
        leaders: the "acceptance" grant, acceptance/grants.py), plus — for viewing — the panels the user sits on while
        holding the panel member role."""
        scoped = super().restrict(user, action)
        if action != VIEW or not can_anywhere(user, "panel", VIEW):
            return scoped
        # Subqueries rather than a join on members, so counts annotated afterwards are not narrowed by the filter.
        seated = PanelMember.objects.filter(user=user).values("panel_id")
        return self.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=seated))


class Panel(models.Model):
    """An acceptance panel for one year of one company org: open while members score, submitted once the results are
    computed and the scores locked (awards may still be given), locked when the awards are final."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for scoring")
        SUBMITTED = "submitted", _("Submitted")
        LOCKED = "locked", _("Locked")

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="acceptance_panels", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Grade thresholds: a final score at or above the threshold earns the grade.
    excellent_from = models.DecimalField(_("excellent from"), default=Decimal(90), **SCORE)
    good_from = models.DecimalField(_("good from"), default=Decimal(80), **SCORE)
    pass_from = models.DecimalField(_("pass from"), default=Decimal(60), **SCORE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    objects = models.Manager.from_queryset(PanelQuerySet)()
    scope_resource = "acceptance"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("acceptance panel")
        verbose_name_plural = _("acceptance panels")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="panel_org_year_unique")]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self):
        super().clean()
        thresholds = (self.excellent_from, self.good_from, self.pass_from)
        if None in thresholds:
            return
        if any(t < ZERO or t > HUNDRED for t in thresholds):
            raise ValidationError({"pass_from": _("Grade thresholds lie between 0 and 100.")})
        if not self.excellent_from > self.good_from > self.pass_from:
            raise ValidationError({"good_from": _("The thresholds must fall: excellent above good, good above pass.")})


class Department(models.TextChoices):
    """Where a panel member comes from (seed 000: leaders plus 党群/安环/生产设备/财务/人力)."""

    LEADERSHIP = "leadership", _("Company leadership")
    PARTY_OFFICE = "party_office", _("Party affairs department (党群工作部)")
    SAFETY_ENV = "safety_env", _("Safety and environment department (安全环保部)")
    PRODUCTION = "production", _("Production and equipment department (生产设备部)")
    FINANCE = "finance", _("Finance and assets department (财务资产部)")
    HR = "hr", _("Human resources department (人力资源部)")
    OTHER = "other", _("Other department")


class PanelMember(models.Model):
    """An account sitting on a panel, from a named department. The account must hold the acceptance panel member role
    over the panel's org; scores are entered by the member themself."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members", verbose_name=_("panel"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats", verbose_name=_("account")
    )
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel", "department", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_member_unique")]

    def __str__(self):
        return f"{self.user.display_name} · {self.get_department_display()}"

    @property
    def person_id(self):
        return self.user.person_id


class Criterion(models.Model):
    """What projects are scored against, with a weight; the weights of a panel sum to 100.

    A goal-attainment criterion is not typed by anyone: each project's value is computed from its goals' actual values
    (the mean attainment of its goals, each capped to 0–120 %). Qualitative criteria are scored 0–100 by each member."""

    class Kind(models.TextChoices):
        GOAL_ATTAINMENT = "goal_attainment", _("Goal attainment (computed from actual values)")
        QUALITATIVE = "qualitative", _("Qualitative (scored by the members)")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("panel"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)], **SCORE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["panel", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel"], condition=Q(kind="goal_attainment"), name="criterion_one_goal_attainment"
            ),
            models.UniqueConstraint(fields=["panel", "name"], name="criterion_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.kind == self.Kind.GOAL_ATTAINMENT


class Score(models.Model):
    """One member's score (0–100) of one project on one qualitative criterion, with an optional comment."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores", verbose_name=_("member"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="acceptance_scores", verbose_name=_("project")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("score"), validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)], **SCORE)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["member", "project", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["member", "project", "criterion"], name="score_member_project_criterion")
        ]

    def __str__(self):
        return f"{self.member_id}/{self.project_id}/{self.criterion_id}: {self.value}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    PASS = "pass", _("Pass (合格)")
    FAIL = "fail", _("Fail (不合格)")


class Award(models.TextChoices):
    FIRST = "first", _("First prize (一等奖)")
    SECOND = "second", _("Second prize (二等奖)")
    THIRD = "third", _("Third prize (三等奖)")
    EXCELLENT_PROJECT = "excellent_project", _("Excellent project (优秀项目)")


class ProjectResult(models.Model):
    """A project's acceptance result, computed when the panel submits and locked from then on: the goal-attainment
    value, the final score (mean over members of Σ weight × score ÷ 100), grade, rank overall and in its domain, and
    the award given afterwards. `detail` keeps the working (per-goal attainment, per-criterion means) for display."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="results", verbose_name=_("panel"))
    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="acceptance_result", verbose_name=_("project")
    )
    attainment = models.DecimalField(_("goal attainment %"), **SCORE)
    final_score = models.DecimalField(_("final score"), **SCORE)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    domain_rank = models.PositiveIntegerField(_("rank in domain"))
    award = models.CharField(_("award"), max_length=20, choices=Award.choices, blank=True)
    scorers = models.PositiveSmallIntegerField(_("members scoring"), default=0)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptance result")
        verbose_name_plural = _("acceptance results")
        ordering = ["panel", "rank", "project__code"]

    def __str__(self):
        return f"{self.project_id}: {self.final_score} ({self.get_grade_display()})"
