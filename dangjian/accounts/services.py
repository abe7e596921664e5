"""Writes for accounts, role assignments and API tokens (三员分立: system admin → accounts, security admin → roles)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.accounts import separation
from dangjian.accounts.models import ApiToken, RoleAssignment, User
from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted, from_validation_error
from dangjian.core.models import AuditLog
from dangjian.core.permissions import GLOBAL_ROLES, ROLE_LABELS, Role
from dangjian.core.services import is_system, require_global, save_audited


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), errors={"password": list(exc.messages)}) from exc


def _revoke_tokens(*, actor, user: User, why: str) -> int:
    """Delete every API token of `user` (a password change or a deactivation ends them all), with one audit row."""
    count, _by_model = ApiToken.objects.filter(user=user).delete()
    if count:
        audit.record(
            actor=actor, action=AuditLog.Action.DELETE, obj=user, comment=f"{count} API token(s) revoked: {why}"
        )
    return count


@transaction.atomic
def account_create(
    *, actor, username: str, password: str, person=None, email: str = "", must_change_password: bool | None = None
) -> User:
    """Create a login (system administrator only). The password the administrator chose is a one-time password: the
    owner must change it at the first sign-in. Accounts the system creates (the demo, `create_account` for the
    installer's own account) keep theirs unless asked otherwise."""
    require_global(actor, "account", "add")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(_("The username %(name)s is taken.") % {"name": username}, errors={"username": ["taken"]})
    if must_change_password is None:
        must_change_password = not is_system(actor)
    user = User(username=username, person=person, email=email, must_change_password=must_change_password)
    _check_password(password, user)
    user.set_password(password)
    save_audited(user, actor=actor)
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
    if not active:
        # Deleted, not just unusable: reactivating the account must not bring old tokens back to life.
        _revoke_tokens(actor=actor, user=user, why="account deactivated")
    return user


@transaction.atomic
def password_change(*, actor, user: User, old_password: str, new_password: str) -> User:
    """A user changes their own password."""
    if is_system(actor) or actor.pk != user.pk:
        raise NotPermitted(_("You can only change your own password."))
    if not user.check_password(old_password):
        raise InvalidInput(_("The current password is wrong."), errors={"old_password": ["wrong"]})
    if new_password == old_password:
        # A forced change to the same password would leave it known to whoever set it.
        raise InvalidInput(
            _("Choose a new password, different from the current one."), errors={"password": ["unchanged"]}
        )
    _check_password(new_password, user)
    was_forced = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=user,
        before={"must_change_password": True} if was_forced else None,
        after={"must_change_password": False} if was_forced else None,
        comment="password changed",
    )
    _revoke_tokens(actor=actor, user=user, why="password changed")
    return user


@transaction.atomic
def password_set(*, actor, user: User, password: str, must_change: bool = True) -> User:
    """Set a password for someone else (system administrator; or the system for scripted set-up).

    三员分立: the administrator now knows the password, so the owner must change it at the next sign-in (every page
    and the API refuse the account until then), and the account's API tokens end. The audit row records who reset it,
    never the password."""
    require_global(actor, "account", "change")
    if not is_system(actor) and user.pk == actor.pk:
        raise NotPermitted(_("Change your own password on the password page."))
    _check_password(password, user)
    before = {"must_change_password": user.must_change_password}
    user.set_password(password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=user,
        before=before,
        after={"must_change_password": must_change},
        comment="password set",
    )
    _revoke_tokens(actor=actor, user=user, why="password set by an administrator")
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
    # Serialise assignments to one account, so two at once cannot together make a combination each alone would not.
    user = User.objects.select_for_update().get(pk=user.pk)
    if RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
        raise InvalidInput(_("This account already has this role there."))
    held = separation.clash(separation.held_roles(user), role)
    if held is not None:
        raise Conflict(
            _(
                "Separation of duties (三员分立): %(user)s already holds the role %(held)s, which cannot be combined "
                "with %(role)s. The system, security and audit administrator roles each need an account of their own, "
                "without any other role."
            )
            % {"user": user.username, "held": ROLE_LABELS.get(held, held), "role": ROLE_LABELS.get(role, role)},
            errors={"role": ["separation"]},
        )
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
def token_issue(*, user: User, scope: str = ApiToken.Scope.FULL) -> str:
    """Issue an API token for an authenticated user; returns the raw value (shown once). Refused while the account
    must change a password someone else chose: the API would otherwise skip the forced change."""
    if user.must_change_password:
        raise NotPermitted(_("Change your password on the website first; then ask for a token again."))
    if scope not in ApiToken.Scope.values:
        raise InvalidInput(_("Unknown token scope."), errors={"scope": [_("Choose full, read or push.")]})
    token, raw = ApiToken.issue(user, scope=scope)
    audit.record(actor=user, action=AuditLog.Action.TOKEN, obj=user, comment=f"token {token.pk} scope {scope}")
    return raw


def _token_state(token: ApiToken) -> dict:
    # The hash is left out of the audit row: it is the credential, even if only its digest.
    state = audit.snapshot(token)
    return {k: state[k] for k in ("user_id", "scope", "created_at", "expires_at", "last_used_at")}


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke an API token. A user revokes their own; the security administrator anyone's (the tokens page)."""
    if not is_system(actor) and token.user_id != actor.pk:
        require_global(actor, "token", "delete")
    audit.record(
        actor=actor, action=AuditLog.Action.DELETE, obj=token, before=_token_state(token), comment="token revoked"
    )
    token.delete()


@transaction.atomic
def account_link_person(*, actor, user: User, person=None) -> User:
    """Link an existing account to a person (or unlink it with None) — the system administrator, after the account
    was made. A person has at most one account; the three administrators' accounts stay unlinked."""
    require_global(actor, "account", "change")
    user = User.objects.select_for_update().get(pk=user.pk)
    if person is not None:
        if separation.held_roles(user) & separation.ADMIN_ROLES:
            raise InvalidInput(
                _("The system, security and audit administrators' accounts are not linked to a person."),
                errors={"person": ["admin"]},
            )
        holder = User.objects.filter(person=person).exclude(pk=user.pk).first()
        if holder is not None:
            raise InvalidInput(
                _("%(person)s already has the account %(name)s.") % {"person": person.name, "name": holder.username},
                errors={"person": ["taken"]},
            )
    if user.person_id == (person.pk if person else None):
        return user
    before = {"person_id": user.person_id}
    user.person = person
    user.save(update_fields=["person"])
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=user, before=before, after={"person_id": user.person_id}
    )
    return user


@transaction.atomic
def accounts_create_for_people(*, actor, people: list) -> list[tuple[User, str]]:
    """Create an account for each person (username = employee number), each with a one-time password the owner must
    change at the first sign-in. Returns (account, password) pairs: the passwords are shown once, on the printable
    sheet, and never stored in clear. All or nothing: any person who cannot get an account refuses the whole batch,
    with every reason named."""
    from dangjian.accounts.bootstrap import one_time_password

    require_global(actor, "account", "add")
    people = list(dict.fromkeys(people))
    if not people:
        raise InvalidInput(_("Choose at least one person."), errors={"people": [_("This field is required.")]})
    problems = []
    linked = dict(User.objects.filter(person__in=people).values_list("person_id", "username"))
    taken = set(User.objects.filter(username__in=[p.employee_no for p in people]).values_list("username", flat=True))
    for person in people:
        if person.pk in linked:
            problems.append(
                _("%(person)s (%(no)s) already has the account %(name)s.")
                % {"person": person.name, "no": person.employee_no, "name": linked[person.pk]}
            )
        elif person.employee_no in taken:
            problems.append(_("The username %(name)s is taken.") % {"name": person.employee_no})
        elif not person.active:
            problems.append(
                _("%(person)s (%(no)s) is no longer on the roll.") % {"person": person.name, "no": person.employee_no}
            )
    if problems:
        raise InvalidInput(" ".join(problems), errors={"people": problems})
    created = []
    for person in people:
        password = one_time_password()
        user = account_create(
            actor=actor, username=person.employee_no, password=password, person=person, must_change_password=True
        )
        created.append((user, password))
    return created


@transaction.atomic
def roles_assign_bulk(*, actor, users: list[User], role: str, org=None) -> list[RoleAssignment]:
    """Give the same role over the same org to several accounts (security administrator). Accounts that hold it
    there already are left as they are; any other refusal (三员分立, the actor's own account) refuses the whole batch,
    with every account named."""
    require_global(actor, "role", "add")
    users = list(dict.fromkeys(users))
    if not users:
        raise InvalidInput(_("Choose at least one account."), errors={"users": [_("This field is required.")]})
    held = set(RoleAssignment.objects.filter(user__in=users, role=role, org=org).values_list("user_id", flat=True))
    made, problems = [], []
    for user in users:
        if user.pk in held:
            continue
        try:
            with transaction.atomic():
                made.append(role_assign(actor=actor, user=user, role=role, org=org))
        except (InvalidInput, Conflict, NotPermitted) as exc:
            problems.append(f"{user.username}: {exc.message}")
    if problems:
        raise InvalidInput(" ".join(problems), errors={"users": problems})
    return made
