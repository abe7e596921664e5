"""From a verified identity to an account: the identity's employee number finds the person (`org.Person.employee_no`),
the person's account signs in. Every way of single sign-on ends here, so the rules are one place:

- no person with that number, or the person has no account (and accounts are not created at first sign-in), or the
  account is deactivated: refused with a sentence for the login page, and the refused attempt is audited;
- roles are never read from the identity provider: an account created here has none until the security
  administrator gives it some.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.accounts.models import User
from dangjian.accounts.separation import ADMIN_ROLES
from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM, save_audited
from dangjian.org.models import Person

# How each way is named to people (the login page's buttons and the refusals) and in the audit log.
WAYS = {
    "ldap": gettext_lazy("directory (LDAP)"),
    "oidc": gettext_lazy("unified identity (OIDC)"),
    "wecom": gettext_lazy("WeCom"),
    "dingtalk": gettext_lazy("DingTalk"),
}


class Refused(Exception):
    """A sign-in the system will not let through; `message` is the sentence shown on the login page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def refuse(*, way: str, name: str, why: str, message: str) -> Refused:
    """Record the refused attempt (in its own transaction, so it stays even if the request's work is rolled back)
    and return the error to raise. `name` is what the provider called the user, `why` a short reason for the log."""
    with transaction.atomic():
        audit.record(
            actor=None,
            action=AuditLog.Action.LOGIN_FAILED,
            actor_name=str(name)[:150],
            object_type="accounts.user",
            object_repr=str(name)[:200],
            comment=f"sso:{way}: {why}",
        )
    return Refused(message)


def account_for(*, way: str, employee_no, name: str = "") -> User:
    """The active account of the person whose employee number the identity provider vouched for, or `Refused`."""
    employee_no = str(employee_no or "").strip()
    name = name or employee_no
    if not employee_no:
        raise refuse(
            way=way,
            name=name,
            why="no employee number",
            message=_(
                "Your %(way)s identity carries no employee number, so it cannot be matched to anyone here. "
                "Ask the system administrator."
            )
            % {"way": WAYS[way]},
        )
    # An anonymous sign-in has no scope to read through: the provider's word is the only key, matched exactly.
    person = Person.objects.filter(employee_no=employee_no).select_related("account").first()
    if person is None:
        raise refuse(
            way=way,
            name=name,
            why=f"no person with employee number {employee_no}",
            message=_(
                "Nobody with employee number %(number)s is registered here. Ask the party office to add you, "
                "or the system administrator to check your number."
            )
            % {"number": employee_no},
        )
    user = getattr(person, "account", None)
    if user is None:
        if not settings.SSO_CREATE_ACCOUNTS:
            raise refuse(
                way=way,
                name=name,
                why=f"no account for employee number {employee_no}",
                message=_("%(person)s has no account here yet. Ask the system administrator to create one for you.")
                % {"person": person.name},
            )
        if User.objects.filter(username=person.employee_no).exists():
            # Checked before the creation's transaction, so the refusal's audit row is not rolled back with it.
            raise refuse(
                way=way,
                name=person.employee_no,
                why="username taken",
                message=_(
                    "An account named %(name)s already exists but belongs to someone else. "
                    "Ask the system administrator."
                )
                % {"name": person.employee_no},
            )
        user = account_create_at_first_sign_in(person=person, way=way)
    if not user.is_active:
        raise refuse(
            way=way,
            name=user.username,
            why="account deactivated",
            message=_("Your account is deactivated. Ask the system administrator."),
        )
    return user


@transaction.atomic
def account_create_at_first_sign_in(*, person: Person, way: str) -> User:
    """Create the account of a person who signed in through SSO and had none (only with SSO_CREATE_ACCOUNTS): named by
    the employee number, with no usable password and no role. The identity provider vouched for the person, so no
    administrator's permission is asked; the creation is audited as the system's, naming the way."""
    user = User(username=person.employee_no, person=person)
    user.set_unusable_password()
    return save_audited(user, actor=SYSTEM, comment=f"created at first sign-in through {way}")


def is_administrator(user) -> bool:
    """One of the three system administrators (三员): they always keep their local password."""
    return user.role_assignments.active().filter(role__in=ADMIN_ROLES).exists()


def local_password_allowed(user) -> bool:
    return settings.SSO_LOCAL_PASSWORD_LOGIN or is_administrator(user)
