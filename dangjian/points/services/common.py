"""Small helpers the points services share: the company of an org or person, period bounds, actor names."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.org.models import PartyOrg, Person
from dangjian.points.models import CapPeriod


def root_path(path: str) -> str:
    """ "/1/7/42/" → "/1/": the company is the root of the org tree."""
    return f"/{path.strip('/').split('/')[0]}/"


def company_of(org: PartyOrg) -> PartyOrg:
    """The company (root party org) an org belongs to."""
    if org.parent_id is None:
        return org
    found = PartyOrg.objects.filter(path=root_path(org.path)).first()
    if found is None:
        raise NotFound(_("This organisation belongs to no company."))
    return found


def person_company(person: Person) -> PartyOrg:
    return company_of(person.branch)


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The month, quarter or year containing `day`, as (first day, last day)."""
    if period == CapPeriod.MONTH:
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    elif period == CapPeriod.QUARTER:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = dt.date(day.year, first_month, 1)
        end = (dt.date(day.year, first_month + 2, 1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    else:
        start, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return start, end


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
