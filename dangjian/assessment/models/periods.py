"""A month of assessment (考核期): the period of a template for one month, one sheet per branch, one line per item
that applies that month; and the production score (生产经营得分) per org and month entered or imported.

A sheet moves draft → submitted (the branch's self-assessment) → reviewed (the superior org or 党群工作部 deducted
with reasons) → locked (the period is final); `workflow.py` holds the table of moves."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.assessment.models.scope import UpAndDownQuerySet
from dangjian.assessment.models.templates import POINTS, RATE, Item, Template
from dangjian.core.scoping import ScopedManager

SCORE = {"max_digits": 6, "decimal_places": 2}


class Period(models.Model):
    """One month of a template (the first day of the month). Open while branches assess and reviewers deduct;
    locked once every sheet is reviewed, with the scores and ranks stored on the sheets."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        LOCKED = "locked", _("Locked")

    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="periods")
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    objects = models.Manager.from_queryset(UpAndDownQuerySet)()
    scope_resource = "assessment"
    scope_path_field = "template__org__path"

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["template", "month"], name="assessment_period_month")]

    def __str__(self):
        return f"{self.template.name} {self.month:%Y-%m}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.LOCKED

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A period is a whole month: use the first day of the month.")})


class Sheet(models.Model):
    """One branch's assessment in one period. The scores are computed from the lines while the period is open and
    stored when it locks (party score 0–100, production score 0–100 or none, the weighted total and the rank)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Self-assessing")
        SUBMITTED = "submitted", _("Submitted for review")
        REVIEWED = "reviewed", _("Reviewed")
        LOCKED = "locked", _("Final and locked")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="sheets")
    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="assessment_sheets", verbose_name=_("branch")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_reason = models.CharField(_("why it was returned"), max_length=500, blank=True)
    party_score = models.DecimalField(_("party-work score"), null=True, blank=True, **SCORE)
    production_score = models.DecimalField(_("production score"), null=True, blank=True, **SCORE)
    total = models.DecimalField(_("combined score"), null=True, blank=True, **SCORE)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "assessment"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("assessment sheet")
        verbose_name_plural = _("assessment sheets")
        ordering = ["period", "org__path"]
        constraints = [models.UniqueConstraint(fields=["period", "org"], name="assessment_sheet_org")]

    def __str__(self):
        return f"{self.org} {self.period.month:%Y-%m}"


class Line(models.Model):
    """One item on one sheet. A manual item is scored by the branch (`self_score`, with evidence); an automatic
    item's points are computed from the metric (`rate`, `auto_points`, `computation` saying how) and never typed.
    The reviewer deducts with a reason; the final points are the starting points less the deduction, never below 0."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lines")
    self_score = models.DecimalField(_("self-assessed points"), null=True, blank=True, **POINTS)
    self_note = models.CharField(_("note"), max_length=500, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    automatic = models.BooleanField(_("computed from data"), default=False)
    rate = models.DecimalField(_("rate"), null=True, blank=True, **RATE)
    auto_points = models.DecimalField(_("computed points"), null=True, blank=True, **POINTS)
    computation = models.CharField(_("how it was computed"), max_length=500, blank=True)
    deduction = models.DecimalField(_("deduction"), default=Decimal(0), **POINTS)
    deduction_reason = models.CharField(_("reason for the deduction"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("assessment line")
        verbose_name_plural = _("assessment lines")
        ordering = ["sheet", "item__category__order", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="assessment_line_item")]

    def __str__(self):
        return f"{self.sheet_id}/{self.item_id}"

    @property
    def start_points(self) -> Decimal | None:
        """The points before the reviewer's deduction: computed for an automatic line, self-assessed otherwise."""
        return self.auto_points if self.automatic else self.self_score

    @property
    def final_points(self) -> Decimal | None:
        start = self.start_points
        if start is None:
            return None
        return max(start - self.deduction, Decimal(0))


class ProductionScore(models.Model):
    """The production-side score (0–100) of an org for a month, for the dual assessment (双向考核): entered or
    imported from the KPI assessment until a provider (team accounting) supplies it (production.py)."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered")
        IMPORTED = "imported", _("imported")

    org = models.ForeignKey("org.PartyOrg", on_delete=models.CASCADE, related_name="production_scores")
    month = models.DateField(_("month"))
    value = models.DecimalField(
        _("production score"), validators=[MinValueValidator(0), MaxValueValidator(100)], **SCORE
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager()
    scope_resource = "assessment"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("production score")
        verbose_name_plural = _("production scores")
        ordering = ["-month", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="production_score_org_month")]

    def __str__(self):
        return f"{self.org_id} {self.month:%Y-%m} {self.value}"

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A production score is for a whole month: use the first day.")})
