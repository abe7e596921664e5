"""Cost-reduction programmes (降本增效实施方案): a year's set of indicators with targets, owners and measures, judged
monthly from the production series, with a rule that turns each item's attainment into performance-pay points.

Programmes are read over the owner org's subtree by the holders of the "cost" grant (costs/grants.py), and run like
党建+X projects (the "project" grant at the owner org): a programme is a party org's plan for production, and whoever
may run that org's projects may run its programmes.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager

MONEY_DIGITS, MONEY_PLACES = 20, 6


class Programme(models.Model):
    """A year's cost-reduction programme of a party org, e.g. 轧钢厂2020年降本增效实施方案 (11 indicators, 30 measures).

    The performance-pay rule (绩效挂钩) is stored here: an item whose attainment reaches `full_at` percent earns
    `full_points`; between `zero_below` and `full_at` the points rise linearly; below `zero_below` it earns none.
    """

    owner_org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="cost_programmes", verbose_name=_("party organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    full_points = models.DecimalField(
        _("points for a target met"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(10),
        help_text=_("Points an item earns when its attainment reaches the full-points threshold."),
    )
    full_at = models.DecimalField(
        _("full points from (attainment %)"), max_digits=6, decimal_places=2, default=Decimal(100)
    )
    zero_below = models.DecimalField(
        _("no points below (attainment %)"), max_digits=6, decimal_places=2, default=Decimal(90)
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_resource = "cost"
    scope_path_field = "owner_org__path"

    class Meta:
        verbose_name = _("cost-reduction programme")
        verbose_name_plural = _("cost-reduction programmes")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner_org", "year", "name"], name="cost_programme_key"),
            models.CheckConstraint(condition=Q(zero_below__lt=models.F("full_at")), name="cost_programme_rule"),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.full_points is not None and self.full_points <= 0:
            errors["full_points"] = _("Give a number of points greater than zero.")
        if self.zero_below is not None and self.full_at is not None and self.zero_below >= self.full_at:
            errors["zero_below"] = _("The no-points threshold must be below the full-points threshold.")
        if self.zero_below is not None and self.zero_below < 0:
            errors["zero_below"] = _("A threshold cannot be negative.")
        if errors:
            raise ValidationError(errors)


class ProgrammeItem(models.Model):
    """One indicator of a programme at one production unit: the annual target (monthly targets optional), who owns it
    (their pay is tied to it), the measures taken and, for a money figure, the price of one unit of the quantity
    saved (元 per kWh, per t, per 元 …)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="items", verbose_name=_("programme")
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="cost_items", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="cost_items", verbose_name=_("production unit")
    )
    annual_target = models.DecimalField(_("annual target"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    owner = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_items",
        verbose_name=_("owner"),
    )
    unit_price = models.DecimalField(
        _("unit price (元)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
        help_text=_(
            "The money value of one unit saved: for kWh/t-Al the price of a kWh, for an amount in 元 simply 1. "
            "Empty: no money figure."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = ScopedManager()
    scope_resource = "cost"
    scope_path_field = "programme__owner_org__path"

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["programme", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "indicator", "unit"], name="cost_item_key"),
        ]

    def __str__(self):
        return f"{self.indicator_id} @ {self.unit_id}"

    def clean(self):
        super().clean()
        if self.unit_price is not None and self.unit_price < 0:
            raise ValidationError({"unit_price": _("A price cannot be negative.")})


class MonthlyTarget(models.Model):
    """A programme item's own target for one month (otherwise the month follows the annual target)."""

    item = models.ForeignKey(
        ProgrammeItem, on_delete=models.CASCADE, related_name="monthly_targets", verbose_name=_("item")
    )
    month = models.PositiveSmallIntegerField(_("month"))
    value = models.DecimalField(_("target"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)

    class Meta:
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        ordering = ["item", "month"]
        constraints = [
            models.UniqueConstraint(fields=["item", "month"], name="cost_month_target_key"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="cost_month_target_range"),
        ]

    def __str__(self):
        return f"{self.item_id} {self.month:02d} → {self.value}"


class Measure(models.Model):
    """A measure taken for an item (重点措施), e.g. 合理安排换辊换槽时间."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="measures", verbose_name=_("item"))
    text = models.CharField(_("measure"), max_length=300)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["item", "sort_order", "id"]

    def __str__(self):
        return self.text
