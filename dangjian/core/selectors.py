"""Reads shared by the core pages. The audit log is a global resource: only the audit administrator reads it."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit_masking
from dangjian.core.errors import NotFound
from dangjian.core.models import AuditLog, TaskFailure
from dangjian.core.scoping import scope_for


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_list(
    *,
    user,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[AuditLog]:
    """Audit rows, newest first, filtered; nothing at all without the global "audit" grant.

    Each row carries `actor_hidden` (core/audit_masking.py): the actor filter never finds an anonymous submitter's
    rows, and the text filter never searches a comment the page masks. Show rows through `audit_masking.mask()`.
    Dates are whole local days (Asia/Shanghai by default), compared as a time range so the index on `at` is used."""
    if not scope_for(user, "audit", "view").everywhere:
        return AuditLog.objects.none()
    qs = AuditLog.objects.annotate(actor_hidden=audit_masking.actor_hidden())
    if actor:
        qs = qs.filter(actor_name__icontains=actor, actor_hidden=False)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if text:
        qs = qs.filter(audit_masking.text_q(text))
    return qs.order_by("-at", "-id")


def task_failures(*, limit: int) -> tuple[list[TaskFailure], int]:
    """The newest failed background tasks (at most `limit`, with who ran them again) and how many wait for a rerun.
    The page checks the system administrator's grant; task failures belong to no business scope."""
    failures = list(TaskFailure.objects.select_related("rerun_by")[:limit])
    return failures, TaskFailure.objects.filter(rerun_at__isnull=True).count()


def task_failure_get(*, pk: int) -> TaskFailure:
    """One failed task, or NotFound."""
    found = TaskFailure.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Not found, or you do not have access to it."))
    return found
