"""Daily records (每日核算): one per accounting unit, date and shift; their lines, revisions, day locks and the
annual winners (优胜班组)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.value.models.catalogue import (
    HOURS_DIGITS,
    HOURS_PLACES,
    MONEY_DIGITS,
    MONEY_PLACES,
    PRICE_DIGITS,
    PRICE_PLACES,
    QTY_DIGITS,
    QTY_PLACES,
    AccountingUnit,
    Item,
    PeerGroup,
    ValueManager,
)


class Shift(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Source(models.TextChoices):
    MANUAL = "manual", _("manual entry")
    API = "api", _("API push")
    IMPORT = "import", _("spreadsheet import")


class DailyRecord(models.Model):
    """What one unit's shift created on one day: hours worked and (in its lines) a quantity per item.

    `output_value`, `input_value` and `value` (= output − input) are kept with the record, computed from the lines at
    the price valid on the record's date, so a ranking over thousands of units is one aggregate over this table.
    A price set later for a past date recomputes them (services.price_set)."""

    unit = models.ForeignKey(
        AccountingUnit, on_delete=models.PROTECT, related_name="records", verbose_name=_("accounting unit")
    )
    date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=1, choices=Shift.choices)
    hours = models.DecimalField(_("hours worked"), max_digits=HOURS_DIGITS, decimal_places=HOURS_PLACES)
    output_value = models.DecimalField(
        _("output value (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=Decimal(0)
    )
    input_value = models.DecimalField(
        _("input cost (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=Decimal(0)
    )
    value = models.DecimalField(
        _("value created (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=Decimal(0)
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    # Value per hour far outside the team's own range (checking.outlier_range): not ranked until someone who may
    # change the record confirms the figures (services.record_confirm).
    outlier = models.BooleanField(_("outside the team's range"), default=False)
    confirmed_at = models.DateTimeField(_("figures confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
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

    objects = ValueManager()
    scope_resource = "value"
    scope_path_field = "unit__org__path"

    class Meta:
        verbose_name = _("daily record")
        verbose_name_plural = _("daily records")
        ordering = ["-date", "unit", "shift"]
        constraints = [
            # Also the index of one unit's series (unit, date).
            models.UniqueConstraint(fields=["unit", "date", "shift"], name="value_record_key"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="value_record_hours"),
        ]
        # A day's ranking reads every unit's records of one date.
        indexes = [models.Index(fields=["date"], name="value_record_date")]

    def __str__(self):
        return f"{self.unit_id} {self.date:%Y-%m-%d} {self.shift}"

    @property
    def value_per_hour(self) -> Decimal | None:
        return (self.value / self.hours).quantize(Decimal("0.01")) if self.hours else None

    @property
    def unconfirmed(self) -> bool:
        """An outlier not confirmed yet: kept out of every ranking."""
        return self.outlier and self.confirmed_at is None

    def clean(self):
        super().clean()
        if self.hours is not None and (self.hours < 0 or self.hours > 24 * 200):
            raise ValidationError({"hours": _("Give the hours worked by the whole shift, from 0 to 4800.")})


class DailyLine(models.Model):
    """One item's quantity on a record, with the price used and the signed amount (+ output, − input)."""

    record = models.ForeignKey(DailyRecord, on_delete=models.CASCADE, related_name="lines", verbose_name=_("record"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.DecimalField(_("quantity"), max_digits=QTY_DIGITS, decimal_places=QTY_PLACES)
    price = models.DecimalField(_("price (元)"), max_digits=PRICE_DIGITS, decimal_places=PRICE_PLACES)
    amount = models.DecimalField(_("amount (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)

    class Meta:
        verbose_name = _("record line")
        verbose_name_plural = _("record lines")
        ordering = ["record", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "item"], name="value_line_key")]

    def __str__(self):
        return f"{self.record_id} {self.item_id} {self.quantity}"


class RecordRevision(models.Model):
    """An earlier state of a record, kept when it was replaced (hours, lines, value), with who replaced it and why.
    Rows are only ever added."""

    record = models.ForeignKey(
        DailyRecord, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("record")
    )
    revision = models.PositiveIntegerField(_("revision"))
    hours = models.DecimalField(_("hours worked"), max_digits=HOURS_DIGITS, decimal_places=HOURS_PLACES)
    value = models.DecimalField(_("value created (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    lines = models.JSONField(_("quantities"), default=dict)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded"))
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
        verbose_name = _("record revision")
        verbose_name_plural = _("record revisions")
        ordering = ["record", "-revision"]
        constraints = [models.UniqueConstraint(fields=["record", "revision"], name="value_revision_key")]

    def __str__(self):
        return f"{self.record_id} r{self.revision}"


class DayLock(models.Model):
    """A peer group's day is closed: its ranking stands, and a change to one of its records is a correction with a
    reason."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="locks", verbose_name=_("peer group"))
    date = models.DateField(_("date"))
    locked_at = models.DateTimeField(_("locked"), default=timezone.now)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("locked by"),
    )

    class Meta:
        verbose_name = _("locked day")
        verbose_name_plural = _("locked days")
        ordering = ["group", "-date"]
        constraints = [models.UniqueConstraint(fields=["group", "date"], name="value_lock_key")]

    def __str__(self):
        return f"{self.group_id} {self.date}"


class AnnualWinner(models.Model):
    """A winning team of the year (优胜班组), chosen by the party office from the year's assessment."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        AccountingUnit, on_delete=models.PROTECT, related_name="wins", verbose_name=_("accounting unit")
    )
    points = models.DecimalField(_("assessment points"), max_digits=10, decimal_places=2, default=Decimal(0))
    note = models.CharField(_("note"), max_length=200, blank=True)
    rule = models.CharField(
        _("rule used"),
        max_length=300,
        blank=True,
        help_text=_("How the winners were chosen, e.g. the top 3 of each peer group by the year's assessment points."),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    objects = ValueManager()
    scope_resource = "value"
    scope_path_field = "unit__org__path"

    class Meta:
        verbose_name = _("winning team")
        verbose_name_plural = _("winning teams")
        ordering = ["-year", "-points"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="value_winner_key")]

    def __str__(self):
        return f"{self.year} {self.unit_id}"


__all__ = ["PeerGroup", "Shift", "Source"]
