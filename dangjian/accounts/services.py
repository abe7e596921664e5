"""Writes for accounts, role assignments and API tokens (三员分立: system admin → accounts, security admin → roles)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.accounts.models import ApiToken, RoleAssignment, User
from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted, from_validation_error
from dangjian.core.models import AuditLog
from dangjian.core.permissions import GLOBAL_ROLES, Role
from dangjian.core.services import is_system, require_global, validate


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), errors={"password": list(exc.messages)}) from exc


@transaction.atomic
def account_create(*, actor, username: str, password: str, person=None, email: str = "") -> User:
    """Create a login (system administrator only)."""
    require_global(actor, "account", "add")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(_("The username %(name)s is taken.") % {"name": username}, errors={"username": ["taken"]})
    user = User(username=username, person=person, email=email)
    _check_password(password, user)
    user.set_password(password)
    validate(user)
    user.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=user, after=audit.snapshot(user))
    return user


@transaction.atomic
def account_set_active(*, actor, user: User, active: bool) -> User:
    require_global(actor, "account", "change")
    if not is_system(actor) and user.pk == actor.pk and not active:
        raise InvalidInput(_("You cannot deactivate your own account."))
    before = audit.snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=user, before=before, after=audit.snapshot(user))
    return user


@transaction.atomic
def password_change(*, actor, user: User, old_password: str, new_password: str) -> User:
    """A user changes their own password."""
    if is_system(actor) or actor.pk != user.pk:
        raise NotPermitted(_("You can only change your own password."))
    if not user.check_password(old_password):
        raise InvalidInput(_("The current password is wrong."), errors={"old_password": ["wrong"]})
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=user, comment="password changed")
    return user


@transaction.atomic
def password_set(*, actor, user: User, password: str) -> User:
    """Set a password for someone else (system administrator; or the system for scripted set-up)."""
    require_global(actor, "account", "change")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=user, comment="password set")
    return user


@transaction.atomic
def role_assign(*, actor, user: User, role: str, org=None) -> RoleAssignment:
    """Give an account a role over an org subtree, or globally for a system role (security administrator only)."""
    require_global(actor, "role", "add")
    if role in GLOBAL_ROLES and org is not None:
        raise InvalidInput(_("System roles apply to the whole system; leave the organisation empty."))
    if role not in GLOBAL_ROLES and org is None:
        raise InvalidInput(_("Choose the organisation this role applies to."), errors={"org": ["required"]})
    if role == Role.INTEGRATION and org.parent_id is not None:
        # The MES/ERP account feeds one company: its reach is that company's whole unit tree, and no other's.
        raise InvalidInput(
            _("The data integration role applies over a whole company: choose the company's party committee."),
            errors={"org": ["root"]},
        )
    if not is_system(actor) and user.pk == actor.pk:
        raise NotPermitted(_("You cannot change your own roles."))
    if RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
        raise InvalidInput(_("This account already has this role there."))
    assignment = RoleAssignment(user=user, role=role, org=org)
    if not is_system(actor):
        assignment.granted_by = actor
    try:
        assignment.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    assignment.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=assignment, after=audit.snapshot(assignment))
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    require_global(actor, "role", "delete")
    if not is_system(actor) and assignment.user_id == actor.pk:
        raise NotPermitted(_("You cannot change your own roles."))
    before = audit.snapshot(assignment)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=assignment, before=before)
    assignment.delete()


@transaction.atomic
def token_issue(*, user: User) -> str:
    """Issue an API token for an authenticated user; returns the raw value (shown once)."""
    token, raw = ApiToken.issue(user)
    audit.record(actor=user, action=AuditLog.Action.TOKEN, obj=user, comment=f"token {token.pk}")
    return raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke an API token. A user revokes their own; a system administrator may revoke anyone's."""
    if not is_system(actor) and token.user_id != actor.pk:
        require_global(actor, "account", "change")
    # The hash is left out of the audit row: it is the credential, even if only its digest.
    before = {"user": token.user_id, "expires_at": audit.snapshot(token)["expires_at"]}
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=token, before=before, comment="token revoked")
    token.delete()
