"""Helpers every service uses: the system actor, permission guards and validation that raises domain errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dangjian.core import scoping
from dangjian.core.errors import NotPermitted, from_validation_error


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


def validate(obj) -> None:
    """full_clean() with Django's messages turned into an InvalidInput carrying per-field errors."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
