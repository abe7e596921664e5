"""The demo company's talent development and drills (seed 000 and 002): 电解三车间 holds 108 drill sessions (课后练兵)
and 12 member lectures (党员课堂) in the last year, its crews taking turns; three posts' competency models (operating,
technical, management) with ratings; the company's evaluation criteria; talent, mentor and trainee pools; mentor–
trainee plans (half of them run as the posts app's pairings), some evaluated; skills contest results. Attendance
goes through the service, so the drill points reach the ledger exactly as on the page. Written as SYSTEM;
idempotent (once the company has a drill, nothing is done)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.talent import services
from dangjian.talent.models import Drill

LOGINS: list = []
BRANCH = "QNDL-DJ3"
DRILLS, LECTURES = 108, 12
DRILL_TOPICS = (
    "槽控机异常报警处置",
    "阳极更换标准化作业",
    "出铝作业安全要点",
    "效应快速熄灭操作",
    "电解质水平测量",
    "天车操作与指挥信号",
    "槽况判断与针振分析",
    "停槽、启槽应急演练",
    "高温熔体烫伤急救",
    "极距调整实操",
)
LECTURE_TOPICS = (
    "党员课堂：学习贯彻党的二十大精神",
    "党员课堂：降低吨铝电耗中的党员担当",
    "党员课堂：安全生产责任制",
    "党员课堂：劳模精神与工匠精神",
)
MODELS = (
    ("电解工", "operating", (("槽况判断", 4), ("阳极更换", 3), ("出铝作业", 3), ("效应处理", 4), ("安全操作", 4))),
    ("计算机站工程师", "technical", (("槽控系统维护", 4), ("数据分析", 3), ("网络与通信", 3), ("故障诊断", 4))),
    ("值班长", "management", (("生产组织", 4), ("安全管理", 4), ("班组建设", 3), ("沟通协调", 3))),
)
CRITERIA = (
    ("技能提升（对照岗位能力价值模型）", 40),
    ("培养目标完成情况", 30),
    ("工作业绩与创新成果", 20),
    ("职业素养与团队协作", 10),
)
CONTESTS = (
    ("公司电解工职业技能竞赛", "company"),
    ("集团铝电解工技能大赛", "group"),
    ("重庆市职工职业技能大赛", "province"),
)
AWARDS = {1: "一等奖", 2: "二等奖", 3: "三等奖"}


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    branch = PartyOrg.objects.filter(code=BRANCH).first()
    if root is None or branch is None or Drill.objects.filter(org__path__startswith=root.path).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260620)
    people = list(Person.objects.filter(branch=branch, active=True).select_related("branch").order_by("employee_no"))
    if len(people) < 10:
        return
    members = [p for p in people if p.is_party_member]
    crews = list(
        Unit._base_manager.filter(path__startswith=_workshop_path(branch), kind__in=("team", "shift_crew")).order_by(
            "path"
        )
    ) or [None]
    start = today - dt.timedelta(days=364)
    with phase_atomic(), DemoClock(start) as clock:
        models = _models(root, rng)
        for name, weight in CRITERIA:
            services.criterion_save(actor=SYSTEM, org=root, name=name, weight=weight)
        mentors, trainees = _pools(people, members, rng, start)
        _plans(mentors, trainees, models, rng, clock, start, today)
        _ratings(people, models, rng, today)
        _contests(people, rng, start, today)
        sessions = _drills(branch, people, crews, rng, clock, start, today)
    stdout.write(
        f"  talent: {sessions} drills and lectures, {len(trainees)} trainees ({time.monotonic() - started:.1f} s)\n"
    )


def _workshop_path(branch: PartyOrg) -> str:
    from dangjian.org.models import OrgUnitLink

    link = OrgUnitLink.objects.filter(org=branch).select_related("unit").first()
    return link.unit.path if link else "/nothing/"


def _models(root, rng):
    models = []
    for post, cls, items in MODELS:
        model = services.model_save(actor=SYSTEM, org=root, post=post, talent_class=cls, description="")
        for n, (name, level) in enumerate(items, start=1):
            services.item_save(actor=SYSTEM, model=model, name=name, required_level=level, order=n)
        models.append(model)
    return models


def _pools(people, members, rng, start):
    mentors = rng.sample(members, min(8, len(members)))
    others = [p for p in people if p not in mentors]
    trainees = rng.sample(others, min(16, len(others)))
    talents = rng.sample([p for p in others if p not in trainees], min(10, len(others) - len(trainees)))
    classes = ("operating", "operating", "technical", "management")
    for pool, group in (("mentor", mentors), ("trainee", trainees), ("talent", talents)):
        for person in group:
            services.pool_add(
                actor=SYSTEM,
                person=person,
                pool=pool,
                talent_class=rng.choice(classes),
                specialty=rng.choice(("电解工", "计算机站", "天车工", "值班长")),
                joined_on=start,
            )
    return mentors, trainees


def _plans(mentors, trainees, models, rng, clock, start, today):
    criteria = list(services.criteria_for(trainees[0].branch))
    for n, trainee in enumerate(trainees[:12]):
        mentor = mentors[n % len(mentors)]
        begins = start + dt.timedelta(days=rng.randint(0, 120))
        clock.at(begins)
        plan = services.plan_save(
            actor=SYSTEM,
            trainee=trainee,
            mentor=mentor,
            target=models[n % len(models)],
            goals="一年内独立顶岗，掌握岗位能力价值模型全部能力项，达到要求等级。",
            starts_on=begins,
            ends_on=begins + dt.timedelta(days=300 if n < 5 else 420),
            make_pairing=n % 2 == 0,
        )
        if n < 4:
            clock.at(min(plan.ends_on, today))
            scores = {c.pk: rng.randint(62, 96) for c in criteria}
            services.plan_evaluate(actor=SYSTEM, plan=plan, scores=scores, note="师徒双方按计划完成培养任务。")


def _ratings(people, models, rng, today):
    rated = rng.sample(people, min(24, len(people)))
    for model in models:
        for item in model.items.all():
            for person in rated:
                level = max(1, min(5, item.required_level + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
                services.rating_set(actor=SYSTEM, person=person, item=item, level=level, rated_on=today)


def _contests(people, rng, start, today):
    for contest, level in CONTESTS:
        held = start + dt.timedelta(days=rng.randint(60, 330))
        for rank, person in enumerate(rng.sample(people, 4), start=1):
            services.contest_result_save(
                actor=SYSTEM,
                person=person,
                contest=contest,
                level=level,
                held_on=min(held, today),
                rank=rank,
                award=AWARDS.get(rank, "优秀奖"),
            )


def _drills(branch, people, crews, rng, clock, start, today) -> int:
    by_crew = {c.pk if c else None: [p for p in people if c and p.unit_id == c.pk] for c in crews}
    trainers = people[:6]
    sessions = [("drill", n) for n in range(DRILLS)] + [("lecture", n) for n in range(LECTURES)]
    for kind, n in sessions:
        if kind == "drill":
            day = start + dt.timedelta(days=(n * 364) // DRILLS + rng.randint(0, 2))
            crew = crews[n % len(crews)]
            crowd = by_crew.get(crew.pk if crew else None) or people
            topic = DRILL_TOPICS[n % len(DRILL_TOPICS)]
            scored = "practical" if n % 3 else "test"
        else:
            day = start + dt.timedelta(days=n * 30 + 14)
            crew, crowd, topic, scored = None, people, LECTURE_TOPICS[n % len(LECTURE_TOPICS)], ""
        day = min(day, today)
        clock.at(day, 16, 30)
        drill = services.drill_save(
            actor=SYSTEM,
            org=branch,
            kind=kind,
            topic=topic,
            held_on=day,
            unit=crew,
            trainer=rng.choice(trainers),
            scored_by=scored,
        )
        attendees = rng.sample(crowd, min(len(crowd), 8 if kind == "drill" else 15))
        rows = [(p, rng.random() > 0.08, Decimal(rng.randint(70, 98)) if scored else None) for p in attendees]
        services.drill_attendance_save(actor=SYSTEM, drill=drill, rows=rows)
    return len(sessions)
