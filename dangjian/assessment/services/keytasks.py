"""Writes for the key-task list: add or change a task (党群工作部, or the owner org's secretary), submit its close-out
with evidence (the owner org, or the owner person), confirm it (销号) or return it (the superior org or 党群工作部,
never on their own branch)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.assessment import workflow
from dangjian.assessment.models import KeyTask
from dangjian.assessment.services.common import require
from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import require_at, validate

TASK_FIELDS = ("title", "category", "owner_org", "owner", "due_on", "deliverable", "year")
R = "keytask"


@transaction.atomic
def keytask_upsert(*, actor, code: str, **fields) -> tuple[KeyTask, str]:
    """Add the task `code` or change it (its owner org's "keytask" add/change grant). A closed task stays as it was
    closed. Returns (task, "create" | "update" | "unchanged")."""
    task = KeyTask.objects.select_for_update().filter(code=code).first()
    org = fields.get("owner_org") or (task.owner_org if task else None)
    require_at(actor, R, "change" if task else "add", org)
    if task is not None:
        require_at(actor, R, "change", task.owner_org)
        if task.closed:
            raise Conflict(_("%(code)s is closed out; it no longer changes.") % {"code": code})
    before = audit.snapshot(task) if task else None
    task = task or KeyTask(code=code)
    for key in TASK_FIELDS:
        if key in fields:
            setattr(task, key, fields[key])
    if task.due_on and not task.year:
        task.year = task.due_on.year
    if task.owner is not None and task.owner_org_id and not task.owner.branch.path.startswith(task.owner_org.path):
        raise InvalidInput(
            _("The owner must belong to the owner organisation."), errors={"owner": [_("Not in that organisation.")]}
        )
    validate(task)
    task.save()
    after = audit.snapshot(task)
    if before is None:
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=task, after=after)
        return task, "create"
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=after)
        return task, "update"
    return task, "unchanged"


def _locked(task: KeyTask) -> KeyTask:
    return KeyTask.objects.select_for_update(of=("self",)).select_related("owner_org").get(pk=task.pk)


def may_submit(actor, task: KeyTask) -> bool:
    return workflow.OWNER in workflow.standings(actor, task.owner_org, R) or (
        task.owner_id is not None and getattr(actor, "person_id", None) == task.owner_id
    )


@transaction.atomic
def keytask_close(*, actor, task: KeyTask, evidence: str, on: dt.date | None = None) -> KeyTask:
    """The owner submits the close-out with its evidence (what was delivered, where the record is)."""
    task = _locked(task)
    if not may_submit(actor, task):
        raise NotPermitted(_("Only the task's owner may submit its close-out."))
    if task.status not in (KeyTask.Status.OPEN, KeyTask.Status.RETURNED):
        raise Conflict(_("%(code)s is %(status)s.") % {"code": task.code, "status": task.get_status_display()})
    evidence = (evidence or "").strip()
    if not evidence:
        raise InvalidInput(
            _("Say what was delivered and where the evidence is."), errors={"evidence": [_("Required.")]}
        )
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise InvalidInput(_("A close-out cannot be dated in the future."), errors={"on": [_("In the future.")]})
    before = audit.snapshot(task)
    task.status, task.evidence, task.submitted_on, task.return_reason = KeyTask.Status.SUBMITTED, evidence, on, ""
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=audit.snapshot(task))
    return task


@transaction.atomic
def keytask_confirm(*, actor, task: KeyTask) -> KeyTask:
    """销号: the reviewer confirms the close-out; the task counts as completed on the day it was submitted."""
    task = _locked(task)
    require(actor, task.owner_org, workflow.REVIEWER, R)
    if task.status != KeyTask.Status.SUBMITTED:
        raise Conflict(_("Only a submitted close-out can be confirmed."))
    before = audit.snapshot(task)
    task.status, task.completed_on = KeyTask.Status.CLOSED, task.submitted_on
    task.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=audit.snapshot(task))
    return task


@transaction.atomic
def keytask_return(*, actor, task: KeyTask, reason: str) -> KeyTask:
    """The reviewer sends the close-out back with the reason; the owner submits again."""
    task = _locked(task)
    require(actor, task.owner_org, workflow.REVIEWER, R)
    if task.status != KeyTask.Status.SUBMITTED:
        raise Conflict(_("Only a submitted close-out can be returned."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the close-out goes back."), errors={"reason": [_("Required.")]})
    before = audit.snapshot(task)
    task.status, task.return_reason = KeyTask.Status.RETURNED, reason[:500]
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=audit.snapshot(task))
    return task
