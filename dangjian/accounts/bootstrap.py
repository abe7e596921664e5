"""A company from nothing (`manage.py init_company`): its party committee, its company unit, the link between them and
the first 党群工作部 account, in one transaction, through the services as the system. After that the office sets up
everything else in the browser.

Running it again with the same values changes nothing; values that disagree with what is there are refused with
the differences named, and nothing is written.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.accounts import services as accounts
from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.errors import Conflict
from dangjian.core.permissions import Role
from dangjian.core.services import SYSTEM
from dangjian.org import services as org_services
from dangjian.org.models import OrgUnitLink, PartyOrg, Unit


@dataclass
class Company:
    org: PartyOrg
    unit: Unit
    office: User
    created: bool


def one_time_password() -> str:
    """A printable password that passes the validators (length, not common, not numeric), changed at first sign-in."""
    return "Dj-" + secrets.token_urlsafe(12)


def _existing(org_code: str, org_name: str, unit_code: str, unit_name: str, username: str) -> Company | None:
    """The company when all of it is already there as asked; None when none of it is; Conflict otherwise."""
    org = PartyOrg.objects.filter(code=org_code).first()
    unit = Unit.objects.filter(code=unit_code).first()
    user = User.objects.filter(username=username).first()
    if org is None and unit is None and user is None:
        return None
    problems = []
    if org is None or org.parent_id is not None or org.kind != PartyOrg.Kind.COMMITTEE or org.name != org_name:
        problems.append(f"party organisation {org_code}: " + ("missing" if org is None else f"{org.name} ({org.kind})"))
    if unit is None or unit.parent_id is not None or unit.kind != Unit.Kind.COMPANY or unit.name != unit_name:
        problems.append(f"unit {unit_code}: " + ("missing" if unit is None else f"{unit.name} ({unit.kind})"))
    if org is not None and unit is not None and not OrgUnitLink.objects.filter(org=org, unit=unit).exists():
        problems.append(f"{org_code} does not cover {unit_code}")
    if user is None or (org and not RoleAssignment.objects.filter(user=user, role=Role.PARTY_OFFICE, org=org).exists()):
        problems.append(f"account {username}: " + ("missing" if user is None else "not 党群工作部 of this company"))
    if problems:
        raise Conflict("Part of this company is already there and differs: " + "; ".join(problems) + ".")
    return Company(org=org, unit=unit, office=user, created=False)


@transaction.atomic
def company_init(
    *, org_code: str, org_name: str, unit_code: str, unit_name: str, office_username: str, password: str
) -> Company:
    """Create the company committee, the company unit, their link and the first 党群工作部 account (which must change
    `password` at its first sign-in), or find them exactly as asked."""
    found = _existing(org_code, org_name, unit_code, unit_name, office_username)
    if found is not None:
        return found
    # The company starts using the system today: compliance, reviews and assessments never count the months before.
    org = org_services.org_create(
        actor=SYSTEM,
        parent=None,
        code=org_code,
        name=org_name,
        kind=PartyOrg.Kind.COMMITTEE,
        go_live=timezone.localdate(),
    )
    unit = org_services.unit_create(actor=SYSTEM, parent=None, code=unit_code, name=unit_name, kind=Unit.Kind.COMPANY)
    org_services.org_set_units(actor=SYSTEM, org=org, units=[unit])
    office = accounts.account_create(
        actor=SYSTEM, username=office_username, password=password, must_change_password=True
    )
    accounts.role_assign(actor=SYSTEM, user=office, role=Role.PARTY_OFFICE, org=org)
    return Company(org=org, unit=unit, office=office, created=True)
