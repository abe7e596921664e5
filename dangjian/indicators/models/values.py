"""Indicator values per production unit and period, their earlier revisions, and targets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.indicators.models.catalogue import Indicator, IndicatorQuerySet

VALUE_DIGITS, VALUE_PLACES = 20, 6


class IndicatorValue(models.Model):
    """One measured value: an indicator for a production unit in one period (a shift, a day or a month).

    `period_start` is the day (for a month: its first day); `shift` is "" except for shift values (A–D).
    `granularity` is copied from the indicator when the value is written, so the key and the time-series index stay
    valid if the catalogue changes later. Every change keeps the earlier value as an IndicatorValueRevision.
    """

    class Shift(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"

    class Source(models.TextChoices):
        IMPORT = "import", _("spreadsheet import")
        API = "api", _("API push")
        MANUAL = "manual", _("manual entry")
        VALUE_ACCOUNTING = "value_accounting", _("value accounting")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("production unit")
    )
    granularity = models.CharField(_("granularity"), max_length=10, choices=Indicator.Granularity.choices)
    period_start = models.DateField(_("period"))
    shift = models.CharField(_("shift"), max_length=1, choices=Shift.choices, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = models.Manager.from_queryset(IndicatorQuerySet)()
    scope_resource = "indicator"
    scope_path_field = ""
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "unit", "period_start", "shift"]
        constraints = [
            # Also the index for one unit's series: (indicator, unit, granularity, period_start, shift).
            models.UniqueConstraint(
                fields=["indicator", "unit", "granularity", "period_start", "shift"], name="indicator_value_key"
            ),
        ]
        indexes = [
            # Roll-ups read one indicator for many units over a date range.
            models.Index(fields=["indicator", "granularity", "period_start"], name="indicator_value_series"),
        ]

    def __str__(self):
        shift = f" {self.shift}" if self.shift else ""
        return f"{self.indicator.code} {self.unit_id} {self.period_start:%Y-%m-%d}{shift} = {self.value}"

    def clean(self):
        super().clean()
        if self.granularity == Indicator.Granularity.MONTH and self.period_start and self.period_start.day != 1:
            raise ValidationError({"period_start": _("A monthly value starts on the first day of the month.")})
        if (self.granularity == Indicator.Granularity.SHIFT) != bool(self.shift):
            raise ValidationError({"shift": _("Give a shift (A–D) for shift values, and only for them.")})


class IndicatorValueRevision(models.Model):
    """An earlier value of an IndicatorValue, kept when it was replaced: what it was, who wrote it and when, and who
    replaced it, when and why. Rows are only ever added."""

    indicator_value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("indicator value")
    )
    revision = models.PositiveIntegerField(_("revision"))
    value = models.DecimalField(_("earlier value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    source = models.CharField(_("source"), max_length=20, choices=IndicatorValue.Source.choices)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    replaced_by_name = models.CharField(_("replaced by (name)"), max_length=150, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicator value revision")
        verbose_name_plural = _("indicator value revisions")
        ordering = ["indicator_value", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_value", "revision"], name="indicator_value_revision_key"),
        ]

    def __str__(self):
        return f"{self.indicator_value_id} r{self.revision} = {self.value}"


class Target(models.Model):
    """A target (目标值) for an indicator at a production unit: for a month, or for the whole year (month empty)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="targets", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(pgettext_lazy("month of the year", "month"), null=True, blank=True)
    value = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = models.Manager.from_queryset(IndicatorQuerySet)()
    scope_resource = "indicator"
    scope_path_field = ""
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "unit", "year", "month"]
        constraints = [
            # NULL months are distinct in a plain unique constraint, so the annual target has its own.
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "month"],
                condition=Q(month__isnull=False),
                name="target_month_key",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], condition=Q(month__isnull=True), name="target_year_key"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="target_month_range"
            ),
        ]

    def __str__(self):
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.indicator.code} {self.unit_id} {period} → {self.value}"
