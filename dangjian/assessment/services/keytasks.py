"""Writes for the key-task list: add or change a task (党群工作部, or the owner org's secretary), submit its close-out
with evidence (the owner org, or the owner person), confirm it (销号) or return it, take it off the list or put it
back (the superior org or 党群工作部, never on their own branch)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.assessment import inbox, workflow
from dangjian.assessment.models import KeyTask
from dangjian.assessment.services.common import require
from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import require_at, validate

TASK_FIELDS = ("title", "category", "owner_org", "owner", "due_on", "deliverable", "year")
R = "keytask"


def _apply(task: KeyTask, fields: dict) -> None:
    """Set the given fields on the task and validate it (not saved): the year follows a new due date unless given,
    the owner must belong to the owner organisation."""
    for key in TASK_FIELDS:
        if key in fields:
            setattr(task, key, fields[key])
    if "due_on" in fields and "year" not in fields and task.due_on:
        task.year = task.due_on.year
    if task.owner is not None and task.owner_org_id and not task.owner.branch.path.startswith(task.owner_org.path):
        raise InvalidInput(
            _("The owner must belong to the owner organisation."), errors={"owner": [_("Not in that organisation.")]}
        )
    validate(task)


@transaction.atomic
def keytask_create(*, actor, code: str, **fields) -> KeyTask:
    """Add a task to the list (the "keytask" add grant over its owner org: 党群工作部, or the org's secretary). The code
    is unique: a taken one is a Conflict naming the field."""
    org = fields.get("owner_org")
    if org is None:
        raise InvalidInput(
            _("Choose the organisation that owns the task."), errors={"owner_org": [_("This field is required.")]}
        )
    require_at(actor, R, ADD, org)
    code = (code or "").strip()
    if not code:
        raise InvalidInput(_("Give the task a code."), errors={"code": [_("This field is required.")]})
    taken = _("A task with the code %(code)s already exists.") % {"code": code}
    if KeyTask.objects.filter(code=code).exists():
        raise Conflict(taken, errors={"code": [taken]})
    task = KeyTask(code=code)
    _apply(task, fields)
    with unique_conflict(taken):
        task.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=task, after=audit.snapshot(task))
    return task


@transaction.atomic
def keytask_update(*, actor, task: KeyTask, **fields) -> tuple[KeyTask, bool]:
    """Change a task's title, category, owner, due date or deliverable (the "keytask" change grant over its owner
    org, and over the new one when it moves). A closed-out or cancelled task no longer changes. Returns (task,
    whether anything changed)."""
    task = _locked(task)
    require_at(actor, R, CHANGE, task.owner_org)
    new_org = fields.get("owner_org")
    if new_org is not None and new_org.pk != task.owner_org_id:
        require_at(actor, R, CHANGE, new_org)
    if task.closed:
        raise Conflict(_("%(code)s is closed out; it no longer changes.") % {"code": task.code})
    if task.cancelled:
        raise Conflict(_("%(code)s is cancelled; restore it first.") % {"code": task.code})
    before = audit.snapshot(task)
    _apply(task, fields)
    task.save()
    after = audit.snapshot(task)
    if not audit.changes(before, after):
        return task, False
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=after)
    return task, True


@transaction.atomic
def keytask_upsert(*, actor, code: str, **fields) -> tuple[KeyTask, str]:
    """Add the task `code` or change it (what a row of the import does). Returns (task, "create" | "update" |
    "unchanged")."""
    task = KeyTask.objects.filter(code=code).first()
    if task is None:
        return keytask_create(actor=actor, code=code, **fields), "create"
    task, changed = keytask_update(actor=actor, task=task, **fields)
    return task, "update" if changed else "unchanged"


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
    inbox.keytask_submitted(task)
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
    inbox.keytask_decided(task)
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
    inbox.keytask_decided(task)
    return task


def _require_reviewer(actor, task: KeyTask) -> None:
    if workflow.REVIEWER not in workflow.standings(actor, task.owner_org, R):
        message = _("Only the superior organisation or 党群工作部 may take a task off the list or put it back.")
        raise NotPermitted(message)


@transaction.atomic
def keytask_cancel(*, actor, task: KeyTask, reason: str) -> KeyTask:
    """Take a task off the list with the reason (the superior org or 党群工作部, never its own branch): it no longer
    counts anywhere until it is restored. A closed-out task stays closed."""
    task = _locked(task)
    _require_reviewer(actor, task)
    if task.closed or task.cancelled:
        raise Conflict(_("%(code)s is %(status)s.") % {"code": task.code, "status": task.get_status_display()})
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the task is taken off the list."), errors={"reason": [_("Required.")]})
    before = audit.snapshot(task)
    task.status, task.cancel_reason = KeyTask.Status.CANCELLED, reason[:500]
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=audit.snapshot(task))
    inbox.keytask_decided(task)
    return task


@transaction.atomic
def keytask_restore(*, actor, task: KeyTask) -> KeyTask:
    """Put a cancelled task back on the list, open: a close-out that was waiting when it was cancelled is submitted
    again by its owner."""
    task = _locked(task)
    _require_reviewer(actor, task)
    if not task.cancelled:
        raise Conflict(_("Only a cancelled task can be put back on the list."))
    before = audit.snapshot(task)
    task.status, task.cancel_reason, task.submitted_on = KeyTask.Status.OPEN, "", None
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=audit.snapshot(task))
    return task
