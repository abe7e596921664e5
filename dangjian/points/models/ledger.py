"""The points ledger (积分台账): append-only entries, the links that keep automatic entries idempotent, and appeals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class PointsEntry(models.Model):
    """One line of a person's points: a rule applied on a date, claimed or written automatically, then decided.

    Append-only: what was recorded (person, rule, points, date, source, reversal) never changes, and the row is never
    deleted (a PostgreSQL trigger refuses both). Only a pending entry's decision is written once — approved with the
    points `awarded` after the cap, or rejected. A correction is a new entry that `reverses` an approved one with the
    opposite points.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="points_entries", verbose_name=_("person")
    )
    rule = models.ForeignKey(
        "points.PointsRule", on_delete=models.PROTECT, related_name="entries", verbose_name=_("rule")
    )
    points = models.DecimalField(_("points claimed"), max_digits=8, decimal_places=2)
    awarded = models.DecimalField(
        _("points awarded"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Set when approved: the claimed points, cut to what the rule's cap leaves."),
    )
    occurred_on = models.DateField(_("date"), db_index=True)
    reason = models.CharField(_("reason"), max_length=300)
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    automatic = models.BooleanField(_("automatic"), default=False)
    # The record another capability (or this one) wrote the entry from: "<app_label.model>" and its primary key.
    source_type = models.CharField(_("source type"), max_length=60, blank=True)
    source_id = models.CharField(_("source id"), max_length=40, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    objects = ScopedManager()
    scope_resource = "points"
    scope_path_field = "person__branch__path"
    scope_kind_fields = {"group": "person__group__path"}

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["person", "occurred_on"], name="points_entry_person_day"),
            models.Index(fields=["status", "occurred_on"], name="points_entry_status_day"),
            models.Index(fields=["source_type", "source_id"], name="points_entry_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="approved", awarded__isnull=False) | ~Q(status="approved"),
                name="points_entry_approved_has_award",
            ),
        ]

    def __str__(self):
        return f"{self.person_id} {self.rule_id} {self.points} {self.occurred_on}"

    @staticmethod
    def self_q(user) -> Q:
        return Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class AutoLink(models.Model):
    """Which automatic entry stands for (rule code, source record, person): the key that makes automatic entries
    idempotent. `entry` is empty after the entry was withdrawn, so the fact recorded again gives points again."""

    company = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+")
    rule_code = models.CharField(max_length=40)
    source_type = models.CharField(max_length=60)
    source_id = models.CharField(max_length=40)
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(PointsEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("automatic points link")
        verbose_name_plural = _("automatic points links")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "rule_code", "source_type", "source_id", "person"], name="points_autolink_key"
            )
        ]

    def __str__(self):
        return f"{self.rule_code} {self.source_type}:{self.source_id} → {self.person_id}"


class Appeal(models.Model):
    """A member's appeal against one of their entries (申诉), decided by a reviewer who is not the member. Upholding
    it reverses an approved entry, or grants a rejected one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    entry = models.ForeignKey(PointsEntry, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("entry"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lodged"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    outcome_entry = models.ForeignKey(
        PointsEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("outcome")
    )

    objects = ScopedManager()
    scope_resource = "points"
    scope_path_field = "entry__person__branch__path"
    scope_kind_fields = {"group": "entry__person__group__path"}

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(status="open"), name="points_one_open_appeal")
        ]

    def __str__(self):
        return f"{self.entry_id} {self.get_status_display()}"

    @staticmethod
    def self_q(user) -> Q:
        return Q(entry__person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])
