"""Background tasks that failed for good, kept so that somebody sees them and can run them again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """A task that still failed after its last retry (core/tasks.py records it from the worker): which task, with
    which arguments, the error, and whether and by whom it was run again. Shown to the system administrator on
    /core/tasks/; `services.task_rerun` queues the same call again."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    error = models.TextField(_("error"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    rerun_at = models.DateTimeField(_("run again at"), null=True, blank=True)
    rerun_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("run again by"),
    )

    class Meta:
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")
        ordering = ["-failed_at", "-id"]

    def __str__(self):
        return f"{self.task} @ {self.failed_at:%Y-%m-%d %H:%M}"


class PeriodicRun(models.Model):
    """One run of a periodic task for one period of its schedule (core/tasks.py `periodic_task`): the unique key lets
    exactly one of several task workers run it, however many schedulers queued it; the rows are the run log."""

    task = models.CharField(_("task"), max_length=200)
    period = models.DateTimeField(_("scheduled for"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")
        ordering = ["-period", "task"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="core_periodic_run_key")]

    def __str__(self):
        return f"{self.task} {self.period:%Y-%m-%d %H:%M}"
