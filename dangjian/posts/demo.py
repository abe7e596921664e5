"""The demo company's demonstration posts (seed 000: 60 responsibility zones, 39 pioneer posts, 120 task forces),
pairings with check-ins, and open challenges (揭榜挂帅) — accepted ones give their teams points through the ledger.

Posts are spread over the branches in proportion to their members; task forces of a branch with 党建+X projects are
linked to them. Written through the services as SYSTEM; idempotent (once the company has zones, nothing is done)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import PartyOrg, Person
from dangjian.posts import services
from dangjian.posts.models import ResponsibilityZone
from dangjian.projects.projects.models import Project

COUNTS = {"zones": 60, "pioneers": 39, "taskforces": 120}
ZONE_AREAS = ("{n}区电解槽", "{n}号机组", "{n}号生产线", "{n}号库区", "{n}段厂房", "{n}号配电室")
PIONEER_POSTS = ("值班长先锋岗", "安全监护先锋岗", "技术攻关先锋岗", "质量把关先锋岗", "设备点检先锋岗")
FORCE_PROBLEMS = (
    ("降低阳极效应系数攻坚小组", "阳极效应系数偏高，影响电流效率和能耗。"),
    ("降低吨铝直流电耗攻坚小组", "吨铝直流电耗高于行业标杆。"),
    ("设备故障率攻坚小组", "关键设备非计划停机偏多。"),
    ("安全隐患排查攻坚小组", "作业现场隐患整改不及时。"),
    ("物流降本攻坚小组", "原料运输成本偏高。"),
    ("机组煤耗攻坚小组", "供电煤耗高于设计值。"),
)
CHALLENGES = (
    ("提高电解槽电流效率0.3个百分点", "电流效率长期在92.1%附近徘徊，低于行业标杆93%。", "奖金3万元", "12"),
    ("降低氧化铝单耗", "氧化铝单耗偏高，需优化下料控制。", "奖金2万元", "10"),
    ("整流机组谐波治理", "谐波导致电容器频繁损坏。", "奖金1.5万元", "8"),
    ("铸造铝锭表面质量提升", "铝锭表面夹渣率偏高。", "奖金1万元", None),
    ("燃料掺烧经济性优化", "掺烧比例凭经验调整，经济性不稳定。", "奖金2万元", "10"),
    ("检测中心化验周期缩短", "化验周期长，影响生产调整。", "荣誉表彰", None),
)


def _spread(total: int, weights: list[int]) -> list[int]:
    """`total` split over weights, largest remainders first."""
    whole = sum(weights) or 1
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or ResponsibilityZone.objects.filter(org__path__startswith=root.path).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260602)
    branches = list(
        PartyOrg.objects.filter(path__startswith=root.path, kind__in=PartyOrg.BRANCH_KINDS).order_by("path")
    )
    people = {b.pk: list(Person.objects.filter(branch=b, active=True).order_by("employee_no")) for b in branches}
    members = {pk: [p for p in ps if p.is_party_member] for pk, ps in people.items()}
    branches = [b for b in branches if len(members[b.pk]) >= 2]
    projects = {b.pk: list(Project.objects.filter(owner=b).order_by("-year", "code")[:20]) for b in branches}
    weights = [len(members[b.pk]) for b in branches]
    start = dt.date(2021, 3, 1)
    with phase_atomic(), DemoClock(start) as clock:
        for kind, total in COUNTS.items():
            for branch, n in zip(branches, _spread(total, weights), strict=True):
                crew = members[branch.pk]
                for i in range(n):
                    picked = rng.sample(crew, min(len(crew), rng.randint(3, 6)))
                    begin = start + dt.timedelta(days=rng.randint(0, 600))
                    clock.at(begin)
                    if kind == "zones":
                        services.post_save(
                            actor=SYSTEM,
                            kind=kind,
                            org=branch,
                            name=f"{branch.name[:-3]}党员责任区{i + 1}",
                            starts_on=begin,
                            area=rng.choice(ZONE_AREAS).format(n=i + 1),
                            leader=picked[0],
                            goals="责任区内零违章、零事故；主要指标优于车间平均。",
                            members=picked,
                        )
                    elif kind == "pioneers":
                        services.post_save(
                            actor=SYSTEM,
                            kind=kind,
                            org=branch,
                            name=f"{picked[0].name}·{rng.choice(PIONEER_POSTS)}",
                            starts_on=begin,
                            holder=picked[0],
                            duties="亮身份、亮职责、亮承诺；带头攻坚，带头守规。",
                        )
                    else:
                        title, problem = rng.choice(FORCE_PROBLEMS)
                        linked = projects[branch.pk]
                        services.post_save(
                            actor=SYSTEM,
                            kind=kind,
                            org=branch,
                            name=f"{title}（{i + 1}）",
                            starts_on=begin,
                            problem=problem,
                            project=linked[i % len(linked)] if linked and i % 2 == 0 else None,
                            leader=picked[0],
                            members=picked,
                        )
        pairings = 0
        for branch in branches:
            helped = [p for p in people[branch.pk] if not p.is_party_member]
            for i in range(min(3, len(helped))):
                begin = start + dt.timedelta(days=rng.randint(0, 500))
                clock.at(begin)
                pairing = services.post_save(
                    actor=SYSTEM,
                    kind="pairings",
                    org=branch,
                    name=f"师带徒结对{i + 1}",
                    starts_on=begin,
                    member=rng.choice(members[branch.pk]),
                    colleague=helped[i],
                    goals="一年内独立上岗，取得中级工证书。",
                )
                for k in range(rng.randint(1, 4)):
                    day = min(begin + dt.timedelta(days=30 * (k + 1)), today)
                    clock.at(day)
                    services.checkin_add(
                        actor=SYSTEM,
                        pairing=pairing,
                        on=day,
                        note=rng.choice(("讲解操作规程", "现场示范换极作业", "谈心谈话", "指导备考技能鉴定")),
                    )
                pairings += 1
        challenges = _challenges(root, branches, members, rng, clock, today)
    stdout.write(
        f"Loaded demonstration posts: {sum(COUNTS.values())} zones, pioneer posts and task forces, {pairings} "
        f"pairings, {challenges} open challenges in {time.monotonic() - started:.1f} s."
    )


def _challenges(root, branches, members, rng, clock, today: dt.date) -> int:
    """Six 揭榜挂帅 challenges posted by the company: four accepted (points to their teams), one appointed, one open."""
    for n, (title, problem, reward, points) in enumerate(CHALLENGES):
        posted = today - dt.timedelta(days=330 - 50 * n)
        clock.at(posted)
        challenge = services.challenge_create(
            actor=SYSTEM,
            org=root,
            title=title,
            problem=problem,
            reward=reward,
            reward_points=Decimal(points) if points else None,
            deadline=posted + dt.timedelta(days=30),
        )
        if n == len(CHALLENGES) - 1:
            continue  # still open
        applications = []
        for branch in rng.sample(branches, 2):
            team = rng.sample(members[branch.pk], min(3, len(members[branch.pk])))
            clock.at(posted + dt.timedelta(days=10))
            applications.append(_apply(challenge, team, branch))
        clock.at(posted + dt.timedelta(days=31))
        services.challenge_appoint(actor=SYSTEM, challenge=challenge, application=applications[0])
        if n < 4:
            clock.at(min(posted + dt.timedelta(days=200), today))
            services.challenge_accept(actor=SYSTEM, challenge=challenge, result="目标达成，经验收专项工作组确认。")
    return len(CHALLENGES)


def _apply(challenge, team, branch):
    return services.challenge_apply(
        actor=SYSTEM,
        challenge=challenge,
        applicant=team[0],
        members=team[1:],
        team_name=f"{branch.name[:-3]}攻关队",
        plan="成立攻关队，三个月内拿出方案。",
    )
