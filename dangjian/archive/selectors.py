"""Reads of the archive. Items and zips start from `restrict(user, action)` over their org; categories from the
user's companies; an org, item or zip outside the user's scope is NotFound (another company's included)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from dangjian.archive.models import Category, Item, ZipJob
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg

SEARCH_LIMIT = 100
LIST_LIMIT = 500


def require_subtree(user, resource: str = "archive", action: str = VIEW) -> None:
    """A page of the archive needs the grant over some org subtree: 403 otherwise."""
    if scope_for(user, resource, action).empty:
        raise NotPermitted(_("You do not have permission to see this page."))


def visible_org(*, user, code: str | None = None, pk: int | None = None, action: str = VIEW) -> PartyOrg:
    """The org asked for by code or id (default: the outermost the user sees); out of scope: NotFound."""
    scope = scope_for(user, "archive", action)
    if code or pk:
        org = PartyOrg.objects.filter(**({"code": code} if code else {"pk": pk})).first()
        if org is not None and can_at(user, "archive", action, org):
            return org
    elif scope.paths:
        return PartyOrg.objects.get(path=scope.paths[0])
    raise NotFound(_("No such organisation, or you do not have access to it."))


def orgs(*, user, root: PartyOrg) -> list[PartyOrg]:
    """The orgs of `root`'s subtree the user may read the archive of, in tree order (bounded)."""
    return list(PartyOrg.objects.filter(path__startswith=root.path).filter(_paths(user)).order_by("path")[:LIST_LIMIT])


def _paths(user) -> Q:
    return tenancy.paths_q(scope_for(user, "archive", VIEW).paths, "path")


def company(user) -> PartyOrg | None:
    return tenancy.companies(user).order_by("path").first()


def categories(*, user, company: PartyOrg | None = None, active_only: bool = False) -> QuerySet:
    """The categories of the user's companies (of `company` when given)."""
    qs = Category.objects.filter(tenancy.company_q(user))
    if company is not None:
        qs = qs.filter(company=company)
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("order", "code")


def category_get(*, user, pk: int) -> Category:
    found = Category.objects.filter(tenancy.company_q(user)).select_related("company").filter(pk=pk).first()
    if found is None or scope_for(user, "archive_category", VIEW).empty:
        raise NotFound(_("No such category."))
    return found


def items(
    *,
    user,
    org: PartyOrg | None = None,
    year: int | None = None,
    category: Category | None = None,
    subtree: bool = True,
    active: bool = True,
    action: str = VIEW,
) -> QuerySet:
    qs = Item.objects.restrict(user, action).filter(active=active).select_related("org", "category")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path) if subtree else qs.filter(org=org)
    if year is not None:
        qs = qs.filter(year=year)
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("category__order", "org__path", "day", "id")


def item_get(*, user, pk: int) -> Item:
    """An item the user may read (a change is checked by its service: 403 after this 404)."""
    found = Item.objects.restrict(user, VIEW).select_related("org", "category").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such archive item."))
    return found


def years(*, user, org: PartyOrg) -> list[dict]:
    """[{year, count}] of the org's subtree archive, newest first (one query)."""
    return list(
        Item.objects.restrict(user, VIEW)
        .filter(active=True, org__path__startswith=org.path)
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )


def shelf(*, user, org: PartyOrg, year: int) -> list[dict]:
    """The year's archive of the org's subtree by category: [{category, count, paper, boxes}] in shelf order, the
    categories without items included (two queries)."""
    counts = {
        row["category"]: row
        for row in Item.objects.restrict(user, VIEW)
        .filter(active=True, org__path__startswith=org.path, year=year)
        .values("category")
        .annotate(count=Count("id"), paper=Count("id", filter=Q(kind=Item.Kind.PAPER)))
    }
    company_pk = tenancy.company_pk(org)
    rows = []
    for category in Category.objects.filter(company_id=company_pk).order_by("order", "code"):
        found = counts.get(category.pk, {})
        if not category.active and not found:
            continue
        rows.append({"category": category, "count": found.get("count", 0), "paper": found.get("paper", 0)})
    return rows


def search(*, user, q: str, org: PartyOrg | None = None, year: int | None = None) -> list[Item]:
    """Items whose title or text holds every word of `q` (icontains, so it works on SQLite and PostgreSQL alike),
    newest year first, at most SEARCH_LIMIT."""
    words = [w for w in (q or "").split() if w][:5]
    if not words:
        return []
    qs = items(user=user, org=org, year=year)
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return list(qs.order_by("-year", "category__order", "id")[:SEARCH_LIMIT])


def zip_jobs(*, user, limit: int = 20) -> list[ZipJob]:
    return list(ZipJob.objects.restrict(user, VIEW).select_related("org").order_by("-created_at")[:limit])


def zip_get(*, user, pk: int) -> ZipJob:
    found = ZipJob.objects.restrict(user, VIEW).select_related("org", "requested_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such archive zip."))
    return found


def labels(*, user, org: PartyOrg, year: int) -> list[dict]:
    """The side labels (侧面标签) of the year's boxes: one per category that holds items (and one per box number of
    its paper records), with the org, year, category, retention period and the count."""
    rows = []
    boxes: dict[int, set[str]] = {}
    for category_id, box_no in (
        Item.objects.restrict(user, VIEW)
        .filter(active=True, org__path__startswith=org.path, year=year, kind=Item.Kind.PAPER)
        .exclude(box_no="")
        .values_list("category_id", "box_no")
    ):
        boxes.setdefault(category_id, set()).add(box_no)
    for row in shelf(user=user, org=org, year=year):
        if not row["count"]:
            continue
        category = row["category"]
        numbers = sorted(boxes.get(category.pk, ())) or [f"{year}-{category.order:03d}"]
        for number in numbers:
            rows.append({**row, "box_no": number})
    return rows
