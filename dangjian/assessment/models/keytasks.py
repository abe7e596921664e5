"""The key-task list (重点工作任务清单, seed 004: 95 a year): each task has an owner org and person, a category, a
due date and a deliverable, and is closed out (销号) when the owner submits it with evidence and a reviewer confirms.

open → submitted → closed, or submitted → returned → submitted again. `completed_on` is the day the accepted closure
was submitted: a task is on time when that day is no later than its due date. A task taken off the list (cancelled,
with the reason) counts nowhere — not on the board's overdue flags, the completion ranking or the on-time metric —
until it is restored."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class KeyTask(models.Model):
    """One annual key task of a party org."""

    class Category(models.TextChoices):
        PARTY = "party", _("Party building")
        SAFETY = "safety", _("Safety and environment")
        PRODUCTION = "production", _("Production")
        COST = "cost", _("Cost reduction")
        QUALITY = "quality", _("Quality")
        EQUIPMENT = "equipment", _("Equipment")
        WORKFORCE = "workforce", _("Workforce")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Closure submitted")
        RETURNED = "returned", _("Returned")
        CLOSED = "closed", _("Closed (销号)")
        CANCELLED = "cancelled", _("Cancelled")

    # No longer waiting for anything: closed out, or taken off the list.
    SETTLED = (Status.CLOSED, Status.CANCELLED)

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("task"), max_length=300)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    owner_org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="key_tasks", verbose_name=_("owner organisation")
    )
    owner = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_tasks",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    deliverable = models.CharField(_("deliverable"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("evidence"), blank=True)
    submitted_on = models.DateField(_("closure submitted"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.CharField(_("why it was returned"), max_length=500, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=500, blank=True)

    objects = ScopedManager()
    scope_resource = "keytask"
    scope_path_field = "owner_org__path"

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["due_on", "code"]
        indexes = [models.Index(fields=["year", "due_on"], name="keytask_year_due")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def overdue_on(self, day: dt.date) -> bool:
        """Not closed out (or closed out late) as seen at the end of `day`: the due date has passed and no accepted
        closure was submitted by then. A task due today is not overdue yet; a cancelled task never is."""
        if self.cancelled:
            return False
        if self.completed_on is not None and self.completed_on <= day:
            return False
        return day > self.due_on

    @property
    def on_time(self) -> bool | None:
        """Closed by its due date? None while not closed."""
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_on
