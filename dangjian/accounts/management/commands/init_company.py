"""`manage.py init_company --org-code C --org-name N --unit-code U --unit-name M --office-username X
[--password-env VAR]`: a new company from an empty installation (accounts/bootstrap.py).

The first 党群工作部 account gets the password from the environment variable named by --password-env, or a printed
one-time password; either way it is changed at the first sign-in. Running it again changes nothing."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts.bootstrap import company_init, one_time_password
from dangjian.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a company's party committee, company unit and first 党群工作部 account (once)."

    def add_arguments(self, parser):
        parser.add_argument("--org-code", required=True, help="code of the company party committee, e.g. QNDL")
        parser.add_argument("--org-name", required=True, help="its name, e.g. 重庆旗能电铝有限公司党委")
        parser.add_argument("--unit-code", required=True, help="code of the company production unit, e.g. QN")
        parser.add_argument("--unit-name", required=True, help="its name, e.g. 旗能电铝")
        parser.add_argument("--office-username", required=True, help="username of the first 党群工作部 account")
        parser.add_argument(
            "--password-env", default="", help="environment variable holding its first password (else one is printed)"
        )

    def handle(self, *args, org_code, org_name, unit_code, unit_name, office_username, password_env, **options):
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or not set.")
        else:
            password = one_time_password()
        try:
            company = company_init(
                org_code=org_code,
                org_name=org_name,
                unit_code=unit_code,
                unit_name=unit_name,
                office_username=office_username,
                password=password,
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        if not company.created:
            self.stdout.write(f"{org_name} ({org_code}) is already set up; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {company.org.name} ({company.org.code}), covering {company.unit.name} ({company.unit.code}),"
                f" and the 党群工作部 account {company.office.username}."
            )
        )
        if not password_env:
            self.stdout.write(f"One-time password for {company.office.username}: {password}")
        self.stdout.write("It must be changed at the first sign-in. Sign in and open 基础设置 to go on.")
