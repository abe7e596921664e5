"""Helpers every service uses: the system actor, permission guards and validation that raises domain errors."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import scoping
from dangjian.core.errors import Conflict, NotPermitted, from_validation_error


class SystemActor:
    """The actor for management commands and tasks started by the system (seed, scheduled jobs). Audited as 'system'."""

    is_authenticated = False
    is_active = True
    pk = None
    person_id = None

    def get_username(self) -> str:
        return "system"

    def __str__(self):
        return "system"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def require_at(actor, resource: str, action: str, org) -> None:
    """Refuse unless `actor` may `action` on `resource` inside `org`'s subtree."""
    if is_system(actor):
        return
    if not scoping.can_at(actor, resource, action, org):
        raise NotPermitted(_("You do not have permission to do this here."))


def require_global(actor, resource: str, action: str) -> None:
    if is_system(actor):
        return
    if not scoping.scope_for(actor, resource, action).everywhere:
        raise NotPermitted(_("You do not have permission to do this."))


def require_obj(actor, action: str, obj) -> None:
    if is_system(actor):
        return
    if not scoping.can(actor, action, obj):
        raise NotPermitted(_("You do not have permission to do this here."))


def _held_relations(obj) -> set[str]:
    """The foreign keys of `obj` set to an instance read from (or saved to) the database. full_clean() would query
    each again to check that it exists — most of what validating a row cost — though the service holds it; the
    database's own constraint still refuses a row whose target was deleted meanwhile, as it would after the check."""
    held = set()
    for field in obj._meta.concrete_fields:
        if not field.many_to_one or not field.is_cached(obj):
            continue
        related = field.get_cached_value(obj)
        if related is not None and not related._state.adding and related.pk == getattr(obj, field.attname):
            held.add(field.name)
    return held


def validate(obj) -> None:
    """full_clean() with Django's messages turned into an InvalidInput carrying per-field errors: the fields, the
    model's clean(), its unique fields and its constraints, as full_clean() checks them — except that a foreign key
    holding a saved instance is not looked up again (_held_relations)."""
    errors: dict = {}
    try:
        obj.clean_fields(exclude=_held_relations(obj))
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        obj.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    # Unique fields and constraints: all of them, but not on a field that already failed (as full_clean()).
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    for check in (obj.validate_unique, obj.validate_constraints):
        try:
            check(exclude=failed)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        exc = ValidationError(errors)
        raise from_validation_error(exc) from exc


_UNSET = object()


def save_audited(obj, *, actor, before: dict | None = None, comment: str = "", update_fields=None, conflict=_UNSET):
    """How a service ends a write, in its own transaction: validate `obj` (InvalidInput with per-field messages),
    save it, and append the audit row of the change — a creation when `before` is None, else an update from
    `before` (taken with `audit.snapshot(obj)` before the change) to the saved state. With `conflict` (a sentence,
    or None for the generic one) the save runs in a savepoint and a unique-constraint refusal from a concurrent
    writer becomes that Conflict (core/concurrency.unique_conflict)."""
    from dangjian.core import audit
    from dangjian.core.concurrency import unique_conflict
    from dangjian.core.models import AuditLog

    validate(obj)
    if conflict is _UNSET:
        obj.save(update_fields=update_fields)
    else:
        with unique_conflict(conflict):
            obj.save(update_fields=update_fields)
    action = AuditLog.Action.CREATE if before is None else AuditLog.Action.UPDATE
    audit.record(actor=actor, action=action, obj=obj, before=before, after=audit.snapshot(obj), comment=comment)
    return obj


@transaction.atomic
def task_rerun(*, actor, failure) -> None:
    """Run a failed background task again (the system administrator's button on /core/tasks/): the same task with
    the same arguments, queued once the rerun is recorded. A failure already run again is a Conflict."""
    from dangjian.core import audit, tasks
    from dangjian.core.models import AuditLog, TaskFailure

    require_global(actor, "settings", "change")
    failure = TaskFailure.objects.select_for_update().get(pk=failure.pk)
    if failure.rerun_at is not None:
        raise Conflict(_("This task was already run again."))
    failure.rerun_at, failure.rerun_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    failure.save(update_fields=["rerun_at", "rerun_by"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=failure, after={"rerun": failure.task})
    name, args, kwargs = failure.task, failure.args, failure.kwargs
    transaction.on_commit(lambda: tasks.rerun(name, args, kwargs))
