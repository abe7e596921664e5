"""The year's winning teams (优胜班组): named with their assessment points and the rule used, or computed from a
stated rule; their party members earn (or lose) the company's "winning_team" points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import CHANGE
from dangjian.core.services import is_system
from dangjian.org import tenancy
from dangjian.points import services as points
from dangjian.value import selectors
from dangjian.value.models import AccountingUnit, AnnualWinner, PeerGroup
from dangjian.value.services.common import company_roots, require_company


@transaction.atomic
def winners_set(
    *, actor, year: int, units: list[tuple[AccountingUnit, Decimal]], note: str = "", rule: str = ""
) -> int:
    """Name the year's winning teams (优胜班组) with their assessment points and the rule used to choose them;
    replaces the year's earlier list of the actor's companies. The party members of a team that joins the list earn
    the company's "winning_team" points, those of a team that leaves it lose them (idempotent per winner row and
    person in the points service)."""
    require_company(actor, CHANGE)
    if not is_system(actor):
        tenancy.require_company(actor, [u.unit for u, _p in units])
    current_rows = AnnualWinner.objects.filter(year=year).select_related("unit__unit")
    if not is_system(actor):
        current_rows = current_rows.filter(tenancy.unit_q(actor, "unit__unit__path"))
    current = {w.unit_id: w for w in current_rows}
    wanted = {u.pk: (u, p) for u, p in units}
    before, after = sorted(current), sorted(wanted)
    before_points = {str(k): str(w.points) for k, w in sorted(current.items())}
    if before == after and all(w.rule == rule and w.points == wanted[w.unit_id][1] for w in current.values()):
        return len(after)
    removed = [w for unit_id, w in current.items() if unit_id not in wanted]
    for winner in removed:
        _winner_points(winner, withdraw=True)
    AnnualWinner.objects.filter(pk__in=[w.pk for w in removed]).delete()
    kept = [w for unit_id, w in current.items() if unit_id in wanted]
    for winner in kept:
        winner.points, winner.rule = wanted[winner.unit_id][1], rule
    AnnualWinner.objects.bulk_update(kept, ["points", "rule"])
    added = AnnualWinner.objects.bulk_create(
        [
            AnnualWinner(year=year, unit=u, points=p, note=note, rule=rule)
            for unit_id, (u, p) in wanted.items()
            if unit_id not in current
        ]
    )
    for winner in added:
        _winner_points(winner)
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        object_type=AnnualWinner._meta.label_lower,
        object_repr=_("Winning teams of %(year)s") % {"year": year},
        before={"units": before, "points": before_points},
        after={"units": after, "rule": rule, "points": {str(k): str(p) for k, (_u, p) in sorted(wanted.items())}},
    )
    return len(after)


@transaction.atomic
def winners_compute(*, actor, year: int, per_group: int = 3, minimum_points: Decimal = Decimal(0)) -> int:
    """Choose the year's winners by a stated rule: in each active peer group of the actor's companies, the
    `per_group` teams with the most assessment points summed over the year's months (above `minimum_points`),
    then winners_set with the rule written out."""
    require_company(actor, CHANGE)
    if per_group < 1 or per_group > 50:
        raise InvalidInput(
            _("Give how many teams of each peer group win, from 1 to 50."),
            errors={"per_group": [_("From 1 to 50.")]},
        )
    groups = PeerGroup.objects.filter(active=True)
    if not is_system(actor):
        groups = groups.filter(tenancy.paths_q([r.path for r in company_roots(actor)], "org__path"))
    groups = list(groups)
    totals = selectors.annual_points(year=year, groups=groups)
    units = AccountingUnit.objects.filter(pk__in=totals).select_related("unit")
    by_group: dict[int, list[tuple[AccountingUnit, Decimal]]] = {}
    for unit in units:
        if totals[unit.pk] > minimum_points:
            by_group.setdefault(unit.group_id, []).append((unit, totals[unit.pk]))
    chosen = []
    for members in by_group.values():
        members.sort(key=lambda pair: (-pair[1], pair[0].unit.code))
        chosen.extend(members[:per_group])
    rule = _(
        "The %(count)s teams of each peer group with the most assessment points over %(year)s (more than "
        "%(minimum)s points)."
    ) % {"count": per_group, "year": year, "minimum": minimum_points}
    return winners_set(actor=actor, year=year, units=chosen, note=_("Chosen by the rule"), rule=rule)


def _winner_points(winner: AnnualWinner, *, withdraw: bool = False) -> None:
    day = min(dt.date(winner.year, 12, 31), timezone.localdate())
    reason = _("Winning team of %(year)s: %(unit)s") % {"year": winner.year, "unit": winner.unit}
    for person in selectors.unit_members(unit=winner.unit):
        if withdraw:
            points.auto_withdraw(source="winning_team", source_obj=winner, person=person)
        else:
            points.auto_award(source="winning_team", source_obj=winner, person=person, occurred_on=day, note=reason)
