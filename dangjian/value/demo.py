"""The 中州铝业-like demo of seed 003 (卓越行动): a second company root (ZZLY) with 190 teams across 19 workshops,
2,228 staff of whom 609 are party members, nine peer groups by process, one year of daily records with realistic
noise and improvement trends, a steam price change in mid-month, locked days, and the year's 22 winning teams.

The org and unit trees and the people are bulk-inserted (as demo/scale.py does: thousands of service calls would
take minutes); the accounting — catalogue, prices, records, locks, winners — goes through the value services as
SYSTEM, so every figure is computed and audited as a real one would be. Idempotent: each step looks for its output.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.demo.people import PeopleMaker
from dangjian.demo.progress import chunk_size, chunks, phase_atomic, small_transactions
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Person, StatusChange, Unit
from dangjian.value import demo_data as data
from dangjian.value import selectors, services
from dangjian.value.indicators import push_days
from dangjian.value.models import AccountingUnit, AnnualWinner, DailyRecord, PeerGroup

SEED = 2022
# A year of records by default; DEMO_VALUE_DAYS shortens it (e.g. for a quick local database or a test run).
DAYS = int(os.environ.get("DEMO_VALUE_DAYS") or 365)
BATCH_DAYS = 20
SHIFTS = "ABCD"
CREW_NAMES = "甲乙丙丁"
INDICATOR_DAYS = 31


def seed(*, today: dt.date, stdout) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    with phase_atomic():
        built = _structure(today, rng)
    with phase_atomic():
        _catalogue(today)
        _enrol()
    written = _records(today, rng)
    with phase_atomic():
        _close(today)
    _logins()
    if built or written:
        teams = AccountingUnit.objects.filter(org__path__startswith=_root().path).count()
        stdout.write(
            f"Loaded the 卓越行动 demo (中州铝业, {data.ROOT_CODE}): {teams} teams, {written} daily records "
            f"in {time.monotonic() - started:.1f} s."
        )


def _root() -> PartyOrg:
    return PartyOrg.objects.get(code=data.ROOT_CODE)


# ---------------------------------------------------------------- orgs, units, people (bulk)


def _insert_level(model, rows: list[dict], parents: dict[str, int]) -> dict[str, int]:
    """One level of a tree in one bulk insert, then one UPDATE that sets each row's path from its parent's."""
    objs = [model(**{k: v for k, v in r.items() if k != "parent"}, parent_id=parents.get(r["parent"])) for r in rows]
    created = model._base_manager.bulk_create(objs)
    ids = {o.code: o.pk for o in created}
    if not all(ids.values()):  # SQLite before 3.35 returns no ids
        ids = dict(model._base_manager.filter(code__in=[r["code"] for r in rows]).values_list("code", "pk"))
    parent_path = Subquery(model._base_manager.filter(pk=OuterRef("parent_id")).values("path")[:1])
    prefix = parent_path if rows[0]["parent"] else Value("/")
    model._base_manager.filter(pk__in=ids.values()).update(
        path=Concat(prefix, Cast("id", CharField()), Value("/"), output_field=CharField())
    )
    return ids


def _structure(today: dt.date, rng: random.Random) -> bool:
    if PartyOrg.objects.filter(code=data.ROOT_CODE).exists():
        return False
    org_levels: list[list[dict]] = [[], [], []]
    unit_levels: list[list[dict]] = [[], [], [], []]
    links: list[tuple[str, str]] = [(data.ROOT_CODE, "ZZLY-U")]
    org_levels[0].append({"code": data.ROOT_CODE, "name": data.ROOT_NAME, "kind": "committee", "parent": None})
    unit_levels[0].append({"code": "ZZLY-U", "name": data.COMPANY_NAME, "kind": "company", "parent": None})
    teams: list[tuple[str, str, str]] = []  # (team code, branch code, workshop code)
    for d_code, d_name, org_name, kind, workshops in data.DIVISIONS:
        org_code, unit_code = f"ZZLY-{d_code}", f"ZZLY-{d_code}-U"
        org_levels[1].append({"code": org_code, "name": org_name, "kind": kind, "parent": data.ROOT_CODE})
        unit_levels[1].append({"code": unit_code, "name": d_name, "kind": "division", "parent": "ZZLY-U"})
        links.append((org_code, unit_code))
        for w, (w_name, _group, count, team_kind) in enumerate(workshops, start=1):
            branch, shop = f"{org_code}-B{w}", f"{org_code}-W{w}"
            org_levels[2].append({"code": branch, "name": f"{w_name}党支部", "kind": "branch", "parent": org_code})
            unit_levels[2].append({"code": shop, "name": w_name, "kind": "workshop", "parent": unit_code})
            links.append((branch, shop))
            for t in range(count):
                line = "" if count <= 4 else f"{t // 4 + 1}号"
                name = f"{w_name}{line}{CREW_NAMES[t % 4]}班"
                code = f"{shop}-T{t + 1:02d}"
                unit_levels[3].append({"code": code, "name": name, "kind": team_kind, "parent": shop})
                teams.append((code, branch, shop))
    org_ids: dict[str, int] = {}
    for level in org_levels:
        org_ids.update(_insert_level(PartyOrg, [{**r, "founded_on": dt.date(2010, 7, 1)} for r in level], org_ids))
    unit_ids: dict[str, int] = {}
    for level in unit_levels:
        unit_ids.update(_insert_level(Unit, level, unit_ids))
    OrgUnitLink.objects.bulk_create([OrgUnitLink(org_id=org_ids[o], unit_id=unit_ids[u]) for o, u in links])
    _audit_created(PartyOrg.objects.filter(pk__in=org_ids.values()))
    _audit_created(Unit.objects.filter(pk__in=unit_ids.values()))
    _people(today, rng, teams, org_ids, unit_ids)
    audit.record(
        actor=SYSTEM,
        action=AuditLog.Action.IMPORT,
        object_type=Person._meta.label_lower,
        object_repr="中州铝业职工（演示数据）",
        after={"orgs": sum(len(x) for x in org_levels), "units": sum(len(x) for x in unit_levels), "staff": data.STAFF},
    )
    return True


def _people(today, rng, teams, org_ids, unit_ids) -> None:
    """2,228 staff: each team's crew (its first a 班长), the rest in the workshops' offices; 609 party members."""
    maker = PeopleMaker(rng, today)
    crews = [rng.randint(9, 13) for _ in teams]
    offices = data.STAFF - sum(crews)
    shops = sorted({(b, s) for _t, b, s in teams})
    places = [(t, b, n == 0) for (t, b, _s), size in zip(teams, crews, strict=True) for n in range(size)]
    places += [(shops[n % len(shops)][1], shops[n % len(shops)][0], False) for n in range(max(offices, 0))]
    members = set(rng.sample(range(len(places)), data.MEMBERS + data.PROBATIONARY))
    probationary = set(rng.sample(sorted(members), data.PROBATIONARY))
    people = []
    for n, (unit_code, branch, leader) in enumerate(places[: data.STAFF]):
        gender = maker.gender(0.82)
        status = "probationary" if n in probationary else "member" if n in members else "non_member"
        birth = maker.birth_date(status, 1)
        people.append(
            Person(
                employee_no=f"ZZ{n + 1:05d}",
                name=maker.name(gender),
                gender=gender,
                birth_date=birth,
                job_title="班长" if leader else "操作工" if unit_code.count("-T") else "技术员",
                unit_id=unit_ids[unit_code],
                phone=maker.phone(),
                party_status=status,
                branch_id=org_ids[branch],
                **maker.step_dates(status, birth),
            )
        )
    Person.objects.bulk_create(people, batch_size=1000)
    people = list(Person.objects.filter(employee_no__startswith="ZZ").order_by("employee_no"))
    _history_and_seats(people)


STEPS = [
    ("applicant", "applied_on"),
    ("activist", "activist_on"),
    ("candidate", "candidate_on"),
    ("probationary", "probationary_on"),
    ("member", "full_member_on"),
]


def _history_and_seats(people: list[Person]) -> None:
    """Each member's recruitment steps as status history, and each branch's committee: a secretary, and with seven
    or more full members a deputy secretary and an organisation officer (支委会 of 3)."""
    history = []
    for person in people:
        previous = "non_member"
        for status, date_field in STEPS:
            on = getattr(person, date_field)
            if on is None:
                continue
            history.append(StatusChange(person=person, from_status=previous, to_status=status, on=on))
            previous = status
    StatusChange.objects.bulk_create(history, batch_size=2000)
    by_branch: dict[int, list[Person]] = {}
    for person in people:
        if person.party_status == "member":
            by_branch.setdefault(person.branch_id, []).append(person)
    seats = []
    for branch_id, members in by_branch.items():
        roles = ["secretary", "deputy_secretary", "organisation_officer"] if len(members) >= 7 else ["secretary"]
        seats += [CommitteeSeat(org_id=branch_id, person=m, role=r) for m, r in zip(members, roles, strict=False)]
    CommitteeSeat.objects.bulk_create(seats)
    _audit_created(CommitteeSeat.objects.filter(person__employee_no__startswith="ZZ").select_related("org", "person"))


def _audit_created(objects) -> None:
    """One create row per bulk-inserted org, unit or seat, as audit.record would write it (people are one import
    row for the batch)."""
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor_name="system",
                action=AuditLog.Action.CREATE,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                after=audit.snapshot(obj),
            )
            for obj in objects
        ],
        batch_size=1000,
    )


# ---------------------------------------------------------------- catalogue and accounting units (services)


def _catalogue(today: dt.date) -> None:
    if PeerGroup.objects.filter(code=data.GROUPS[0].code).exists():
        return
    root = _root()
    start = today - dt.timedelta(days=DAYS + 60)
    items = {}
    for n, spec in enumerate(data.ITEMS):
        items[spec.code] = services.item_create(
            actor=SYSTEM,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            unit_of_measure=spec.uom,
            sort_order=n,
            org=root,
        )
        services.price_set(actor=SYSTEM, item=items[spec.code], effective_from=start, price=spec.price)
    code, month, day, price = data.PRICE_CHANGE
    first = today - dt.timedelta(days=DAYS)
    change = (first.replace(day=1) + dt.timedelta(days=32 * (month - 1))).replace(day=day)
    services.price_set(actor=SYSTEM, item=items[code], effective_from=change, price=price)
    for n, spec in enumerate(data.GROUPS):
        group = services.group_create(actor=SYSTEM, code=spec.code, name=spec.name, org=root, sort_order=n)
        for m, (item_code, base) in enumerate([*spec.outputs.items(), *spec.inputs.items()]):
            crew_hours = Decimal(sum(spec.crew) / 2 * 8)
            # Targets: 5 % more output, 4 % less input per hour than a typical shift at the start.
            factor = Decimal("1.05") if item_code in spec.outputs else Decimal("0.96")
            target = (base / crew_hours * factor).quantize(Decimal("0.0001"))
            services.group_item_set(
                actor=SYSTEM, group=group, item=items[item_code], target_per_hour=target, sort_order=m
            )


def _group_of(workshop_group: str) -> str:
    return f"ZZ-{workshop_group}"


def _enrol() -> None:
    root = _root()
    if AccountingUnit.objects.filter(org__path__startswith=root.path).exists():
        return
    groups = {g.code: g for g in PeerGroup.objects.filter(code__startswith="ZZ-")}
    branches = {o.code: o for o in PartyOrg.objects.filter(path__startswith=root.path, kind="branch")}
    units = {u.code: u for u in Unit.objects.filter(code__startswith="ZZLY-", kind__in=["team", "shift_crew"])}
    rows = []
    for d_code, _d, _o, _k, workshops in data.DIVISIONS:
        for w, (_name, group, count, _kind) in enumerate(workshops, start=1):
            for t in range(count):
                unit = units[f"ZZLY-{d_code}-W{w}-T{t + 1:02d}"]
                rows.append(
                    AccountingUnit(unit=unit, group=groups[_group_of(group)], org=branches[f"ZZLY-{d_code}-B{w}"])
                )
    for row in rows:
        row.full_clean()
    AccountingUnit.objects.bulk_create(rows)
    audit.record(
        actor=SYSTEM,
        action=AuditLog.Action.CREATE,
        object_type=AccountingUnit._meta.label_lower,
        object_repr=f"核算单元 {len(rows)} 个（演示数据）",
        after={"units": len(rows)},
    )


# ---------------------------------------------------------------- a year of daily records


class Team:
    """One team's character: its level, how much it improves over the year, its crew and its luck."""

    def __init__(self, unit: AccountingUnit, spec: data.GroupSpec, index: int, rng: random.Random):
        self.unit, self.spec, self.rng = unit, spec, rng
        self.shift = SHIFTS[index % 4]
        self.level = rng.uniform(0.86, 1.12)  # older equipment, smaller line …
        self.efficiency = rng.uniform(0.92, 1.08)  # consumption per output
        # A few teams change a lot once they take part (seed 003: 固定碳合格率 36 % → 84 %); most a little.
        self.gain = rng.choice([0.0, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12])
        self.saving = rng.choice([0.0, 0.01, 0.02, 0.03, 0.05, 0.07])
        self.crew = rng.randint(*spec.crew)
        self.noise = 0.0

    def day(self, n: int, day: dt.date) -> dict:
        rng = self.rng
        progress = n / DAYS
        # AR(1) noise: good and bad spells last a few days.
        self.noise = 0.6 * self.noise + rng.gauss(0, 0.035)
        season = 0.02 if day.month in (6, 7, 8) else 0.0  # summer heat costs a little output
        down = 0.55 if rng.random() < 0.015 else 1.0  # an equipment stop
        scale = self.level * (1 + self.gain * progress) * (1 + self.noise - season) * down
        use = self.efficiency * (1 - self.saving * progress) * (1 + rng.gauss(0, 0.02))
        items = [{"item": code, "quantity": _q(base * Decimal(scale))} for code, base in self.spec.outputs.items()]
        items += [
            {"item": code, "quantity": _q(base * Decimal(scale * use))} for code, base in self.spec.inputs.items()
        ]
        absent = 1 if rng.random() < 0.12 else 0
        return {
            "unit": self.unit.unit.code,
            "date": day,
            "shift": self.shift,
            "hours": (self.crew - absent) * 8,
            "items": items,
        }


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _records(today: dt.date, rng: random.Random) -> int:
    root = _root()
    units = list(
        AccountingUnit.objects.filter(org__path__startswith=root.path)
        .select_related("unit", "group")
        .order_by("unit__code")
    )
    if DailyRecord.objects.filter(unit__in=units).exists():
        return 0
    specs = {g.code: g for g in data.GROUPS}
    teams = [Team(u, specs[u.group.code], n, rng) for n, u in enumerate(units)]
    first = today - dt.timedelta(days=DAYS)
    written = 0
    for start in range(0, DAYS, BATCH_DAYS):
        rows = [
            team.day(n, first + dt.timedelta(days=n))
            for n in range(start, min(start + BATCH_DAYS, DAYS))
            for team in teams
        ]
        with phase_atomic():
            for chunk in chunks(rows, services.MAX_BATCH):
                services.records_write(actor=SYSTEM, rows=chunk, source="api", sync=False)
        written += len(rows)
    # The production indicators get the last month's team totals (the task does this for each new record).
    recent = [(u.pk, (today - dt.timedelta(days=d)).isoformat()) for u in units for d in range(1, INDICATOR_DAYS + 1)]
    # In the background, a few hundred pairs at a time (two values each: value and hours); else all at once.
    step = max(1, chunk_size(len(recent)) // 2 if small_transactions() else len(recent))
    for start in range(0, len(recent), step):
        push_days(recent[start : start + step])
    return written


def _close(today: dt.date) -> None:
    """Lock every day up to two days ago, and name the year's winning teams from its assessment points."""
    services.days_lock_until(actor=SYSTEM, day=today - dt.timedelta(days=2))
    year = (today - dt.timedelta(days=30)).year
    if AnnualWinner.objects.filter(year=year, unit__org__path__startswith=_root().path).exists():
        return
    groups = list(PeerGroup.objects.filter(code__startswith="ZZ-"))
    points = selectors.annual_points(year=year, groups=groups)
    best = sorted(points.items(), key=lambda kv: (-kv[1], kv[0]))[: data.WINNERS]
    units = {u.pk: u for u in AccountingUnit.objects.filter(pk__in=[pk for pk, _p in best])}
    services.winners_set(actor=SYSTEM, year=year, units=[(units[pk], p) for pk, p in best], note="卓越行动优胜班组")


# ---------------------------------------------------------------- logins


def _logins() -> None:
    from dangjian.accounts.models import User
    from dangjian.accounts.services import account_create, role_assign
    from dangjian.demo.data import qineng

    password = os.environ.get("DEMO_PASSWORD") or qineng.DEFAULT_PASSWORD
    for login in data.LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        org = PartyOrg.objects.get(code=login.org) if login.org else None
        person = None
        if login.person and org is not None:
            people = Person.objects.filter(branch__path__startswith=org.path).order_by("employee_no")
            if login.person == "leader":
                person = people.filter(job_title="班长").first()
            elif login.person == "secretary":
                person = people.filter(party_status="member").first()
            elif login.person == "office":
                person = (
                    Person.objects.filter(branch__path__startswith=org.path, party_status="member")
                    .order_by("-employee_no")
                    .first()
                )
        user = account_create(actor=SYSTEM, username=login.username, password=password, person=person)
        role_assign(actor=SYSTEM, user=user, role=login.role, org=org)


LOGINS = data.LOGINS
