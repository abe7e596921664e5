"""A group-scale data set for benchmarks: a group committee over many companies shaped like the demo company —
about 6,000 party orgs and 200,000 people by default — inserted in bulk so it takes minutes, not hours.

Why not the services here: at this size a service call per row (validate, save, path update, audit row) would take
hours. Instead each level of the org and unit trees is one `bulk_create` and one UPDATE that fills in the
materialised paths from the parents' (no per-row saves); people and their status history go in batches. The audit log
still gets one row per batch, naming the system actor and the id range, so the bulk load is as traceable as a
hand-typed one. Every row is checked against the same rules by construction (dates from PeopleMaker, groups inside
their branch, a party group per shift crew) and tests/demo checks the result's consistency.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.demo.data.profiles import CADRE, WORKER
from dangjian.demo.people import PeopleMaker
from dangjian.org.models import OrgUnitLink, PartyOrg, Person, StatusChange, Unit

SEED = 2022
BATCH = 2000
# Party status shares across a group: about a third are party members, as at 旗能电铝 (35 %).
STATUS_SHARES = (
    ("member", 33.0),
    ("probationary", 1.5),
    ("candidate", 1.0),
    ("activist", 2.5),
    ("applicant", 2.0),
    ("non_member", 60.0),
)
TITLES = tuple("电解工 天车工 检修工 电工 化验员 巡检工 操作工 班长 工程师 主管 调度员 司机".split())
CADRE_TITLES = {"班长", "工程师", "主管"}
COMPANY_NAMES = "旗能 中州 包头 汉钢 西南 兰州 青海 山西 广西 贵州 云南 宁夏 连城 遵义 华阳 新疆 抚顺 白银 东轻 西北"


@dataclass
class Plan:
    """The shape of the group before any row exists: orgs and units per level, people per branch."""

    orgs: list[list[dict]] = field(default_factory=list)  # per depth: {"code","name","kind","parent"}
    units: list[list[dict]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (org code, unit code)
    branch_people: dict[str, int] = field(default_factory=dict)  # branch code -> head count
    branch_units: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # -> [(unit, group code)]


def plan_group(*, root: str, orgs: int, people: int, rng: random.Random) -> Plan:
    """Companies of ~150 orgs each: company committee → direct orgs → branches → party groups on shift crews."""
    plan = Plan(orgs=[[] for _ in range(5)], units=[[] for _ in range(5)])
    plan.orgs[0].append({"code": root, "name": "集团公司党委", "kind": "committee", "parent": None})
    plan.units[0].append({"code": f"{root}-U", "name": "集团公司", "kind": "company", "parent": None})
    # The group's unit tree hangs off its root committee: the company boundary (dangjian/org/tenancy.py).
    plan.links.append((root, f"{root}-U"))
    companies = max(1, round((orgs - 1) / 150))
    budgets = [(orgs - 1) // companies + (1 if i < (orgs - 1) % companies else 0) for i in range(companies)]
    names = COMPANY_NAMES.split()
    for c, budget in enumerate(budgets, start=1):
        cc = f"{root}-C{c:02d}"
        label = f"{names[(c - 1) % len(names)]}{'' if c <= len(names) else (c - 1) // len(names) + 1}公司"
        plan.orgs[1].append({"code": cc, "name": f"{label}党委", "kind": "committee", "parent": root})
        plan.units[1].append({"code": f"{cc}-U", "name": label, "kind": "division", "parent": f"{root}-U"})
        plan.links.append((cc, f"{cc}-U"))
        direct = max(1, min(budget - 1, budget // 25))
        grassroots = max(0, min(budget - 1 - direct, int(budget * 0.3)))
        groups = budget - 1 - direct - grassroots
        parents_for_branches, branch_codes, depth_of = [], [], {}
        for d in range(1, direct + 1):
            kind = "committee" if d % 6 == 1 and direct > 2 else "general_branch" if d % 6 == 2 else "branch"
            code = f"{cc}-D{d}"
            plan.orgs[2].append({"code": code, "name": f"{label}第{d}直属党组织", "kind": kind, "parent": cc})
            plan.units[2].append({"code": f"{code}-U", "name": f"第{d}分厂", "kind": "workshop", "parent": f"{cc}-U"})
            plan.links.append((code, f"{code}-U"))
            (parents_for_branches if kind != "branch" else branch_codes).append(code)
            depth_of[code] = 2
        for b in range(1, grassroots + 1):
            parent = parents_for_branches[(b - 1) % len(parents_for_branches)] if parents_for_branches else None
            if parent is None:  # a company too small for a committee below it: extra direct branches
                parent = cc
            code = f"{cc}-B{b}"
            depth = 3 if parent != cc else 2
            plan.orgs[depth].append({"code": code, "name": f"第{b}车间党支部", "kind": "branch", "parent": parent})
            unit = {"code": f"{code}-U", "name": f"第{b}车间", "kind": "team", "parent": f"{parent}-U"}
            plan.units[depth].append(unit)
            plan.links.append((code, f"{code}-U"))
            branch_codes.append(code)
            depth_of[code] = depth
        for code in branch_codes:
            plan.branch_units[code] = [(f"{code}-U", None)]
        for g in range(groups):
            branch = branch_codes[g % len(branch_codes)] if branch_codes else None
            if branch is None:
                break
            depth = depth_of[branch] + 1
            code = f"{branch}-G{g // len(branch_codes) + 1}"
            crew = f"{code}-U"
            shift = "甲乙丙丁戊"[g % 5]
            plan.orgs[depth].append({"code": code, "name": f"{shift}班党小组", "kind": "group", "parent": branch})
            unit = {"code": crew, "name": f"{shift}班", "kind": "shift_crew", "parent": f"{branch}-U"}
            plan.units[depth].append(unit)
            plan.links.append((code, crew))
            plan.branch_units[branch].append((crew, code))
    all_branches = list(plan.branch_units)
    weights = [rng.uniform(0.4, 1.6) for _ in all_branches]
    total = sum(weights)
    counts = [int(people * w / total) for w in weights]
    for i in range(people - sum(counts)):
        counts[i % len(counts)] += 1
    plan.branch_people = dict(zip(all_branches, counts, strict=True))
    return plan


def _insert_tree(model, levels: list[list[dict]], extra: Callable[[dict, int], dict], label: str) -> dict[str, int]:
    """Insert a tree level by level: one bulk_create per level, then ONE update that sets each new row's path from
    its parent's path and its own id. Returns code -> id."""
    ids: dict[str, int] = {}
    parent_path = Subquery(model._base_manager.filter(pk=OuterRef("parent_id")).values("path")[:1])
    for depth, level in enumerate(levels):
        if not level:
            continue
        rows = [
            model(
                code=r["code"],
                name=r["name"],
                kind=r["kind"],
                parent_id=ids.get(r["parent"]),
                depth=depth,
                **extra(r, i),
            )
            for i, r in enumerate(level)
        ]
        created = model._base_manager.bulk_create(rows, batch_size=BATCH)
        new_ids = [row.pk for row in created]
        ids.update({row.code: row.pk for row in created})
        prefix = Value("/") if depth == 0 else parent_path
        path = Concat(prefix, Cast("id", CharField()), Value("/"))
        for start in range(0, len(new_ids), BATCH):
            model._base_manager.filter(pk__in=new_ids[start : start + BATCH]).update(path=path)
        audit.record(
            actor=SYSTEM,
            action=AuditLog.Action.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"bulk: {len(rows)} {label}, depth {depth}",
            after={"count": len(rows), "first_id": min(new_ids), "last_id": max(new_ids)},
            comment="seed_scale",
        )
    return ids


@dataclass
class ScaleResult:
    orgs: int
    units: int
    people: int
    history: int


def seed_scale(
    *, root: str = "GRP", orgs: int = 6000, people: int = 200_000, today: dt.date, progress=None
) -> ScaleResult:
    """Create the group data set in one transaction. `progress(message)` is called between phases."""
    say = progress or (lambda message: None)
    rng = random.Random(SEED)
    plan = plan_group(root=root, orgs=orgs, people=people, rng=rng)
    with transaction.atomic():
        unit_ids = _insert_tree(Unit, plan.units, lambda r, i: {"sort_order": i}, "units")
        say(f"{len(unit_ids)} units")
        org_ids = _insert_tree(
            PartyOrg,
            plan.orgs,
            lambda r, i: {
                "sort_order": i,
                "founded_on": dt.date(2010 + i % 10, 7, 1),
                "term_start": today - dt.timedelta(days=30 + i % 900) if r["kind"] != "group" else None,
                "term_end": today - dt.timedelta(days=30 + i % 900) + dt.timedelta(days=3 * 365)
                if r["kind"] != "group"
                else None,
            },
            "party organisations",
        )
        say(f"{len(org_ids)} party organisations")
        OrgUnitLink.objects.bulk_create(
            [OrgUnitLink(org_id=org_ids[o], unit_id=unit_ids[u]) for o, u in plan.links], batch_size=BATCH
        )
        made, history = _insert_people(plan, org_ids, unit_ids, rng, today, root, say)
    return ScaleResult(orgs=len(org_ids), units=len(unit_ids), people=made, history=history)


def _insert_people(plan, org_ids, unit_ids, rng, today, root, say) -> tuple[int, int]:
    maker = PeopleMaker(rng, today, unique_names=False)
    statuses, shares = [s for s, _ in STATUS_SHARES], [w for _, w in STATUS_SHARES]
    batch: list[tuple[Person, dict]] = []
    made = history = 0

    def flush():
        nonlocal history
        created = Person.objects.bulk_create([p for p, _ in batch], batch_size=BATCH)
        steps = []
        for person, dates in zip(created, [d for _, d in batch], strict=True):
            previous = "non_member"
            for status in Person.STATUS_ORDER[1:]:
                field_name = Person.STATUS_DATE_FIELD[status]
                if field_name in dates:
                    steps.append(
                        StatusChange(person_id=person.pk, from_status=previous, to_status=status, on=dates[field_name])
                    )
                    previous = status
        StatusChange.objects.bulk_create(steps, batch_size=BATCH)
        history += len(steps)
        audit.record(
            actor=SYSTEM,
            action=AuditLog.Action.CREATE,
            object_type="org.person",
            object_repr=f"bulk: {len(created)} people",
            after={"count": len(created), "first_id": created[0].pk, "last_id": created[-1].pk, "history": len(steps)},
            comment="seed_scale",
        )
        batch.clear()

    for branch, count in plan.branch_people.items():
        places = plan.branch_units[branch]
        for _ in range(count):
            made += 1
            status = rng.choices(statuses, shares)[0]
            unit, group = places[rng.randrange(len(places))]
            title = rng.choice(TITLES)
            rank = CADRE if title in CADRE_TITLES else WORKER
            gender = maker.gender(0.8)
            birth = maker.birth_date(status, rank)
            dates = maker.step_dates(status, birth)
            person = Person(
                employee_no=f"{root}{made:07d}",
                name=maker.name(gender),
                gender=gender,
                birth_date=birth,
                education=maker.education(rank),
                job_title=title,
                unit_id=unit_ids[unit],
                phone=maker.phone(),
                party_status=status,
                branch_id=org_ids[branch],
                group_id=org_ids[group] if group and status in ("member", "probationary") else None,
                **dates,
            )
            batch.append((person, dates))
            if len(batch) >= BATCH * 5:
                flush()
                say(f"{made} people")
    if batch:
        flush()
    return made, history
