"""The demo company's organisational life: two years (last year and this year up to the seed day) of meetings of
every branch and party group, recorded through the services as the system on the day they were held (DemoClock), with
attendance from the real rosters, follow-up actions and the seed-002 checklist.

Realistic gaps, so the compliance matrix has something to show:
- every branch misses a monthly meeting now and then (about one in twenty);
- 热控车间党支部 (the small branch) misses several 主题党日 and one quarter's 党员大会 and 党课;
- 供电车间党支部 held last year's 组织生活会 late, in January, as a make-up (counts for last year, amber);
- one party group of 净化车间 never meets;
- a 临时党支部 for the electrolytic-cell overhaul is set up in April last year and dissolved at the end of October,
  with five members of 电解一车间 moved into it and back, so its calendar shows only the periods it existed for.

Idempotent: once any QNDL meeting exists nothing is added."""

from __future__ import annotations

import datetime as dt
import random
import time

from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.meetings import compliance, periods
from dangjian.meetings.models import Meeting, MeetingType
from dangjian.meetings.services import ActionIn, Mark, meeting_record, roster
from dangjian.org import services as org_services
from dangjian.org.models import CommitteeSeat, PartyOrg, Person

SEED = 2024
SKIP_RATE = 0.05
SMALL_BRANCH, LATE_BRANCH, SILENT_GROUP = "QNDL-RK", "QNDL-GD", "QNDL-JH-G1"
TEMP_CODE = "QNDL-LS1"
# The day of the month (or of the period's last month) each type is usually held.
DAY = {
    MeetingType.COMMITTEE: 6,
    MeetingType.THEMED_DAY: 12,
    MeetingType.GROUP: 16,
    MeetingType.GENERAL_ASSEMBLY: 20,
    MeetingType.LECTURE: 24,
    MeetingType.REVIEW: 18,
    MeetingType.APPRAISAL: 22,
    MeetingType.TALK: 10,
}
TOPICS = {
    MeetingType.THEMED_DAY: (
        "学习贯彻党的二十届三中全会精神",
        "“安全生产月”主题党日：党员带头查隐患",
        "党员先锋岗创建现场交流",
        "“我为群众办实事”走访一线班组",
        "重温入党誓词，缅怀革命先烈",
        "党建+降本增效项目现场推进",
        "廉洁文化进班组",
        "学习《中国共产党支部工作条例（试行）》",
    ),
    MeetingType.COMMITTEE: (
        "研究本月党建+X项目推进情况",
        "研究发展党员和入党积极分子培养工作",
        "研究党员责任区和先锋岗考核",
        "研究支部月度考核自评",
    ),
    MeetingType.GROUP: ("学习班组安全规程，交流当班指标", "党小组成员思想交流和当班攻关", "学习先进典型事迹"),
    MeetingType.GENERAL_ASSEMBLY: (
        "通报支部季度工作，讨论接收预备党员",
        "通报党建+X项目季度评估情况",
        "讨论预备党员按期转正",
        "支部工作总结和下季度计划",
    ),
    MeetingType.LECTURE: (
        "书记讲党课：以高质量党建引领高质量发展",
        "书记讲党课：党员在安全生产中的先锋作用",
        "专题党课：弘扬劳模精神和工匠精神",
        "专题党课：全面从严治党永远在路上",
    ),
    MeetingType.REVIEW: ("年度组织生活会：对照检查，开展批评和自我批评",),
    MeetingType.APPRAISAL: ("年度民主评议党员",),
    MeetingType.TALK: ("支委之间、支委与党员谈心谈话",),
}
MINUTES = (
    "<p>主持人传达上级精神，组织集体学习。</p><p>与会党员结合岗位工作逐一发言，围绕当前生产难点提出意见建议。</p>"
    "<p>会议明确了下一步工作措施和责任人。</p>"
)
ACTIONS = ("落实会议确定的整改措施", "组织党员责任区隐患排查", "完成项目月度评估资料", "开展一次结对帮扶走访")
LEAVE_REASONS = ("出差", "病假", "倒班", "外出培训", "事假")


def seeded() -> bool:
    return Meeting.objects.filter(org__code__startswith=qineng.ROOT_CODE).exists()


class MeetingSeeder:
    """Walks every org's applicable rules period by period and records the meetings it held."""

    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.clock = DemoClock(today)
        self.start = dt.date(today.year - 1, 1, 1)
        self.count = 0
        self.rosters: dict[tuple[int, str], list[Person]] = {}

    def people_of(self, org: PartyOrg) -> list[Person]:
        branch = org.parent if org.kind == PartyOrg.Kind.GROUP else org
        return roster(org=branch, meeting_type=MeetingType.THEMED_DAY)

    def run(self) -> int:
        with self.clock:
            self.temporary_branch()
            orgs = list(
                PartyOrg.objects.filter(code__startswith=qineng.ROOT_CODE)
                .exclude(kind__in=["committee", "general_branch"])
                .exclude(code=TEMP_CODE)
                .order_by("path")
            )
            facts = compliance.load_facts(orgs, self.start, self.today)
            secretaries = {
                s.org_id: s.person
                for s in CommitteeSeat.objects.filter(role="secretary", org__in=orgs).select_related("person")
            }
            for org in orgs:
                if org.code == SILENT_GROUP:
                    continue
                people = self.people_of(org)
                host = secretaries.get(org.pk) or (people[0] if people else None)
                for rule in facts.rules.get(compliance.company_id(org), []):
                    if compliance.applies(rule, org, facts):
                        self.hold_rule(org, rule, host, people)
        return self.count

    def hold_rule(self, org: PartyOrg, rule, host, people) -> None:
        for span in periods.between(rule.period, self.start, dt.date(self.today.year, 12, 31)):
            if not periods.existed_enough(span, org.founded_on, org.dissolved_on):
                continue
            if self.skipped(org, rule.meeting_type, span):
                continue
            day = self.day_in(rule.meeting_type, span)
            counts_for = None
            if (
                org.code == LATE_BRANCH
                and rule.meeting_type == MeetingType.REVIEW
                and span.start.year < self.today.year
            ):
                counts_for, day = span.end, dt.date(span.end.year + 1, 1, 15)
            if org.dissolved_on and day > org.dissolved_on:
                day = org.dissolved_on
            if org.founded_on and day < org.founded_on:
                day = org.founded_on
            if day >= self.today:
                continue
            self.hold(org, rule.meeting_type, day, counts_for, host, people)

    def skipped(self, org: PartyOrg, meeting_type: str, span: periods.Span) -> bool:
        if org.code == SMALL_BRANCH:
            if meeting_type == MeetingType.THEMED_DAY and span.start.month in (2, 7, 8):
                return True
            if meeting_type in (MeetingType.GENERAL_ASSEMBLY, MeetingType.LECTURE) and span.label.endswith("Q3"):
                return True
        return span.kind == "month" and self.rng.random() < SKIP_RATE

    def day_in(self, meeting_type: str, span: periods.Span) -> dt.date:
        """A usual day in the period's last month (a talk round in the autumn of a year)."""
        month = span.end.month if span.kind != "year" else (9 if meeting_type == MeetingType.TALK else 12)
        day = DAY[meeting_type] + self.rng.randrange(-2, 3)
        return dt.date(span.end.year, month, day)

    def marks(self, people: list[Person]) -> list[Mark]:
        out = []
        for person in people:
            roll = self.rng.random()
            if roll < 0.86:
                out.append(Mark(person, "present"))
            elif roll < 0.95:
                out.append(Mark(person, "leave", self.rng.choice(LEAVE_REASONS)))
            else:
                out.append(Mark(person, "absent"))
        return out

    def hold(self, org, meeting_type, day, counts_for, host, people) -> None:
        self.clock.at(day, 15, self.rng.randrange(60))
        key = (org.pk, meeting_type)
        if key not in self.rosters or org.code == TEMP_CODE:
            # The rolls do not change while the seed runs (the temporary branch's people come and go: read afresh).
            self.rosters[key] = roster(org=org, meeting_type=meeting_type, on=day)
        attendees = self.rosters[key]
        marks = self.marks(attendees)
        present_full = sum(1 for m in marks if m.status == "present" and m.person.party_status == "member")
        full = sum(1 for p in attendees if p.party_status == "member")
        vote = meeting_type == MeetingType.GENERAL_ASSEMBLY and day.month in (6, 12) and 2 * present_full > full
        actions = []
        if meeting_type in (MeetingType.COMMITTEE, MeetingType.GENERAL_ASSEMBLY) and people:
            owner = self.rng.choice(people)
            done = day + dt.timedelta(days=self.rng.randrange(5, 25))
            due = day + dt.timedelta(days=20)
            actions = [ActionIn(self.rng.choice(ACTIONS), owner, due, done if done < self.today else None)]
        topic = self.rng.choice(TOPICS[meeting_type])
        meeting_record(
            actor=SYSTEM,
            org=org,
            meeting_type=meeting_type,
            held_on=day,
            counts_for=counts_for,
            topic=topic,
            location="党员活动室",
            host=host,
            recorder=people[1] if len(people) > 1 else host,
            lecturer=host if meeting_type == MeetingType.LECTURE else None,
            agenda=f"1. {topic}\n2. 党员发言讨论\n3. 明确下一步工作",
            minutes=MINUTES,
            vote_held=vote,
            checklist={k: True for k in ("prepared", "studied", "reported", "discussed", "summarised", "assigned")}
            | {"followed_up": day + dt.timedelta(days=20) < self.today},
            attendance=marks,
            follow_ups=actions,
            expected=attendees,
        )
        self.count += 1

    def temporary_branch(self) -> None:
        """The overhaul's temporary branch: founded 1 April last year with five members of 电解一车间 (who return to
        their branch before it is dissolved on 31 October)."""
        parent = PartyOrg.objects.filter(code="QNDL-LY").first()
        home = PartyOrg.objects.filter(code="QNDL-DJ1").first()
        if parent is None or home is None or PartyOrg.objects.filter(code=TEMP_CODE).exists():
            return
        year = self.today.year - 1
        founded, dissolved = dt.date(year, 4, 1), dt.date(year, 10, 31)
        self.clock.at(founded)
        temp = org_services.org_create(
            actor=SYSTEM,
            parent=parent,
            code=TEMP_CODE,
            name="电解槽大修临时党支部",
            kind=PartyOrg.Kind.TEMPORARY_BRANCH,
            founded_on=founded,
        )
        movers = list(Person.objects.filter(branch=home, group__isnull=True, party_status="member", active=True)[:5])
        for person in movers:
            org_services.person_update(actor=SYSTEM, person=person, branch=temp)
        people = list(Person.objects.filter(branch=temp))
        for span in periods.between("month", founded, dissolved):
            self.hold(temp, MeetingType.THEMED_DAY, dt.date(span.end.year, span.end.month, 12), None, people[0], people)
            if span.end.month in (6, 9):
                self.hold(
                    temp, MeetingType.GENERAL_ASSEMBLY, dt.date(span.end.year, span.end.month, 20), None, people[0],
                    people,
                )  # fmt: skip
        self.clock.at(dissolved)
        for person in movers:
            org_services.person_update(actor=SYSTEM, person=person, branch=home)
        org_services.org_dissolve(actor=SYSTEM, org=temp, on=dissolved, comment="大修完成，临时党支部撤销")


def seed(*, today: dt.date, stdout) -> None:
    """Load two years of meetings once (see the module docstring)."""
    if seeded() or not PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
        return
    started = time.monotonic()
    with phase_atomic():
        count = MeetingSeeder(today).run()
    stdout.write(f"Loaded {count} meetings of organisational life in {time.monotonic() - started:.1f} s.")
