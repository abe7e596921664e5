"""The demo company's publicity (seed 001: 五大平台 — the paper, the two forums): news columns, a few dozen articles
in every editorial state, a secretaries' forum (支部书记论坛, voting closed) and an innovation forum (创新创意论坛,
voting open) with presenters linked to 党建+X projects and 揭榜挂帅 challenges, and the audience's votes.

Written through the services as SYSTEM under the demo clock; idempotent (once the company has a column, nothing is
done)."""

from __future__ import annotations

import datetime as dt
import random
import time

from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import CommitteeSeat, PartyOrg, Person
from dangjian.posts.models import OpenChallenge
from dangjian.projects.projects.models import Project
from dangjian.publicity import services
from dangjian.publicity.models import Column
from dangjian.talent.models import Drill

COLUMNS = (
    ("公司要闻", "公司党委的重要会议、重点工作和重大活动。"),
    ("基层动态", "各党支部“三会一课”、主题党日和生产攻坚的新做法。"),
    ("党建+X风采", "党建+X项目的立项、攻坚和验收成果。"),
    ("先锋人物", "党员先锋岗、技术能手和身边的榜样。"),
    ("创新创意", "合理化建议、小改小革和揭榜挂帅的创新成果。"),
)
STORIES = (
    (
        "党建+X风采",
        "{org}：把支部建在生产线上，电流效率提升0.3个百分点",
        (
            "## 背景\n车间电流效率长期在92.1%附近徘徊，低于行业标杆93%。\n\n"
            "## 做法\n- 成立党员攻坚小组，盯住效应系数\n- 每班召开“班前五分钟”交底会\n- 月度评估对照目标查找偏差\n\n"
            "## 成效\n**电流效率提升0.3个百分点**，吨铝直流电耗下降约60千瓦时。"
        ),
    ),
    (
        "基层动态",
        "{org}开展“亮身份、亮职责、亮承诺”主题党日",
        "本月主题党日，支部全体党员重温入党誓词，结合岗位作出承诺。\n\n党员先锋岗逐一亮出承诺内容，接受职工群众监督。",
    ),
    (
        "先锋人物",
        "{org}党员先锋岗：连续三年零违章的值班长",
        "他把安全规程编成口诀，带着班组逐条演练。\n\n> 把自己能做好"
        "的事，百分之百做好。\n\n三年来，所在班组保持零违章、零事故。",
    ),
    (
        "创新创意",
        "{org}小改小革：一把改进的扳手节省换极时间",
        "班组党员针对换极作业耗时长的问题，自制专用扳手。\n\n1. 现场测量，找准卡点"
        "\n2. 试制三版，反复比对\n3. 推广到全车间\n\n每次换极节省约5分钟。",
    ),
    (
        "基层动态",
        "{org}召开组织生活会，聚焦降本增效找差距",
        "会上，支委班子带头查摆问题，党员逐一发言，互相提出批评意见。\n\n会议形成整改清单12项，明确责任人和完成时限。",
    ),
    (
        "公司要闻",
        "公司党委部署“党建+X”项目年度验收工作",
        "公司党委召开专题会议，部署年度验收评比工作。\n\n验收专项工作组将对照项目目标值、基准值和行业标杆逐项打分。",
    ),
)
# How many articles of each state, spread over the branches.
STATES = ["published"] * 24 + ["submitted"] * 4 + ["returned"] * 3 + ["draft"] * 4 + ["withdrawn"]
RESULTS = (
    "支部建在生产线上的“三个一”工作法",
    "党员责任区与班组经济核算联动",
    "“班前五分钟”宣讲常态化",
    "党小组设在横大班上的实践",
    "揭榜挂帅攻坚队的组建与激励",
    "党建+安全：隐患随手拍闭环管理",
)


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or Column.objects.filter(org__path__startswith=root.path).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260620)
    branches = list(
        PartyOrg.objects.filter(path__startswith=root.path, kind__in=PartyOrg.BRANCH_KINDS).order_by("path")
    )
    people = {
        b.pk: list(Person.objects.filter(branch=b, active=True, party_status="member").order_by("employee_no")[:40])
        for b in branches
    }
    branches = [b for b in branches if len(people[b.pk]) >= 3]
    start = today - dt.timedelta(days=200)
    with phase_atomic(), DemoClock(start) as clock:
        columns = {
            name: services.column_save(actor=SYSTEM, org=root, name=name, description=text, order=n)
            for n, (name, text) in enumerate(COLUMNS)
        }
        counts = _articles(root, branches, people, columns, rng, clock, today)
        forums = _forums(root, branches, people, rng, clock, today)
    stdout.write(
        f"Loaded publicity: {len(columns)} columns, {counts} articles, {forums} forum sessions "
        f"in {time.monotonic() - started:.1f} s."
    )


def _articles(root, branches, people, columns, rng, clock, today) -> int:
    for n, state in enumerate(STATES):
        branch = branches[n % len(branches)]
        column, title, body = STORIES[n % len(STORIES)]
        org = root if column == "公司要闻" else branch
        day = today - dt.timedelta(days=190 - n * 5)
        clock.at(day, 9)
        writer = rng.choice(people[branch.pk])
        article = services.article_create(
            actor=SYSTEM,
            org=org,
            column=columns[column],
            title=title.format(org=branch.name.removesuffix("党支部").removesuffix("党委")),
            summary=body.split("\n")[-1][:120].lstrip("#*> ").replace("**", ""),
            body=body,
            byline=writer.name,
        )
        if state == "draft":
            continue
        services.article_move(actor=SYSTEM, article=article, action="submit")
        if state == "submitted":
            continue
        clock.at(day + dt.timedelta(days=1), 10)
        if state == "returned":
            services.article_move(
                actor=SYSTEM, article=article, action="return", comment="请补充具体数据和现场照片说明。"
            )
            continue
        services.article_move(actor=SYSTEM, article=article, action="publish")
        if state == "withdrawn":
            clock.at(day + dt.timedelta(days=3), 10)
            services.article_move(
                actor=SYSTEM, article=article, action="withdraw", comment="数据口径有误，核实后重发。"
            )
    return len(STATES)


def _forums(root, branches, people, rng, clock, today) -> int:
    secretaries = {
        s.org_id: s.person
        for s in CommitteeSeat.objects.filter(org__in=branches, role="secretary", until__isnull=True).select_related(
            "person"
        )
    }
    audience = [p for b in branches for p in people[b.pk]]
    projects = list(
        Project.objects.filter(owner__in=branches, state__in=("accepted", "rated", "in_progress")).order_by(
            "-year", "code"
        )
    )
    by_owner = {}
    for project in projects:
        by_owner.setdefault(project.owner_id, project)
    # 支部书记论坛: the branch secretaries present their branches' work, linked to their projects; the vote is closed.
    held = today - dt.timedelta(days=90)
    clock.at(held - dt.timedelta(days=14))
    secretary_forum = services.forum_save(
        actor=SYSTEM,
        org=root,
        kind="secretary",
        code=f"LT-{held.year}-1",
        title=f"{held.year}年支部书记论坛",
        held_on=held,
        place="公司党员活动中心",
        theme="交流支部建在生产线上、党建与生产经营深度融合的经验。",
    )
    presenters = [b for b in branches if b.pk in secretaries][:6]
    for i, branch in enumerate(presenters):
        services.presentation_save(
            actor=SYSTEM,
            session=secretary_forum,
            presenter=secretaries[branch.pk],
            title=RESULTS[i % len(RESULTS)],
            summary=f"{branch.name}的做法与成效。",
            order=i + 1,
            project=by_owner.get(branch.pk),
        )
    clock.at(held, 14)
    services.forum_move(actor=SYSTEM, session=secretary_forum, action="open_voting")
    _votes(secretary_forum, rng.sample(audience, min(40, len(audience))), rng)
    clock.at(held, 17)
    services.forum_move(actor=SYSTEM, session=secretary_forum, action="close_voting")
    # 创新创意论坛: the 揭榜挂帅 teams and project task forces show their results; the vote is open today.
    held = today - dt.timedelta(days=2)
    clock.at(held - dt.timedelta(days=10))
    innovation = services.forum_save(
        actor=SYSTEM,
        org=root,
        kind="innovation",
        code=f"CX-{held.year}-1",
        title=f"{held.year}年创新创意论坛",
        held_on=held,
        place="公司报告厅",
        theme="党员带群众创新：揭榜挂帅和党建+X项目的创新成果发布。",
    )
    challenges = list(
        OpenChallenge.objects.filter(org=root, status="accepted").select_related("appointed__applicant")[:3]
    )
    taken = set()
    for i, challenge in enumerate(challenges):
        presenter = challenge.appointed.applicant
        taken.add(presenter.pk)
        services.presentation_save(
            actor=SYSTEM,
            session=innovation,
            presenter=presenter,
            title=challenge.title,
            summary=challenge.result or "",
            order=i + 1,
            challenge=challenge,
        )
    for i, project in enumerate(projects[:2], start=len(challenges) + 1):
        presenter = next((p for p in people.get(project.owner_id, []) if p.pk not in taken), None)
        if presenter is None:
            continue
        taken.add(presenter.pk)
        services.presentation_save(
            actor=SYSTEM,
            session=innovation,
            presenter=presenter,
            title=f"{project.title}的创新点",
            order=i,
            project=project,
        )
    # and a team's drill session (课后练兵) whose trainer shows the method they taught
    drill = (
        Drill.objects.filter(
            org__path__startswith=root.path, kind=Drill.Kind.DRILL, trainer__isnull=False, held_on__lte=held
        )
        .exclude(trainer_id__in=taken)
        .select_related("trainer")
        .order_by("-held_on", "id")
        .first()
    )
    if drill is not None:
        taken.add(drill.trainer_id)
        services.presentation_save(
            actor=SYSTEM,
            session=innovation,
            presenter=drill.trainer,
            title=f"课后练兵成果：{drill.topic}",
            summary="把练兵中总结的操作要点整理成班组标准作业卡，在全车间推广。",
            order=len(taken) + 1,
            drill=drill,
        )
    clock.at(held, 15)
    services.forum_move(actor=SYSTEM, session=innovation, action="open_voting")
    _votes(innovation, rng.sample(audience, min(18, len(audience))), rng)
    return 2


def _votes(session, voters, rng) -> None:
    presentations = list(session.presentations.all())
    weights = [len(presentations) - n for n in range(len(presentations))]
    for voter in voters:
        choices = [(p, w) for p, w in zip(presentations, weights, strict=True) if p.presenter_id != voter.pk]
        if not choices:
            continue
        chosen = rng.choices([p for p, _w in choices], weights=[w for _p, w in choices])[0]
        services.vote_cast(actor=SYSTEM, session=session, presentation=chosen, voter=voter)
