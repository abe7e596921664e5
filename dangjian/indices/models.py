"""Explainable indices (堡垒指数 / 先锋指数): the office's weights per company and index, versioned by the month they
apply from, and the computed values — one row per (branch or member, month, index) with its components as they were
computed (weight, raw value, normalised value, the records behind it) and the weight version used, so a later change
of weights never rewrites a value already computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class Kind(models.TextChoices):
    BRANCH = "branch", _("Branch index (堡垒指数)")
    MEMBER = "member", _("Member index (先锋指数)")


def _own(user) -> Q:
    return Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])


class WeightVersion(models.Model):
    """One version of a company's weights for one index: {component code: weight}, the weights adding up to 100,
    applying to the months from `valid_from` on until a later version. A change is a new version; the old one stays
    and keeps the values computed with it."""

    company = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    kind = models.CharField(_("index"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("applies from (month)"))
    weights = models.JSONField(_("weights"), default=dict)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "index_weights"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("index weight version")
        verbose_name_plural = _("index weight versions")
        ordering = ["kind", "-valid_from", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["company", "kind", "number"], name="indices_weight_version_number")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.number} ({self.valid_from:%Y-%m})"


class IndexValue(models.Model):
    """A computed index: a branch's (person empty) or a member's (org = the member's branch) for one month, its value
    0–100 (None when no component had data), its rank in the company that month, the weight version used and the
    components [{code, weight, raw, raw_text, normalised, explanation, records: [{label, url}]}]."""

    company = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("index"), max_length=10, choices=Kind.choices)
    month = models.DateField(_("month"))
    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="index_values", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    version = models.ForeignKey(
        WeightVersion, on_delete=models.PROTECT, related_name="values", verbose_name=_("weight version")
    )
    value = models.DecimalField(_("index"), max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    components = models.JSONField(_("components"), default=list)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "index"
    scope_path_field = "org__path"
    self_q = staticmethod(_own)

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        ordering = ["kind", "-month", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month", "org"], condition=Q(person__isnull=True), name="indices_one_branch_value"
            ),
            models.UniqueConstraint(
                fields=["kind", "month", "person"], condition=Q(person__isnull=False), name="indices_one_member_value"
            ),
        ]
        indexes = [models.Index(fields=["company", "kind", "month"], name="indices_company_month")]

    def __str__(self):
        return f"{self.subject_name} {self.month:%Y-%m} {self.value}"

    @property
    def subject_name(self) -> str:
        return self.person.name if self.person_id else self.org.name
