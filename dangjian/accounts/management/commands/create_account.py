"""`manage.py create_account USERNAME --role ROLE [--org ORG_CODE] [--person EMPLOYEE_NO] [--password-env VAR]`.

Creates a login with one role, acting as the system (audited as "system"). Safe to run again: if the account exists,
the role is added when missing and the command says what it did. The password comes from the environment variable
named by --password-env (for scripts), else it is asked for twice; it never appears on the command line. With
--one-time-password the owner must change it at the first sign-in (for an account made for someone else).
三员分立 is enforced by the role service: an administrator role cannot be added to an account holding any other role."""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangjian.accounts import services
from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.errors import DomainError
from dangjian.core.permissions import GLOBAL_ROLES, ROLE_LABELS
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg, Person


class Command(BaseCommand):
    help = "Create an account with a role (or add the role to an existing account)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="one of: " + ", ".join(ROLE_LABELS))
        parser.add_argument(
            "--org", dest="org_code", default="", help="code of the org the role reaches (not for system roles)"
        )
        parser.add_argument("--person", dest="employee_no", default="", help="employee number of the person to link")
        parser.add_argument(
            "--password-env",
            dest="password_env",
            default="",
            help="name of an environment variable holding the password",
        )
        parser.add_argument(
            "--one-time-password",
            dest="one_time",
            action="store_true",
            help="the owner must change the password at the first sign-in",
        )

    def handle(
        self,
        *args,
        username: str,
        role: str,
        org_code: str,
        employee_no: str,
        password_env: str,
        one_time: bool = False,
        **options,
    ):
        # Check everything before writing anything, so a typo never leaves a half-made account behind.
        if role not in ROLE_LABELS:
            raise CommandError(f"Unknown role {role!r}. Choose one of: {', '.join(ROLE_LABELS)}.")
        if role in GLOBAL_ROLES and org_code:
            raise CommandError(f"{role} is a system role and applies to the whole system; leave out --org.")
        if role not in GLOBAL_ROLES and not org_code:
            raise CommandError(f"{role} applies over an organisation; give its code with --org.")
        org = None
        if org_code:
            org = PartyOrg.objects.filter(code=org_code).first()
            if org is None:
                raise CommandError(f"No organisation has the code {org_code!r}.")
        person = None
        if employee_no:
            person = Person.objects.filter(employee_no=employee_no).first()
            if person is None:
                raise CommandError(f"No person has the employee number {employee_no!r}.")

        user = User.objects.filter(username=username).first()
        try:
            with transaction.atomic():
                if user is None:
                    user = services.account_create(
                        actor=SYSTEM,
                        username=username,
                        password=self._password(password_env),
                        person=person,
                        must_change_password=one_time,
                    )
                    self.stdout.write(f"Created account {username}.")
                else:
                    self._check_existing(user, person, password_env)
                if RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
                    self.stdout.write(f"{username} already has the role {role}{self._where(org)}; nothing to add.")
                else:
                    services.role_assign(actor=SYSTEM, user=user, role=role, org=org)
                    self.stdout.write(self.style.SUCCESS(f"Gave {username} the role {role}{self._where(org)}."))
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _check_existing(self, user: User, person: Person | None, password_env: str) -> None:
        if person is not None and user.person_id != person.pk:
            raise CommandError(
                f"Account {user.username} exists and is not linked to {person.employee_no}; "
                "change the link on the accounts page."
            )
        note = " (its password is left unchanged)" if password_env else ""
        self.stdout.write(f"Account {user.username} exists{note}.")

    def _password(self, env_name: str) -> str:
        if env_name:
            password = os.environ.get(env_name, "")
            if not password:
                raise CommandError(f"The environment variable {env_name} is empty or not set.")
            return password
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("The password is empty.")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ.")
        return password

    @staticmethod
    def _where(org: PartyOrg | None) -> str:
        return f" over {org.code} {org.name}" if org is not None else " over the whole system"
