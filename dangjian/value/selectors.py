"""Reads of value accounting, scoped with `restrict(user, action)` (company-wide reads, see models.catalogue), and
the functions other capabilities read without a user: production_scores, annual_winners, unit_members."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.models.tree import common_root, path_and_ancestors
from dangjian.core.permissions import VIEW
from dangjian.core.services import is_system
from dangjian.org import tenancy
from dangjian.org.models import OrgUnitLink, PartyOrg, Person
from dangjian.value.models import (
    AccountingUnit,
    AnnualWinner,
    DailyLine,
    DailyRecord,
    DayLock,
    GroupItem,
    Item,
    ItemPrice,
    PeerGroup,
)
from dangjian.value.models.catalogue import Metric
from dangjian.value.rankings import assess, month_bounds, ranking

CENT = Decimal("0.01")


def group_list(*, user, action: str = VIEW):
    """The peer groups the user may `action`, in display order, with their org."""
    return PeerGroup.objects.restrict(user, action).filter(active=True).select_related("org").order_by("sort_order")


def group_detail(*, user, code: str, action: str = VIEW) -> PeerGroup:
    found = group_list(user=user, action=action).filter(code=code).first()
    if found is None:
        raise NotFound(_("No such peer group, or you do not have access to it."))
    return found


def unit_list(*, user, action: str = VIEW, group: PeerGroup | None = None):
    units = AccountingUnit.objects.restrict(user, action).filter(active=True).select_related("unit", "group", "org")
    if group is not None:
        units = units.filter(group=group)
    return units.order_by("group__sort_order", "unit__path")


def unit_detail(*, user, pk: int | None = None, code: str | None = None, action: str = VIEW) -> AccountingUnit:
    units = AccountingUnit.objects.restrict(user, action).select_related("unit__parent", "group", "org")
    found = units.filter(pk=pk).first() if pk is not None else units.filter(unit__code=code).first()
    if found is None:
        raise NotFound(_("No such accounting unit, or you do not have access to it."))
    return found


def group_items(group: PeerGroup) -> list[GroupItem]:
    return list(group.items.select_related("item").filter(item__active=True).order_by("sort_order", "id"))


def record_detail(*, user, pk: int, action: str = VIEW) -> DailyRecord:
    found = (
        DailyRecord.objects.restrict(user, action)
        .select_related("unit__unit", "unit__group", "unit__org", "updated_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such record, or you do not have access to it."))
    return found


def parse_month(text: str | None, *, name: str = "month") -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        pass
    raise InvalidInput(_("Give a month as YYYY-MM, e.g. 2024-03."), errors={name: [_("Not a month.")]})


def parse_date(text: str | None, *, name: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give a day as YYYY-MM-DD."), errors={name: [_("Not a day.")]}) from None


def parse_metric(text: str | None) -> str:
    if not text:
        return Metric.VALUE_PER_HOUR
    if text not in Metric.values:
        raise InvalidInput(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Metric.values)},
            errors={"metric": [_("Unknown metric.")]},
        )
    return text


def daily_ranking(*, user, day: dt.date, group: PeerGroup | None = None, metric: str = "value_per_hour"):
    """A day's ranking of the user's visible peer groups (or one group)."""
    groups = [group.pk] if group is not None else group_list(user=user)
    return ranking(start=day, end=day, groups=groups, metric=metric)


def monthly_ranking(*, user, month: dt.date, group: PeerGroup | None = None, metric: str | None = None):
    """A month's totals and ranking with the assessment: rows and {unit id: (points, score)}."""
    first, last = month_bounds(month)
    groups = [group] if group is not None else list(group_list(user=user))
    rows, assessment = assess(start=first, end=last, groups=groups, metric=metric)
    order = {g.pk: n for n, g in enumerate(groups)}
    rows.sort(key=lambda r: (order[r.group_id], r.rank is None, r.rank or 0, r.code))
    return rows, assessment


def production_scores(*, orgs: list[PartyOrg], month: dt.date) -> dict[int, Decimal | None]:
    """A 0–100 production score per org for the month: the mean of the monthly assessment scores of the accounting
    units the org's subtree covers (through OrgUnitLink, the unit or any unit above it; or as the responsible org).
    None when the org covers no unit with a score that month. Unscoped: for the assessment of party work."""
    if not orgs:
        return {}
    first, last = month_bounds(month)
    # Only the peer groups of the orgs' companies: a group ranks the teams of one company, and a company's orgs cover
    # no team of another (org/tenancy.py), so the other companies' rankings would be computed for nothing.
    roots = {tenancy.root_path(path) for path in {org.path[: org.path.find("/", 1) + 1] for org in orgs}}
    groups = list(PeerGroup.objects.filter(tenancy.paths_q(sorted(roots), "org__path"), active=True))
    _rows, assessment = assess(start=first, end=last, groups=groups)
    scores = {pk: score for pk, (_points, score) in assessment.items()}
    if not scores:
        return {org.pk: None for org in orgs}
    wanted = {org.path: org.pk for org in orgs}
    units = AccountingUnit.objects.filter(pk__in=scores).values_list("pk", "unit__path", "org__path")
    # The links of the orgs' subtrees, read in one indexed query under their common root (not one condition per org).
    linked: dict[str, list[str]] = defaultdict(list)  # unit path → the paths of the orgs linked to it
    for org_path, unit_path in OrgUnitLink.objects.filter(org__path__startswith=common_root(wanted)).values_list(
        "org__path", "unit__path"
    ):
        linked[unit_path].append(org_path)
    found: dict[int, list[Decimal]] = defaultdict(list)
    for pk, unit_path, org_path in units:
        # An org covers the unit when the unit's responsible org is in its subtree, or an org of its subtree is
        # linked to the unit or to a unit above it.
        covering = set(path_and_ancestors(org_path))
        for above in path_and_ancestors(unit_path):
            for link_org in linked.get(above, ()):
                covering.update(path_and_ancestors(link_org))
        for path in covering & wanted.keys():
            found[wanted[path]].append(scores[pk])
    return {
        org.pk: (sum(found[org.pk], Decimal(0)) / len(found[org.pk])).quantize(CENT, ROUND_HALF_UP)
        if found[org.pk]
        else None
        for org in orgs
    }


def annual_winners(*, year: int) -> list[AccountingUnit]:
    """The winning teams (优胜班组) of a year, best first. Unscoped: for "winning team" points."""
    winners = AnnualWinner.objects.filter(year=year).select_related("unit__unit", "unit__group", "unit__org")
    return [w.unit for w in winners.order_by("-points", "unit__unit__code")]


def unit_members(*, unit: AccountingUnit) -> list[Person]:
    """The people on the roll whose production unit is the accounting unit's unit or inside it. Unscoped."""
    return list(
        Person.objects.filter(active=True, unit__path__startswith=unit.unit.path)
        .select_related("branch")
        .order_by("employee_no")
    )


def annual_points(*, year: int, groups=None) -> dict[int, Decimal]:
    """Each unit's assessment points summed over the year's twelve months (for choosing the winners)."""
    total: dict[int, Decimal] = defaultdict(Decimal)
    groups = list(groups if groups is not None else PeerGroup.objects.filter(active=True))
    for month in range(1, 13):
        first, last = month_bounds(dt.date(year, month, 1))
        for pk, (points, _score) in assess(start=first, end=last, groups=groups)[1].items():
            total[pk] += points
    return dict(total)


def last_record_day(*, user) -> dt.date | None:
    """The last day with records the user can see: each visible unit's last day through the (unit, date, shift) key
    — one short index probe per unit — rather than reading every record of the year (~30 ms for 190 teams)."""
    last = DailyRecord.objects.filter(unit=OuterRef("pk")).order_by("-date").values("date")[:1]
    return AccountingUnit.objects.restrict(user).annotate(last=Subquery(last)).aggregate(day=Max("last"))["day"]


def locked_groups(*, day: dt.date, groups) -> set[int]:
    """Which of `groups` have their `day` locked, by id."""
    return set(DayLock.objects.filter(date=day, group__in=groups).values_list("group_id", flat=True))


def day_locked(*, group, day: dt.date) -> bool:
    """Whether a peer group's day is locked (its records change only as corrections with a reason)."""
    return DayLock.objects.filter(group=group, date=day).exists()


def recent_records(*, unit: AccountingUnit, limit: int) -> list[DailyRecord]:
    """A team's latest records, newest first (the team reached through `unit_detail`)."""
    return list(DailyRecord.objects.filter(unit=unit).order_by("-date", "shift")[:limit])


def accounting_units(*, pks) -> dict[int, AccountingUnit]:
    """The teams of a ranking's rows with their workshop and group, by id."""
    return {u.pk: u for u in AccountingUnit.objects.filter(pk__in=pks).select_related("unit__parent", "group")}


def winners_list(*, user, year: int) -> list[AnnualWinner]:
    """The year's winning teams the user sees (the monthly page's honour roll)."""
    return list(AnnualWinner.objects.restrict(user).filter(year=year).select_related("unit__unit", "unit__group"))


def entry_records(*, unit: AccountingUnit, days) -> list[DailyRecord]:
    """A team's records of `days` with their lines (the entry page: the day and the day before)."""
    return list(DailyRecord.objects.filter(unit=unit, date__in=days).prefetch_related("lines"))


def record_lines(*, record: DailyRecord) -> list[DailyLine]:
    return list(DailyLine.objects.filter(record=record).select_related("item").order_by("item__sort_order"))


def item_names(*, pks) -> dict[int, str]:
    return dict(Item.objects.filter(pk__in=pks).values_list("pk", "name"))


# ---------------------------------------------------------------- the catalogue, as its party office sees it


def item_list(*, user, active_only: bool = False):
    """The items of the user's companies (and any item set up before items had a company), in display order."""
    items = Item.objects.select_related("org")
    if not is_system(user):
        items = items.filter(Q(org__isnull=True) | Q(org__path__in=tenancy.company_org_paths(user)))
    if active_only:
        items = items.filter(active=True)
    return items.order_by("sort_order", "code")


def item_detail(*, user, code: str) -> Item:
    found = item_list(user=user).filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no item “%(code)s”.") % {"code": code[:40]})
    return found


def price_list(*, items) -> dict[int, list[ItemPrice]]:
    """Every price version of these items, newest first, in one query."""
    found: dict[int, list[ItemPrice]] = defaultdict(list)
    for price in ItemPrice.objects.filter(item__in=items).order_by("item_id", "-effective_from"):
        found[price.item_id].append(price)
    return found


def catalogue_groups(*, user):
    """Every peer group (retired ones too) of the user's companies, with its items, for the set-up page."""
    groups = PeerGroup.objects.restrict(user, VIEW).select_related("org").order_by("sort_order", "code")
    return groups.prefetch_related(Prefetch("items", queryset=GroupItem.objects.select_related("item")))


def enrolment_list(*, user):
    """Every accounting unit (retired ones too) of the user's companies."""
    return (
        AccountingUnit.objects.restrict(user, VIEW)
        .select_related("unit", "group", "org")
        .order_by("group__sort_order", "unit__path")
    )


def enrollable_units(*, user, limit: int = 500):
    """The teams and shift crews of the user's companies not enrolled yet (to choose from when enrolling)."""
    from dangjian.org.models import Unit

    return (
        tenancy.units(user)
        .filter(kind__in=[Unit.Kind.TEAM, Unit.Kind.SHIFT_CREW], active=True, accounting__isnull=True)
        .order_by("path")[:limit]
    )


def company_orgs(*, roots: list[PartyOrg]):
    """Every party org of these companies (the office's, from `services.company_roots`), in tree order: the orgs a
    team is enrolled under on the set-up page."""
    return PartyOrg.objects.filter(tenancy.paths_q([root.path for root in roots])).order_by("path")


def winner_list(*, user, year: int):
    return list(
        AnnualWinner.objects.restrict(user)
        .filter(year=year)
        .select_related("unit__unit", "unit__group")
        .order_by("-points", "unit__unit__code")
    )
