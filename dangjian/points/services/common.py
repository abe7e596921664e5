"""Small helpers the points services share: the company of an org or person, period bounds, actor names."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.scoping import scope_for
from dangjian.core.services import is_system, require_at
from dangjian.org import tenancy
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


def company_for(actor, *, resource: str, action: str, code: str | None = None) -> PartyOrg:
    """The company (root org) whose catalogue or criteria `actor` writes: the one `code` names (any org of it; an
    unknown code or another company's is NotFound), else the actor's only one. NotPermitted short of the grant over
    the whole company (党群工作部); InvalidInput when the actor has several and names none."""
    if code:
        org = PartyOrg.objects.filter(code=code.strip()).first()
        if org is None or not (is_system(actor) or root_path(org.path) in tenancy.company_org_paths(actor)):
            raise NotFound(_("There is no such company, or it is not yours."), errors={"company": [code]})
        company = company_of(org)
        require_at(actor, resource, action, company)
        return company
    if is_system(actor) or scope_for(actor, resource, action).everywhere:
        roots = list(PartyOrg.objects.filter(parent__isnull=True).order_by("path")[:2])
    else:
        paths = [p for p in scope_for(actor, resource, action).paths if p.count("/") == 2]
        roots = list(PartyOrg.objects.filter(path__in=paths).order_by("path")[:2])
    if not roots:
        raise NotPermitted(_("Only the party affairs department (党群工作部) of the whole company may do this."))
    if len(roots) > 1:
        raise InvalidInput(_("Choose the company."), errors={"company": [_("Choose the company.")]})
    return roots[0]


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
