"""The company boundary, decided in one place.

A company is a root party org (a committee with no parent) and the production units linked to it (OrgUnitLink) with
everything below them — in the demo 重庆旗能电铝有限公司党委 → 旗能电铝 and 中州铝业公司党委 → 中州铝业.
A user belongs to the companies of the root orgs above their role assignments; every read and write of units,
indicator values, targets and what hangs off units stays inside those companies. A unit of another company is not
found (404), whatever grant the user holds.

Writing indicator values and targets is narrower still: the unit must lie in the user's write scope — the units
covered (OrgUnitLink) by the orgs inside the subtrees where the user holds the grant, and the units below them.

Both are computed once per user object (like `scoping.assignments`); the system actor (scripts, the demo, background
tasks) is bounded by nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from dangjian.core import months
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.request_context import memo as request_memo
from dangjian.core.scoping import assignments, scope_for
from dangjian.core.services import is_system


def root_path(path: str) -> str:
    """The path of the root org above an org path: "/7/12/40/" → "/7/"."""
    return "/" + path.strip("/").split("/", 1)[0] + "/"


def _outermost(paths) -> list[str]:
    outer: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(p) for p in outer):
            outer.append(path)
    return outer


def company_org_paths(user) -> list[str]:
    """The paths of the root orgs of the companies `user` belongs to (one per company), from every active assignment
    over an org. A role without an org (the three administrators) belongs to no company."""
    return sorted({root_path(path) for _role, path, _kind in assignments(user) if path})


def _linked_unit_paths(org_paths: list[str], *, roots_only: bool) -> list[str]:
    """The paths of the units linked to the orgs at `org_paths` (roots_only) or inside their subtrees."""
    from dangjian.org.models import OrgUnitLink

    if not org_paths:
        return []
    if roots_only:
        where = Q(org__path__in=org_paths)
    else:
        where = Q(pk__in=[])
        for path in org_paths:
            where |= Q(org__path__startswith=path)
    return _outermost(OrgUnitLink.objects.filter(where).values_list("unit__path", flat=True))


def company_unit_paths(user) -> list[str]:
    """The unit subtrees of the user's companies: the units linked to each company's root org. Cached on the user."""
    cached = getattr(user, "_tenancy_unit_paths", None)
    if cached is None:
        cached = _linked_unit_paths(company_org_paths(user), roots_only=True)
        if getattr(user, "is_authenticated", False):
            user._tenancy_unit_paths = cached
    return cached


def paths_q(paths: list[str], field: str = "path") -> Q:
    """Rows whose `field` (a unit path) lies under one of `paths`; nothing when `paths` is empty."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def unit_q(user, field: str = "path") -> Q:
    """The rows inside the user's companies, reached through `field`, the lookup of a unit path (e.g. "unit__path")."""
    if is_system(user):
        return Q()
    return paths_q(company_unit_paths(user), field)


def units(user):
    """Every production unit of the user's companies (whatever their grants: callers add those)."""
    from dangjian.org.models import Unit

    return Unit._base_manager.filter(unit_q(user))


def in_company(user, unit) -> bool:
    if is_system(user):
        return True
    return unit is not None and any(unit.path.startswith(p) for p in company_unit_paths(user))


def company_root_unit(user):
    """The unit of the user's (first) company: what a page shows when no unit is chosen. None for no company."""
    from dangjian.org.models import Unit

    if is_system(user):
        return Unit._base_manager.filter(depth=0).order_by("sort_order", "code").first()
    paths = company_unit_paths(user)
    if not paths:
        return None
    return Unit._base_manager.filter(path__in=paths).order_by("depth", "sort_order", "code").first()


def write_unit_paths(user, resource: str, action: str) -> list[str]:
    """The unit subtrees `user` may `action` on `resource` for: the units covered by the orgs inside the subtrees where
    the grant is held, inside the user's companies. A grant without an org (a legacy global integration account)
    covers nothing. Cached per user, resource and action."""
    cache = getattr(user, "_tenancy_write_paths", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._tenancy_write_paths = cache
    key = (resource, action)
    if key not in cache:
        covered = _linked_unit_paths(scope_for(user, resource, action).paths, roots_only=False)
        company = company_unit_paths(user)
        cache[key] = [p for p in covered if any(p.startswith(c) for c in company)]
    return cache[key]


def require_company(user, found_units) -> None:
    """NotFound if any of these units is outside the user's companies: it is not theirs to see, let alone write."""
    foreign = [u for u in found_units if not in_company(user, u)]
    if foreign:
        raise NotFound(
            _("There is no unit “%(code)s”, or it is not in your company.") % {"code": foreign[0].code},
            errors={"unit": [foreign[0].code]},
        )


def require_units(user, found_units, resource: str, action: str) -> None:
    """Refuse a write for these units: NotFound if any is in another company (nothing of it is shown), NotPermitted
    if any is in the user's company but outside their write scope. Checks every unit before refusing, so the answer
    does not depend on the order of a batch."""
    if is_system(user):
        return
    found_units = list(found_units)
    require_company(user, found_units)
    allowed = write_unit_paths(user, resource, action)
    outside = [u for u in found_units if not any(u.path.startswith(p) for p in allowed)]
    if outside:
        raise NotPermitted(
            _("You may not write data for %(unit)s (%(code)s): it is outside the units your party organisation covers.")
            % {"unit": outside[0].name, "code": outside[0].code},
            errors={"unit": sorted({u.code for u in outside})[:50]},
        )


# --- catalogues that belong to a company ---


def companies(user):
    """The root orgs (companies) `user` belongs to; every root org for the system actor."""
    from dangjian.org.models import PartyOrg

    roots = PartyOrg._base_manager.filter(parent__isnull=True)
    return roots if is_system(user) else roots.filter(path__in=company_org_paths(user))


def company_q(user, field: str = "company", *, shared: bool = False) -> Q:
    """Rows of a company catalogue (`field` is the FK to the company's root org) inside the user's companies; with
    `shared`, also the rows that belong to no company (shared by all, e.g. the value-accounting indicators)."""
    if is_system(user):
        return Q()
    q = Q(**{f"{field}__path__in": company_org_paths(user)})
    return q | Q(**{f"{field}__isnull": True}) if shared else q


def in_company_org(user, company) -> bool:
    """Is `company` (a root org) one of the user's companies?"""
    return is_system(user) or (company is not None and company.path in company_org_paths(user))


def company_of_unit(unit):
    """The company (root org) a unit belongs to: the root org linked to the unit or to a unit above it; None when no
    root org covers it."""
    from dangjian.org.models import OrgUnitLink

    if unit is None:
        return None
    ancestors = ["/".join(unit.path.split("/")[: n + 1]) + "/" for n in range(1, unit.path.count("/"))]
    link = (
        OrgUnitLink.objects.filter(unit__path__in=ancestors, org__parent__isnull=True)
        .select_related("org")
        .order_by("unit__depth")
        .first()
    )
    return link.org if link else None


# --- the go-live date ---------------------------------------------------------------------------------------------
# The day a company started to use the system (PartyOrg.go_live of its root org). Compliance (meetings), the monthly
# project reviews (reviews) and the assessment's automatic metrics count from it, never before, through these helpers.


def company_pk(org) -> int:
    """The id of the root org (the company) above `org` (a PartyOrg or its path): the first id of the path."""
    path = org if isinstance(org, str) else org.path
    return int(path.strip("/").split("/", 1)[0])


def go_live_dates(orgs) -> dict[int, dt.date]:
    """{company id: go-live date} of the companies above `orgs` (PartyOrgs or paths), in one query (none for no orgs);
    a company without a date is left out."""
    from dangjian.org.models import PartyOrg

    ids = {company_pk(org) for org in orgs}
    if not ids:
        return {}
    known = request_memo()  # a GET page asks several times (meetings, reviews, the home page's sections)
    dates = known.setdefault("go_live", {}) if known is not None else {}
    missing = ids - dates.keys()
    if missing:
        found = dict(PartyOrg._base_manager.filter(pk__in=missing).values_list("pk", "go_live"))
        dates.update({pk: found.get(pk) for pk in missing})
    return {pk: dates[pk] for pk in ids if dates[pk] is not None}


def go_live(org) -> dt.date | None:
    """The go-live date of `org`'s company (None: not set — counted from when each org was founded). No query for
    the root org itself, one for an org below it."""
    if org is None:
        return None
    if getattr(org, "parent_id", 0) is None:
        return org.go_live
    return go_live_dates([org]).get(company_pk(org))


def counted_from(day: dt.date | None) -> dt.date | None:
    """The first month counted (its first day) for a company that went live on `day`: the go-live month itself when
    the company used the system for at least half of it (core.months.covers_half, the rule a period begun part-way
    follows in meetings compliance too), else the next month. None when there is no go-live date: nothing is cut."""
    if day is None:
        return None
    month = months.first_of(day)
    return month if months.covers_half(month, months.last_day(month), day) else months.add_months(month, 1)


def counted_from_of(org) -> dt.date | None:
    """counted_from(go_live(org)): the first month counted for `org`'s company."""
    return counted_from(go_live(org))
