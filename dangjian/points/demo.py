"""The demo company's points and stars (旗能电铝), written through the services on the days they happened.

- the default catalogue from 2020, and the star policy and branch criteria;
- points for every member of each accepted 党建+X project (2020–2022), on the day it was accepted (project_role);
- the last full year and this year to date: quarterly base points recorded by each branch, merit claims (pioneer
  posts, suggestions adopted, honours) decided by the 电解三车间 secretary or the system, deductions, a few pending
  claims, an appeal and a correction — and one member whose pattern the gaming checks flag;
- the last full year's democratic appraisal for every member and their stars; branch stars for two years.

Meetings, employee requests and winning teams add their own points once the lead wires them (auto_award).
Idempotent: once the company has its catalogue, the seed does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from dangjian.accounts.models import User
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import chunks, phase_atomic
from dangjian.org.models import PartyOrg, Person
from dangjian.points import services
from dangjian.points.models import Appraisal, PointsEntry, PointsRule
from dangjian.projects.projects.models import ProjectTransition, State

MERITS = (
    ("PIONEER", "先锋岗带头完成{w}攻坚任务"),
    ("INNOVATION", "合理化建议“{w}”被采纳"),
    ("HONOUR", "获评公司{w}先进个人"),
)
WORK = ("换极作业", "槽况稳定", "节能降耗", "设备检修", "安全巡检", "质量攻关", "物流保供")
DEDUCTIONS = (("SAFETY_VIOLATION", "巡检发现未按规定佩戴防护用品"), ("DUES_LATE", "未按时交纳党费"))


def _members(root: PartyOrg) -> list[Person]:
    return list(
        Person.objects.filter(
            branch__path__startswith=root.path, party_status__in=("member", "probationary"), active=True
        )
        .select_related("branch")
        .order_by("employee_no")
    )


def _project_points(root: PartyOrg) -> int:
    """Members of accepted projects get the project_role points on the day of acceptance (backfilled, once)."""
    moves = ProjectTransition.objects.filter(
        project__owner__path__startswith=root.path, to_state=State.ACCEPTED
    ).select_related("project")
    written = 0
    for move in moves:
        for membership in move.project.memberships.select_related("person__branch"):
            entry = services.auto_award(
                source="project_role",
                source_obj=move.project,
                person=membership.person,
                occurred_on=move.at.date(),
                note=f"{move.project.code} {move.project.title}",
            )
            written += entry is not None
    return written


class YearSeeder:
    """One year of hand-recorded points for the company (`upto`: the last day to record, for the current year)."""

    def __init__(self, *, root, rules, members, rng, clock, secretary, upto: dt.date):
        self.root, self.rules, self.members, self.rng, self.clock = root, rules, members, rng, clock
        self.secretary, self.upto = secretary, upto
        self.dj3 = PartyOrg.objects.get(code="QNDL-DJ3")

    def approver(self, person: Person):
        """电解三车间's entries are decided by its secretary login (never their own); the rest by the system."""
        if self.secretary and person.branch_id == self.dj3.pk and person.pk != self.secretary.person_id:
            return self.secretary
        return SYSTEM

    def record(self, person, code, day, reason, evidence="", decide=True):
        if day > self.upto:
            return None
        self.clock.at(day, 10, self.rng.randint(0, 59))
        entry = services.entry_create(
            actor=SYSTEM, person=person, rule=self.rules[code], occurred_on=day, reason=reason, evidence=evidence
        )
        if decide and entry.status == "pending":
            self.clock.at(day + dt.timedelta(days=self.rng.randint(1, 5)), 15)
            entry = services.entry_approve(actor=self.approver(person), entry=entry)
        return entry

    def claim(self, person, code, day, reason, evidence):
        """A merit claimed by hand (pending), then decided by the reviewer."""
        self.clock.at(day, 11)
        return services.entry_create(
            actor=SYSTEM, person=person, rule=self.rules[code], occurred_on=day, reason=reason, evidence=evidence
        )

    def run(self, year: int) -> int:
        count = 0
        for quarter in range(4):
            day = dt.date(year, 3 * quarter + 1, 10)
            for person in self.members:
                count += self.record(person, "BASE", day, f"{year}年第{quarter + 1}季度基础分") is not None
        for person in self.members:
            for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
                code, text = self.rng.choice(MERITS)
                day = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                count += (
                    self.record(person, code, day, text.format(w=self.rng.choice(WORK)), evidence="班组记录、车间确认")
                    is not None
                )
            if self.rng.random() < 0.04:
                code, text = self.rng.choice(DEDUCTIONS)
                day = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                count += self.record(person, code, day, text, evidence="检查记录") is not None
        return count


def _gaming_pattern(seeder: YearSeeder, person: Person, year: int) -> None:
    """One member claims 先锋岗 points up to just under the cap in two quarters, mostly on the quarter's last days,
    all approved by the same secretary, and has three corrections — what the gaming checks are for."""
    for month in (3, 6):
        for n in range(9):  # 9 × 3 = 27 of a 30 cap
            day = dt.date(year, month, 28 + n % 3)
            entry = seeder.claim(person, "PIONEER", day, f"先锋岗值守第{n + 1}次", "值班记录")
            seeder.clock.at(day, 16)
            services.entry_approve(actor=seeder.approver(person), entry=entry)
    for n in range(3):
        entry = seeder.record(person, "INNOVATION", dt.date(year, 9, 3 + n), f"合理化建议{n + 1}", "建议单")
        seeder.clock.at(dt.date(year, 10, 10 + n), 9)
        services.entry_reverse(actor=SYSTEM, entry=entry, reason="与班组集体建议重复申报")


def _fed_points(root: PartyOrg, *, since: dt.date, clock: DemoClock) -> int:
    """The demo's meetings and requests were recorded before the catalogue existed: their points are backfilled in
    bulk (auto_award_many: the same rules, caps and idempotency as the subscribers that feed new records)."""
    from dangjian.meetings.models import Attendance
    from dangjian.points.subscribers import MEETING_SOURCES, service_request_resolved
    from dangjian.service.models import ServiceRequest

    written = PointsEntryCount(root)
    rows = (
        Attendance.objects.filter(
            meeting__org__path__startswith=root.path,
            meeting__held_on__gte=since,
            status__in=list(MEETING_SOURCES),
            person__party_status__in=("member", "probationary"),
        )
        .select_related("meeting", "person__branch")
        .order_by("meeting__held_on", "meeting_id", "pk")
    )
    facts = [
        services.Fact(
            MEETING_SOURCES[row.status],
            row,
            row.person,
            row.meeting.held_on,
            f"{row.meeting.get_meeting_type_display()} {row.meeting.held_on}：{row.meeting.topic}",
        )
        for row in rows
    ]
    # Date order across chunks: a cap counts what the earlier chunks wrote, so the entries are the same.
    facts.sort(key=lambda fact: fact.occurred_on)
    for chunk in chunks(facts, len(facts) or 1):
        services.auto_award_many(facts=chunk)
    resolved = ServiceRequest.objects.filter(
        handling_org__path__startswith=root.path, resolved_on__gte=since, handler__isnull=False
    ).select_related("handler__branch")
    for request in resolved.order_by("resolved_on"):
        clock.at(request.resolved_on, 17)
        service_request_resolved(request=request, actor=SYSTEM)
    return written.since()


class PointsEntryCount:
    """How many automatic entries a step wrote for the company."""

    def __init__(self, root: PartyOrg):
        self.query = PointsEntry.objects.filter(person__branch__path__startswith=root.path, automatic=True)
        self.before = self.query.count()

    def since(self) -> int:
        return self.query.count() - self.before


def _appraisals_and_stars(members, year: int, rng) -> int:
    weights = [
        (Appraisal.EXCELLENT, 0.25),
        (Appraisal.QUALIFIED, 0.68),
        (Appraisal.BASIC, 0.05),
        (Appraisal.UNQUALIFIED, 0.02),
    ]
    for n, person in enumerate(members):
        pick, acc = rng.random(), 0.0
        appraisal = weights[-1][0]
        for choice, weight in weights:
            acc += weight
            if pick < acc:
                appraisal = choice
                break
        sanctioned = n % 97 == 13
        services.appraisal_record(
            actor=SYSTEM,
            person=person,
            year=year,
            appraisal=appraisal,
            sanctioned=sanctioned,
            veto_note="党内警告处分" if sanctioned else "",
            recompute=False,
        )
        services.member_stars_compute(person=person, year=year)
    return len(members)


def _branch_stars(root: PartyOrg, years: tuple[int, ...], rng) -> int:
    branches = list(PartyOrg.objects.filter(path__startswith=root.path, kind__in=PartyOrg.BRANCH_KINDS))
    rated = 0
    for year in years:
        template = services.branch_template_save(actor=SYSTEM, company=root, year=year)
        criteria = list(template.criteria.all())
        for branch in branches:
            strength = rng.uniform(0.7, 1.0)
            scores = {
                c.pk: (c.max_points * Decimal(str(round(strength + rng.uniform(-0.05, 0.05), 2))))
                .quantize(Decimal("0.5"))
                .min(c.max_points)
                for c in criteria
            }
            vetoes = [template.veto_list[0]] if (branch.code == "QNDL-RK" and year == years[-1]) else []
            services.branch_rate(actor=SYSTEM, org=branch, year=year, scores=scores, vetoes_found=vetoes)
            rated += 1
    return rated


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or PointsRule.objects.filter(company=root).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260601)
    last_year = today.year - 1
    with phase_atomic(), DemoClock(dt.date(2020, 1, 1)) as clock:
        services.defaults_install(actor=SYSTEM, company=root, valid_from=dt.date(2020, 1, 1))
        project_points = _project_points(root)
        fed = _fed_points(root, since=dt.date(last_year, 1, 1), clock=clock)
        members = _members(root)
        secretary = User.objects.filter(username="secretary").first()
        seeder = YearSeeder(
            root=root,
            rules={r.code: r for r in PointsRule.objects.filter(company=root)},
            members=members,
            rng=rng,
            clock=clock,
            secretary=secretary,
            upto=today,
        )
        count = seeder.run(last_year)
        dj3 = [m for m in members if m.branch.code == "QNDL-DJ3" and m.pk != getattr(secretary, "person_id", None)]
        if dj3:
            _gaming_pattern(seeder, dj3[1 % len(dj3)], last_year)
        seeder.members = members[: len(members) // 2]  # this year so far: base points and some claims
        count += seeder.run(today.year)
        pending = [
            seeder.claim(m, "INNOVATION", today - dt.timedelta(days=3 + n), "合理化建议待审核", "建议单")
            for n, m in enumerate(dj3[2:7])
        ]
        member_login = User.objects.filter(username="member").select_related("person").first()
        if member_login and member_login.person_id:
            clock.at(today - dt.timedelta(days=2), 14)
            entry = seeder.record(
                member_login.person,
                "SAFETY_VIOLATION",
                today - dt.timedelta(days=6),
                "巡检发现未戴安全帽",
                evidence="巡检记录",
            )
            if entry is not None:
                services.appeal_create(actor=member_login, entry=entry, reason="当时在休息室，未进入作业区")
        stars = _appraisals_and_stars(members, last_year, rng)
        branches = _branch_stars(root, (last_year - 1, last_year), rng)
    stdout.write(
        f"Loaded points: {project_points} from accepted projects, {fed} from meetings and requests, "
        f"{count} recorded, {len(pending)} pending, "
        f"{stars} members rated, {branches} branch ratings in {time.monotonic() - started:.1f} s."
    )
