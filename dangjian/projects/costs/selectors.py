"""Reads of cost-reduction programmes, scoped by the "cost" grant over the owner org's subtree, and their monthly
results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.permissions import VIEW
from dangjian.projects.costs.models import Measure, MonthlyTarget, Programme, ProgrammeItem
from dangjian.projects.costs.results import ItemResult, programme_results

ALL_MONTHS = list(range(1, 13))


def programme_list(*, user, year: int | None = None, action: str = VIEW):
    """The programmes the user may `action`, newest year first, with their owner org and item count."""
    programmes = (
        Programme.objects.restrict(user, action).select_related("owner_org").annotate(item_count=Count("items"))
    )
    if year:
        programmes = programmes.filter(year=year)
    return programmes.order_by("-year", "owner_org__path", "name")


def programme_detail(*, user, pk: int, action: str = VIEW) -> Programme:
    found = Programme.objects.restrict(user, action).select_related("owner_org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such programme, or you do not have access to it."))
    return found


def programme_items(programme: Programme) -> list[ProgrammeItem]:
    """The items with everything the results and the page need: four queries however many items."""
    return list(
        programme.items.select_related("indicator__denominator", "unit", "owner")
        .prefetch_related(
            Prefetch("monthly_targets", queryset=MonthlyTarget.objects.order_by("month")),
            Prefetch("measures", queryset=Measure.objects.order_by("sort_order", "id")),
        )
        .order_by("sort_order", "id")
    )


def item_get(*, programme: Programme, pk: int) -> ProgrammeItem:
    """One item of a programme the user reached through `programme_detail` (with its measures), or NotFound."""
    found = (
        programme.items.select_related("indicator", "unit", "owner", "programme__owner_org")
        .prefetch_related(
            Prefetch("monthly_targets", queryset=MonthlyTarget.objects.order_by("month")),
            Prefetch("measures", queryset=Measure.objects.order_by("sort_order", "id")),
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such item in this programme."))
    return found


def measure_get(*, item: ProgrammeItem, pk: int) -> Measure:
    """One measure of an item reached through `item_get`, or NotFound."""
    found = Measure.objects.filter(item=item, pk=pk).select_related("item__programme__owner_org").first()
    if found is None:
        raise NotFound(_("No such measure of this item."))
    return found


def parse_month(text: str | None, programme: Programme) -> int:
    """ "YYYY-MM" of the programme's year → the month number (InvalidInput otherwise)."""
    try:
        day = dt.date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        day = None
    if day is None or day.year != programme.year:
        raise InvalidInput(
            _("Give a month of %(year)s as YYYY-MM, e.g. %(year)s-03.") % {"year": programme.year},
            errors={"month": [_("Not a month of the programme's year.")]},
        )
    return day.month


def default_month(programme: Programme, today: dt.date | None = None) -> int:
    """The month a page or export shows when none is asked for: the last finished month of the programme's year
    (December for a past year, January for a year not yet under way)."""
    today = today or timezone.localdate()
    if today.year > programme.year:
        return 12
    if today.year < programme.year:
        return 1
    return max(today.month - 1, 1)


@dataclass
class OwnerTotal:
    """An owner's items in one month and the points they earned (for the performance-pay export)."""

    owner: object
    results: list[ItemResult]

    @property
    def points(self) -> Decimal:
        return sum((r.points or Decimal(0) for r in self.results), Decimal("0.00"))

    @property
    def saving(self) -> Decimal | None:
        savings = [r.saving for r in self.results if r.saving is not None]
        return sum(savings, Decimal("0.00")) if savings else None


def year_results(programme: Programme, items: list[ProgrammeItem], today=None) -> dict[int, list[ItemResult]]:
    """Every item × the twelve months and the year."""
    return programme_results(programme=programme, items=items, months=ALL_MONTHS, today=today or timezone.localdate())


def month_results(programme: Programme, items: list[ProgrammeItem], month: int, today=None) -> list[ItemResult]:
    """Each item's result in one month, in item order."""
    found = programme_results(programme=programme, items=items, months=[month], today=today or timezone.localdate())
    return [found[item.pk][0] for item in items]


def by_owner(results: list[ItemResult]) -> list[OwnerTotal]:
    """The month's results grouped by owner (items without an owner last), owners by name."""
    groups: dict[int | None, OwnerTotal] = {}
    for result in results:
        owner = result.item.owner
        key = owner.pk if owner else None
        groups.setdefault(key, OwnerTotal(owner, [])).results.append(result)
    return sorted(groups.values(), key=lambda g: (g.owner is None, g.owner.name if g.owner else ""))
