"""Builds the demo company (旗能电铝) through the domain services as SYSTEM, so every row has its audit entry and every
person their status history, exactly as if the party office had typed it in.

Person rows go through `person_create` one by one: at this size (≈ 1,000 people) that takes seconds, and it keeps the
demo an honest exercise of the services. The group-scale generator (scale.py) is the one that bulk-inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from dangjian.accounts.services import account_create, role_assign
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.data.profiles import CADRE, LEADER, PROFILES, WORKER
from dangjian.demo.people import PeopleMaker, add_years, weighted_sample
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.org.services import org_create, org_set_units, person_create, seat_assign, unit_create

SEED = 2022
LOGINS_SINCE = dt.date(2019, 12, 2)
MEMBER_WEIGHT = {LEADER: 1.0, CADRE: 4.0, WORKER: 1.0}


@dataclass
class Slot:
    """One position on a branch's roll before it becomes a person."""

    unit: str
    title: str
    rank: int
    male_share: float
    post: bool = False
    status: str = "non_member"


@dataclass
class Built:
    """What the builder made, by code, for the later steps (seats, groups, logins)."""

    units: dict[str, Unit] = field(default_factory=dict)
    orgs: dict[str, PartyOrg] = field(default_factory=dict)
    people: dict[str, list[Person]] = field(default_factory=dict)  # branch code -> people in creation order
    secretaries: dict[str, Person] = field(default_factory=dict)
    seats: dict[tuple[str, str], Person] = field(default_factory=dict)  # (org code, seat role) -> person


def leaves(spec: qineng.U) -> list[qineng.U]:
    if not spec.children:
        return [spec]
    return [leaf for child in spec.children for leaf in leaves(child)]


def find_unit(code: str, spec: qineng.U = qineng.UNITS) -> qineng.U | None:
    if spec.code == code:
        return spec
    for child in spec.children:
        found = find_unit(code, child)
        if found:
            return found
    return None


def split(total: int, weights: list[int]) -> list[int]:
    """Largest-remainder split of `total` in proportion to `weights`."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))[: total - sum(counts)]:
        counts[i] += 1
    return counts


class DemoBuilder:
    """Creates the demo company. `today` anchors the dates (terms, recent recruitment steps) so the roll looks live
    on whatever day it is seeded; every other choice comes from random.Random(2022)."""

    def __init__(self, *, today: dt.date, password: str):
        self.today = today
        self.password = password
        self.rng = random.Random(SEED)
        self.maker = PeopleMaker(self.rng, today)
        self.built = Built()
        self._employee_no = 0

    def build(self) -> Built:
        self.create_units(qineng.UNITS, None, 0)
        for spec in qineng.ORGS:
            self.create_org(spec)
        for spec in qineng.BRANCHES:
            self.create_people(spec)
        for spec in qineng.BRANCHES:
            self.seat_branch(spec)
        for org_code, title, role in qineng.COMMITTEE_SEATS:
            self.seat(org_code, self.person_titled(title), role)
        # The demo logins have held their roles since before the 2020 projects, so the seeded history can be made
        # by them on the days it happened (see clock.py).
        with DemoClock(LOGINS_SINCE):
            self.create_logins()
        return self.built

    # --- structure ---------------------------------------------------------------------------------------------------

    def create_units(self, spec: qineng.U, parent: Unit | None, order: int) -> None:
        unit = unit_create(
            actor=SYSTEM, parent=parent, code=spec.code, name=spec.name, kind=spec.kind, sort_order=order
        )
        self.built.units[spec.code] = unit
        for i, child in enumerate(spec.children):
            self.create_units(child, unit, i)

    def create_org(self, spec: qineng.Org) -> None:
        years = PartyOrg.TERM_YEARS[spec.kind]
        if spec.term_ends_soon:
            term_end = self.today + dt.timedelta(days=40)
            term_start = add_years(term_end, -years)
        else:
            term_start = self.today - dt.timedelta(days=self.rng.randint(60, 365 * years - 200))
            term_end = add_years(term_start, years)
        org = org_create(
            actor=SYSTEM,
            parent=self.built.orgs.get(spec.parent) if spec.parent else None,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            founded_on=spec.founded,
            term_start=term_start,
            term_end=term_end,
            sort_order=qineng.ORGS.index(spec),
        )
        self.built.orgs[spec.code] = org
        org_set_units(actor=SYSTEM, org=org, units=[self.built.units[c] for c in spec.units])
        if spec.crew_groups:
            crews = [leaf for code in spec.units for leaf in leaves(find_unit(code)) if leaf.kind == "shift_crew"]
            for i, crew in enumerate(crews, start=1):
                group = org_create(
                    actor=SYSTEM,
                    parent=org,
                    code=f"{spec.code}-G{i}",
                    name=f"{crew.name}党小组",
                    kind="group",
                    founded_on=spec.founded,
                    sort_order=i,
                )
                org_set_units(actor=SYSTEM, org=group, units=[self.built.units[crew.code]])
                self.built.orgs[group.code] = group
                self.built.orgs[f"crew:{crew.code}"] = group

    # --- people ------------------------------------------------------------------------------------------------------

    def slots(self, spec: qineng.Org) -> list[Slot]:
        """The branch's roll as positions: its leadership posts, then the staff of each leaf unit by weight."""
        slots = [Slot(unit, title, LEADER, 0.85, post=True) for unit, title in spec.posts]
        post_units = {unit for unit, _ in spec.posts}
        units = [leaf for code in spec.units for leaf in leaves(find_unit(code)) if leaf.weight]
        for leaf, count in zip(units, split(spec.staff - len(slots), [u.weight for u in units]), strict=True):
            profile = PROFILES[leaf.profile]
            titles, weights = [t for t, _ in profile.titles], [w for _, w in profile.titles]
            for i in range(count):
                led = i == 0 and leaf.code not in post_units
                title = profile.lead if led else self.rng.choices(titles, weights)[0]
                slots.append(Slot(leaf.code, title, profile.rank(title), profile.male_share))
        return slots

    def assign_statuses(self, spec: qineng.Org, slots: list[Slot]) -> None:
        full = spec.members - spec.probationary
        posts = [s for s in slots if s.post]
        others = [s for s in slots if not s.post]
        for slot in posts:
            slot.status = "member"
        for slot in weighted_sample(self.rng, others, [MEMBER_WEIGHT[s.rank] for s in others], full - len(posts)):
            slot.status = "member"
        rest = [s for s in others if s.status == "non_member"]
        self.rng.shuffle(rest)
        # The recruitment pipeline behind the roll: a few probationary members, candidates, activists, applicants.
        pipeline = [("probationary", spec.probationary), ("candidate", spec.staff // 45)]
        pipeline += [("activist", spec.staff // 25), ("applicant", spec.staff // 35)]
        for status, count in pipeline:
            for slot in rest[:count]:
                slot.status = status
            rest = rest[count:]

    def create_people(self, spec: qineng.Org) -> None:
        slots = self.slots(spec)
        self.assign_statuses(spec, slots)
        branch = self.built.orgs[spec.code]
        people = []
        for slot in slots:
            self._employee_no += 1
            gender = self.maker.gender(slot.male_share)
            birth = self.maker.birth_date(slot.status, slot.rank)
            group = self.built.orgs.get(f"crew:{slot.unit}")
            person = person_create(
                actor=SYSTEM,
                employee_no=f"QN{self._employee_no:05d}",
                name=self.maker.name(gender),
                gender=gender,
                birth_date=birth,
                education=self.maker.education(slot.rank),
                job_title=slot.title,
                unit=self.built.units[slot.unit],
                phone=self.maker.phone(),
                party_status=slot.status,
                branch=branch,
                group=group if group and slot.status in ("member", "probationary") else None,
                **self.maker.step_dates(slot.status, birth),
            )
            person.rank = slot.rank
            people.append(person)
        self.built.people[spec.code] = people
        self.built.secretaries[spec.code] = people[spec.secretary_post]

    # --- committees --------------------------------------------------------------------------------------------------

    def seat(self, org_code: str, person: Person, role: str) -> None:
        org = self.built.orgs[org_code]
        seat_assign(actor=SYSTEM, org=org, person=person, role=role, since=org.term_start)
        self.built.seats[(org_code, role)] = person

    def seat_branch(self, spec: qineng.Org) -> None:
        """A secretary for every branch; with ≥ 7 full members a 支委会 of 3–5 (DOMAIN.md)."""
        people = self.built.people[spec.code]
        secretary = self.built.secretaries[spec.code]
        self.seat(spec.code, secretary, "secretary")
        full = [p for p in people if p.party_status == "member" and p is not secretary]
        if len(full) + 1 < 7:
            return
        roles = ["organisation_officer", "publicity_officer"]
        if len(full) + 1 >= 15:
            roles.append("discipline_officer")
        if len(full) + 1 >= 20:
            roles.insert(0, "deputy_secretary")
        # Posts first (the workshop head is usually deputy secretary), then cadres, in roll order.
        candidates = sorted(full, key=lambda p: -p.rank)
        for role, person in zip(roles, candidates, strict=False):
            self.seat(spec.code, person, role)

    def person_titled(self, title: str) -> Person:
        matches = [p for people in self.built.people.values() for p in people if p.job_title == title]
        if len(matches) != 1:
            raise LookupError(f"expected one person titled {title}, found {len(matches)}")
        return matches[0]

    # --- logins ------------------------------------------------------------------------------------------------------

    def pick(self, rule: str, taken: set[int]) -> Person:
        """The person behind a demo login of 电解三车间 (the main demo branch)."""
        people = self.built.people["QNDL-DJ3"]
        seated = {p.pk for (code, _), p in self.built.seats.items() if code == "QNDL-DJ3"}
        crew_a = self.built.units["QN-DJ3-ZY-A"].pk
        choices = {
            "secretary": [self.built.secretaries["QNDL-DJ3"]],
            "organisation_officer": [self.built.seats[("QNDL-DJ3", "organisation_officer")]],
            "group_leader": [p for p in people if p.unit_id == crew_a and p.party_status == "member"],
            "member": [p for p in people if p.party_status == "member" and p.rank == WORKER and p.pk not in seated],
            "employee": [p for p in people if p.party_status == "non_member" and p.rank == WORKER],
            "team_leader": [p for p in people if p.job_title == "班长" and p.unit.code == "QN-DJ3-ZY-B"],
        }[rule]
        person = next(p for p in choices if p.pk not in taken)
        taken.add(person.pk)
        return person

    def create_logins(self) -> None:
        taken: set[int] = set()
        for login in qineng.LOGINS:
            person = None
            if login.person.startswith("pick:"):
                person = self.pick(login.person.removeprefix("pick:"), taken)
            elif login.person:
                person = self.person_titled(login.person)
                taken.add(person.pk)
            user = account_create(actor=SYSTEM, username=login.username, password=self.password, person=person)
            org = self.built.orgs[login.org] if login.org else None
            role_assign(actor=SYSTEM, user=user, role=login.role, org=org)
