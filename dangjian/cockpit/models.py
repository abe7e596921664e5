"""The colour map's thresholds: per company and dimension, where green, yellow and orange begin (red below)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.cockpit import dimensions
from dangjian.core.scoping import ScopedManager

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Threshold(models.Model):
    """Where a dimension of the colour map turns green, yellow and orange for one company (its root party org); a
    value below `orange_from` is red. Set by 党群工作部 at the company; the defaults are loaded in one click."""

    company = models.ForeignKey(
        "org.PartyOrg", on_delete=models.CASCADE, related_name="cockpit_thresholds", verbose_name=_("company")
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=dimensions.CHOICES)
    green_from = models.DecimalField(_("green from"), max_digits=5, decimal_places=1, validators=PERCENT)
    yellow_from = models.DecimalField(_("yellow from"), max_digits=5, decimal_places=1, validators=PERCENT)
    orange_from = models.DecimalField(_("orange from"), max_digits=5, decimal_places=1, validators=PERCENT)

    objects = ScopedManager()
    scope_resource = "cockpit_threshold"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("colour map threshold")
        verbose_name_plural = _("colour map thresholds")
        ordering = ["company", "dimension"]
        constraints = [models.UniqueConstraint(fields=["company", "dimension"], name="cockpit_threshold_once")]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.green_from} / {self.yellow_from} / {self.orange_from}"

    @property
    def limits(self):
        return (self.green_from, self.yellow_from, self.orange_from)

    def clean(self):
        super().clean()
        if None in self.limits:
            return
        if not self.green_from >= self.yellow_from >= self.orange_from:
            message = _("Green must begin at or above yellow, and yellow at or above orange.")
            raise ValidationError({"yellow_from": message})
