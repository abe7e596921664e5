"""The indicator catalogue: what is measured, in what unit, which way is better and how values roll up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedQuerySet, can_anywhere

# Units of measure that name a rate or a share: such an indicator is a ratio, and a plain mean of it is wrong.
RATIO_UNIT_MARKS = ("%", "/", "‰", "per ", "每")


class IndicatorQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view"):
        """Each company has its own catalogue: whoever holds the indicator grant anywhere reads the indicators of
        their companies and the shared ones (no company: the value-accounting indicators). Values and targets (models
        with `scope_unit_field`) hang off a unit and stay inside the user's companies (dangjian/org/tenancy.py)."""
        from dangjian.org import tenancy

        if not can_anywhere(user, self.model.scope_resource, action):
            return self.none()
        unit_field = getattr(self.model, "scope_unit_field", None)
        if unit_field:
            return self.filter(tenancy.unit_q(user, f"{unit_field}__path"))
        return self.filter(tenancy.company_q(user, "company", shared=True))


class Indicator(models.Model):
    """A production indicator (指标), e.g. 电流效率 %, 吨铝直流电耗 kWh/t-Al, 铝产量 t.

    `rollup` says how values combine over units and periods — never by a plain mean of ratios:
    - sum: additive quantities (output, energy, hours);
    - weighted_avg: Σ(value × weight) ÷ Σ weight, paired per unit and period with the `weight` indicator (a sum
      indicator, usually output) — e.g. current efficiency weighted by aluminium output;
    - ratio: Σ numerator ÷ Σ denominator × `factor` over the same units and periods (both sum indicators); the ratio
      itself is never stored, so it can never be averaged — send the numerator and denominator instead;
    - last: each unit's latest value in the period, summed over the units (stocks: inventory, head count);
    - avg: plain mean of the values — only for levels that are not rates, such as a temperature; refused for a unit
      of measure that names a rate or share (%, kWh/t, ‰).
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Rollup(models.TextChoices):
        SUM = "sum", _("sum")
        WEIGHTED_AVG = "weighted_avg", _("average weighted by another indicator")
        RATIO = "ratio", _("ratio of two indicators")
        LAST = "last", _("last value")
        AVG = "avg", _("plain average (levels only)")

    class Granularity(models.TextChoices):
        SHIFT = "shift", _("shift")
        DAY = "day", _("day")
        MONTH = "month", _("month")

    class Category(models.TextChoices):
        OUTPUT = "output", _("output")
        COST = "cost", _("cost")
        ENERGY = "energy", _("energy")
        QUALITY = "quality", _("quality")
        EQUIPMENT = "equipment", _("equipment")
        SAFETY = "safety", _("safety and environment")
        VALUE = "value", _("value created")
        OTHER = "other", _("other")

    # Finest first: a series can be read at the indicator's own granularity or any coarser one.
    GRANULARITY_ORDER = [Granularity.SHIFT, Granularity.DAY, Granularity.MONTH]

    # The company (its root party org) whose catalogue holds the indicator; None: shared by every company (the
    # indicators the value-accounting capability feeds). Codes stay unique across companies: values are pushed and
    # imported by code.
    company = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("company"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    rollup = models.CharField(_("roll-up rule"), max_length=20, choices=Rollup.choices, default=Rollup.SUM)
    weight = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="weighted",
        verbose_name=_("weighted by"),
        help_text=_("For a weighted average: the indicator that gives each value its weight, e.g. output."),
    )
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("denominator")
    )
    factor = models.DecimalField(
        _("ratio factor"),
        max_digits=12,
        decimal_places=4,
        default=1,
        help_text=_("For a ratio: numerator ÷ denominator × this factor, e.g. 100 for a percentage."),
    )
    granularity = models.CharField(_("granularity"), max_length=10, choices=Granularity.choices)
    owner_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
        verbose_name=_("owner unit"),
    )
    benchmark = models.DecimalField(_("industry benchmark"), max_digits=20, decimal_places=6, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=2)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # The kiosk of the company's key indicators shows these, in catalogue order.
    key = models.BooleanField(
        _("key indicator"), default=False, help_text=_("Shown on the kiosk of the company's key indicators.")
    )

    objects = models.Manager.from_queryset(IndicatorQuerySet)()
    scope_resource = "indicator"
    scope_path_field = ""

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.name} ({self.unit_of_measure})" if self.unit_of_measure else self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER

    @property
    def stores_values(self) -> bool:
        """A ratio is computed from its numerator and denominator; it has no values of its own."""
        return self.rollup != self.Rollup.RATIO

    def looks_like_ratio(self) -> bool:
        uom = (self.unit_of_measure or "").lower()
        return any(mark in uom for mark in RATIO_UNIT_MARKS)

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        rule = self.rollup
        if rule == self.Rollup.WEIGHTED_AVG and not self.weight_id:
            errors["weight"] = _("A weighted average needs the indicator that gives the weights.")
        if rule != self.Rollup.WEIGHTED_AVG and self.weight_id:
            errors["weight"] = _("Only a weighted average has a weighting indicator.")
        if rule == self.Rollup.RATIO:
            if not self.numerator_id:
                errors["numerator"] = _("A ratio needs a numerator indicator.")
            if not self.denominator_id:
                errors["denominator"] = _("A ratio needs a denominator indicator.")
        else:
            if self.numerator_id:
                errors["numerator"] = _("Only a ratio has a numerator.")
            if self.denominator_id:
                errors["denominator"] = _("Only a ratio has a denominator.")
        if self.factor is not None and self.factor <= 0:
            errors["factor"] = _("The factor must be greater than zero.")
        if rule == self.Rollup.AVG and self.looks_like_ratio():
            errors["rollup"] = _(
                "A rate or share (%(uom)s) cannot be rolled up by a plain average: use a ratio of two indicators or "
                "an average weighted by output."
            ) % {"uom": self.unit_of_measure}
        for name in ("weight", "numerator", "denominator"):
            other = getattr(self, name) if getattr(self, f"{name}_id") else None
            if other is None or name in errors:
                continue
            if self.pk and other.pk == self.pk:
                errors[name] = _("An indicator cannot refer to itself.")
            elif other.rollup != self.Rollup.SUM:
                # Weights, numerators and denominators are added up over units and periods; only sums add up.
                errors[name] = _("%(name)s must be an indicator that rolls up by sum.") % {"name": other.name}
            elif other.granularity != self.granularity:
                errors[name] = _("%(name)s must have the same granularity (%(granularity)s).") % {
                    "name": other.name,
                    "granularity": self.get_granularity_display(),
                }
        if errors:
            raise ValidationError(errors)
