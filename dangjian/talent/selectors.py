"""Reads of talent development and drills, each from `restrict(user, action)`; another company's or another
subtree's object is NotFound. Every list is a fixed number of queries however many rows (aggregates, joins)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.org.tenancy import in_company
from dangjian.talent.models import (
    CompetencyItem,
    CompetencyModel,
    ContestResult,
    Criterion,
    Drill,
    DrillAttendance,
    PoolMember,
    Rating,
    TrainingPlan,
)


def visible_org(*, user, code: str | None, resource: str = "talent") -> PartyOrg:
    """The org a list is asked for (default the user's outermost); one the user cannot see there is NotFound."""
    from dangjian.points.selectors import visible_org as points_visible_org

    return points_visible_org(user=user, code=code, resource=resource)


def write_org(*, user, code: str | None, resource: str = "talent") -> PartyOrg | None:
    from dangjian.points.selectors import visible_org_or_none

    return visible_org_or_none(user=user, code=code, resource=resource) if code else None


def _under(rows, org: PartyOrg | None, field: str = "org__path"):
    return rows.filter(**{f"{field}__startswith": org.path}) if org is not None else rows


def people_q(user, resource: str) -> Q | None:
    """People the user may name under `resource`: those of the branches in their scope (None: nobody)."""
    scope = scope_for(user, resource, VIEW)
    if scope.everywhere:
        return Q()
    if not scope.paths:
        return None
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(branch__path__startswith=path)
    return q


def people_by_employee_no(*, user, resource: str, numbers: list[str]) -> dict[str, Person]:
    q = people_q(user, resource)
    if q is None or not numbers:
        return {}
    rows = Person.objects.filter(q, employee_no__in=numbers).select_related("branch")
    return {p.employee_no: p for p in rows}


# --- competency models


def model_list(*, user, org: PartyOrg | None = None, active_only: bool = False):
    rows = _under(CompetencyModel.objects.restrict(user, VIEW), org).select_related("org")
    if active_only:
        rows = rows.filter(retired_on__isnull=True)
    return rows.annotate(item_count=Count("items")).order_by("org__path", "post")


def model_detail(*, user, pk: int) -> CompetencyModel:
    found = (
        CompetencyModel.objects.restrict(user, VIEW)
        .select_related("org")
        .prefetch_related(Prefetch("items", CompetencyItem.objects.order_by("order", "id")))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such competency model, or you do not have access to it."))
    return found


def item_detail(*, user, pk: int) -> CompetencyItem:
    found = CompetencyItem.objects.restrict(user, VIEW).select_related("model__org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such competency item, or you do not have access to it."))
    return found


def readiness(*, user, model: CompetencyModel, limit: int = 200) -> list[dict]:
    """Who is ready for the post: each person rated on the model's items (that the user may see), their level per
    item against the required level, how many items meet it, and whether all do. Two queries."""
    items = list(model.items.all())
    ratings = (
        Rating.objects.restrict(user, VIEW)
        .filter(item__model=model)
        .select_related("person__branch")
        .order_by("person__name", "person_id")
    )
    by_person: dict[int, dict] = {}
    for rating in ratings:
        row = by_person.setdefault(rating.person_id, {"person": rating.person, "levels": {}})
        row["levels"][rating.item_id] = rating.level
    rows = []
    for row in by_person.values():
        cells = [(item, row["levels"].get(item.pk)) for item in items]
        met = sum(1 for item, level in cells if level is not None and level >= item.required_level)
        gap = sum(max(item.required_level - (level or 0), 0) for item, level in cells)
        rows.append({**row, "cells": cells, "met": met, "total": len(items), "ready": met == len(items), "gap": gap})
    rows.sort(key=lambda r: (not r["ready"], r["gap"], r["person"].name))
    return rows[:limit]


def ready_counts(*, user, org: PartyOrg) -> dict[int, int]:
    """Per competency model of the subtree: how many people meet every item (one query for ratings, one for items)."""
    items = defaultdict(dict)
    for item in CompetencyItem.objects.restrict(user, VIEW).filter(model__org__path__startswith=org.path):
        items[item.model_id][item.pk] = item.required_level
    met = defaultdict(lambda: defaultdict(int))
    ratings = Rating.objects.restrict(user, VIEW).filter(item__model__org__path__startswith=org.path)
    for model_id, item_id, person_id, level in ratings.values_list("item__model_id", "item_id", "person_id", "level"):
        if level >= items[model_id].get(item_id, 99):
            met[model_id][person_id] += 1
    return {m: sum(1 for n in people.values() if n == len(items[m])) for m, people in met.items()}


# --- pools


def pool_list(*, user, org: PartyOrg | None = None, pool: str = "", talent_class: str = "", current: bool = True):
    rows = _under(PoolMember.objects.restrict(user, VIEW), org).select_related("person", "org")
    if pool:
        rows = rows.filter(pool=pool)
    if talent_class:
        rows = rows.filter(talent_class=talent_class)
    if current:
        rows = rows.filter(left_on__isnull=True)
    return rows.order_by("pool", "talent_class", "org__path", "person__name", "id")


def pool_counts(*, user, org: PartyOrg) -> dict[tuple[str, str], int]:
    rows = (
        _under(PoolMember.objects.restrict(user, VIEW), org)
        .filter(left_on__isnull=True)
        .values("pool", "talent_class")
        .annotate(n=Count("id"))
    )
    return {(r["pool"], r["talent_class"]): r["n"] for r in rows}


def pool_member_detail(*, user, pk: int) -> PoolMember:
    found = PoolMember.objects.restrict(user, VIEW).select_related("person", "org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such pool member, or you do not have access to it."))
    return found


# --- criteria and plans


def criteria_list(*, user, org: PartyOrg | None = None, current: bool = False):
    rows = _under(Criterion.objects.restrict(user, VIEW), org).select_related("org")
    if current:
        rows = rows.filter(retired_on__isnull=True)
    return rows.order_by("org__path", "id")


def criterion_detail(*, user, pk: int) -> Criterion:
    found = Criterion.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such criterion, or you do not have access to it."))
    return found


def plan_list(*, user, org: PartyOrg | None = None, status: str = "", mentor: Person | None = None):
    rows = _under(TrainingPlan.objects.restrict(user, VIEW), org).select_related(
        "org", "trainee", "mentor", "target", "pairing"
    )
    if status:
        rows = rows.filter(status=status)
    if mentor is not None:
        rows = rows.filter(mentor=mentor)
    return rows.order_by("-starts_on", "-id")


def plan_detail(*, user, pk: int) -> TrainingPlan:
    found = (
        TrainingPlan.objects.restrict(user, VIEW)
        .select_related("org", "trainee__branch", "mentor", "target", "pairing")
        .filter(pk=pk)
        .first()
    )
    if found is None and getattr(user, "person_id", None):
        # one's own plan, as trainee or mentor (members and employees read their own record)
        found = (
            TrainingPlan.objects.select_related("org", "trainee__branch", "mentor", "target", "pairing")
            .filter(Q(trainee_id=user.person_id) | Q(mentor_id=user.person_id), pk=pk)
            .first()
            if scope_for(user, "talent", VIEW).own
            else None
        )
    if found is None:
        raise NotFound(_("No such training plan, or you do not have access to it."))
    return found


def evaluations_due(*, user, within_days: int = 30, today: dt.date) -> list[TrainingPlan]:
    """Plans in progress ending within `within_days` (or overdue) that the user may evaluate (the home page)."""
    from dangjian.core.permissions import CHANGE

    rows = (
        TrainingPlan.objects.restrict(user, CHANGE)
        .filter(status=TrainingPlan.Status.ACTIVE, ends_on__lte=today + dt.timedelta(days=within_days))
        .select_related("trainee", "mentor")
        .order_by("ends_on", "id")
    )
    return list(rows[:10])


def mentor_load(*, user, org: PartyOrg | None = None) -> list[dict]:
    """Each mentor of the subtree's plans: plans in progress, evaluated, and the average total. One query."""
    rows = (
        _under(TrainingPlan.objects.restrict(user, VIEW), org)
        .values("mentor_id", "mentor__name", "mentor__employee_no")
        .annotate(
            active=Count("id", filter=Q(status=TrainingPlan.Status.ACTIVE)),
            evaluated=Count("id", filter=Q(status=TrainingPlan.Status.EVALUATED)),
            excellent=Count("id", filter=Q(result=TrainingPlan.Result.EXCELLENT)),
        )
        .order_by("-active", "mentor__name")
    )
    return list(rows[:200])


# --- drills


def drill_list(*, user, org: PartyOrg | None = None, kind: str = "", year: int | None = None):
    rows = _under(Drill.objects.restrict(user, VIEW), org).select_related("org", "trainer", "unit")
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.annotate(
        present=Count("attendance", filter=Q(attendance__present=True)), recorded=Count("attendance")
    ).order_by("-held_on", "-id")


def drill_detail(*, user, pk: int) -> Drill:
    found = (
        Drill.objects.restrict(user, VIEW)
        .select_related("org", "trainer", "unit")
        .prefetch_related(Prefetch("attendance", DrillAttendance.objects.select_related("person")))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such drill session, or you do not have access to it."))
    return found


def drill_candidates(*, user, drill: Drill, limit: int = 200) -> list[Person]:
    """Who may be on a drill's attendance: the people of its team (unit subtree) and of its org's branches that
    the user may name, current ones first by name, bounded."""
    q = people_q(user, "drill")
    if q is None:
        return []
    near = Q(branch__path__startswith=drill.org.path)
    if drill.unit_id:
        near |= Q(unit__path__startswith=drill.unit.path)
    return list(Person.objects.filter(q, near).order_by("name", "id")[:limit])


def drills_per_team_month(*, user, org: PartyOrg, year: int) -> tuple[list[dict], list[int]]:
    """Drills and lectures per team (or org, for those without a team) and month of `year`: one grouped query."""
    rows = (
        _under(Drill.objects.restrict(user, VIEW), org)
        .filter(held_on__year=year)
        .annotate(month=TruncMonth("held_on"))
        .values("unit_id", "unit__name", "org__name", "kind", "month")
        .annotate(n=Count("id"))
    )
    table: dict[tuple, dict] = {}
    for r in rows:
        key = (r["unit_id"], r["unit__name"] or r["org__name"])
        line = table.setdefault(key, {"team": key[1], "months": [0] * 12, "drills": 0, "lectures": 0})
        line["months"][r["month"].month - 1] += r["n"]
        line["drills" if r["kind"] == Drill.Kind.DRILL else "lectures"] += r["n"]
    lines = sorted(table.values(), key=lambda line: line["team"])
    totals = [sum(line["months"][m] for line in lines) for m in range(12)]
    return lines, totals


def teams(*, user) -> list[Unit]:
    """The teams and shift crews of the user's company (for the drill form)."""
    from dangjian.org.tenancy import units

    return list(units(user).filter(kind__in=("team", "shift_crew")).order_by("path")[:300])


def team_by_code(*, user, code: str) -> Unit | None:
    unit = Unit._base_manager.filter(code=code).first()
    return unit if unit is not None and in_company(user, unit) else None


# --- contests


def contest_list(*, user, org: PartyOrg | None = None, year: int | None = None):
    rows = _under(ContestResult.objects.restrict(user, VIEW), org).select_related("person", "org")
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.order_by("-held_on", "contest", "rank", "id")


def contest_detail(*, user, pk: int) -> ContestResult:
    found = ContestResult.objects.restrict(user, VIEW).select_related("person", "org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such contest result, or you do not have access to it."))
    return found


# --- a person's record


def record_person(*, user, pk: int) -> Person:
    """A person whose training record the user may read: their own, or one of a branch in their talent scope."""
    person = Person.objects.select_related("branch").filter(pk=pk).first()
    if person is None or not (
        person.pk == getattr(user, "person_id", None) or can_at(user, "talent", VIEW, person.branch)
    ):
        raise NotFound(_("No such person, or you do not have access to their record."))
    return person


def record(*, person: Person, limit: int = 50) -> dict:
    """A person's training record (the person comes from `record_person`): pools, plans (as trainee and mentor),
    ratings, drills attended with scores, contest results. Six queries."""
    attended = (
        DrillAttendance.objects.filter(person=person)
        .select_related("drill__unit", "drill__trainer")
        .order_by("-drill__held_on", "-id")
    )
    stats = attended.aggregate(
        sessions=Count("id", filter=Q(present=True)),
        drills=Count("id", filter=Q(present=True, drill__kind=Drill.Kind.DRILL)),
        lectures=Count("id", filter=Q(present=True, drill__kind=Drill.Kind.LECTURE)),
        score_sum=Sum("score"),
        scored=Count("score"),
    )
    stats["average"] = round(stats["score_sum"] / stats["scored"], 1) if stats["scored"] else None
    return {
        "pools": list(PoolMember.objects.filter(person=person).order_by("-joined_on", "-id")),
        "plans": list(
            TrainingPlan.objects.filter(Q(trainee=person) | Q(mentor=person))
            .select_related("trainee", "mentor", "target")
            .order_by("-starts_on", "-id")[:limit]
        ),
        "ratings": list(
            Rating.objects.filter(person=person)
            .select_related("item__model")
            .order_by("item__model__post", "item__order")
        ),
        "attended": list(attended[:limit]),
        "stats": stats,
        "contests": list(ContestResult.objects.filter(person=person).order_by("-held_on", "-id")[:limit]),
    }


def drill_points(*, user, person: Person):
    """The points this person's drill attendance earned (read from the points app's ledger, never kept twice)."""
    from dangjian.points.selectors import entries_list

    own = person.pk == getattr(user, "person_id", None)
    entries = entries_list(user=user, person=None if own else person, mine=own)
    return entries.filter(source_type="talent.drillattendance").aggregate(total=Sum("awarded"))["total"]
