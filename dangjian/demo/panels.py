"""The demo's year-end acceptance (验收) and rating (评比) for 2020–2022: one panel a year over the whole company,
set up by 党群工作部 in early December, five members from the departments seed 000 names (a company leader and
安全环保部, 生产设备部, 财务资产部, 人力资源部 — the demo's panel logins), every member scoring every project on the
qualitative criteria, the panel submitted (goal attainment computed from the projects' actual values, results and
ranks locked), awards given by rank and locked; then each project is accepted and, in early January, rated.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.demo.data import qineng
from dangjian.projects.acceptance import services as acceptance
from dangjian.projects.acceptance.models import Award, Criterion, Grade
from dangjian.projects.projects.models import Project

# The panel logins (qineng.LOGINS) and the department each sits for.
PANEL_LOGINS = {
    "panel_lead": "leadership",
    "panel": "safety_env",
    "panel_prod": "production",
    "panel_fin": "finance",
    "panel_hr": "hr",
}
ATTAINMENT_WEIGHT = 40
QUALITATIVE = (
    {"name": "党建融合", "description": "党建工作与项目推进融合的深度：组织、党员、机制。", "weight": 30},
    {"name": "示范带动", "description": "党员先锋作用、经验总结和推广价值。", "weight": 30},
)
# Awards by rank: one first prize, two second, three third, then five excellent projects.
AWARDS = [Award.FIRST] + [Award.SECOND] * 2 + [Award.THIRD] * 3 + [Award.EXCELLENT_PROJECT] * 5
GRADE_WORDS = {Grade.EXCELLENT: "优秀", Grade.GOOD: "良好", Grade.PASS: "合格", Grade.FAIL: "不合格"}
AWARD_WORDS = {
    Award.FIRST: "一等奖",
    Award.SECOND: "二等奖",
    Award.THIRD: "三等奖",
    Award.EXCELLENT_PROJECT: "优秀项目",
}


def run_panel(seeder, year: int, projects: list[Project], keep_accepted: int = 0) -> None:
    """The acceptance and rating of `year`'s projects; the `keep_accepted` lowest-ranked stay accepted (not yet
    rated), so the demo shows that stage too."""
    rng, office, clock = seeder.rng, seeder.office, seeder.clock
    root = seeder.cast.orgs[qineng.ROOT_CODE]
    clock.at(dt.date(year, 12, 8), 10)
    panel = acceptance.panel_create(actor=office, org=root, year=year, name=f"{year}年度“党建+X”项目验收专项工作组")
    acceptance.criteria_set(
        actor=office, panel=panel, attainment_weight=ATTAINMENT_WEIGHT, qualitative=[dict(c) for c in QUALITATIVE]
    )
    members = [seeder.cast.users[username] for username in PANEL_LOGINS]
    for user, department in zip(members, PANEL_LOGINS.values(), strict=True):
        acceptance.panel_member_add(actor=office, panel=panel, user=user, department=department)
    criteria = list(panel.criteria.filter(kind=Criterion.Kind.QUALITATIVE).order_by("order"))
    # Each project's standing with the panel, around which each member's own judgement varies a little.
    # The article's own projects (their goals carry its figures) stand out; the rest spread from good to excellent.
    flagships = {p.pk for p in projects if p.title in seeder.flagships}
    standing = {p.pk: rng.randint(90, 97) if p.pk in flagships else rng.randint(66, 90) for p in projects}
    for n, user in enumerate(members):
        clock.at(dt.date(year, 12, 21 + n), 16, rng.randrange(60))
        scores = []
        for project in projects:
            for criterion in criteria:
                value = min(100, standing[project.pk] + rng.randint(-4, 4))
                scores.append({"project": project, "criterion": criterion, "value": Decimal(value), "comment": ""})
        acceptance.scores_save(actor=user, panel=panel, scores=scores)
    clock.at(dt.date(year, 12, 28), 15, 30)
    results = sorted(acceptance.panel_submit(actor=office, panel=panel), key=lambda r: (r.rank, r.project.code))
    awarded = {r.project_id: award for r, award in zip(results, AWARDS, strict=False) if r.grade != Grade.FAIL}
    clock.at(dt.date(year, 12, 29), 10, 0)
    acceptance.awards_set(actor=office, panel=panel, awards=awarded)
    clock.at(dt.date(year, 12, 30), 9, 0)
    acceptance.panel_lock(actor=office, panel=panel)
    by_pk = {p.pk: p for p in projects}
    for result in results:
        clock.at(dt.date(year, 12, 30), 10, rng.randrange(60))
        grade = GRADE_WORDS[result.grade]
        comment = f"验收通过：综合得分{result.final_score}，等级{grade}，排名第{result.rank}。"
        seeder.move(office, by_pk[result.project_id], "accept", comment)
    to_rate = results[: len(results) - keep_accepted] if keep_accepted else results
    for result in to_rate:
        clock.at(dt.date(year + 1, 1, 8), 15, rng.randrange(60))
        award = awarded.get(result.project_id)
        words = AWARD_WORDS[award] if award else GRADE_WORDS[result.grade]
        seeder.move(office, by_pk[result.project_id], "rate", f"{year}年度“党建+X”项目评比：{words}。")


# Who has already filled in their sheet of the panel still open today (the others find it in their inbox).
OPEN_PANEL_DONE = ("panel_lead", "panel_hr")


def open_panel(seeder, year: int) -> None:
    """The acceptance of last year's projects, under way today: 党群工作部 set the panel up a week ago and seated
    the five members (each gets their sheet in the work inbox); two have scored every inspected project, the others
    have not yet (the 安环 login among them: a sheet waits at the top of its home page)."""
    rng, office, clock, today = seeder.rng, seeder.office, seeder.clock, seeder.today
    root = seeder.cast.orgs[qineng.ROOT_CODE]
    clock.at(today - dt.timedelta(days=7), 10)
    panel = acceptance.panel_create(actor=office, org=root, year=year, name=f"{year}年度“党建+X”项目验收专项工作组")
    acceptance.criteria_set(
        actor=office, panel=panel, attainment_weight=ATTAINMENT_WEIGHT, qualitative=[dict(c) for c in QUALITATIVE]
    )
    for username, department in PANEL_LOGINS.items():
        acceptance.panel_member_add(actor=office, panel=panel, user=seeder.cast.users[username], department=department)
    criteria = list(panel.criteria.filter(kind=Criterion.Kind.QUALITATIVE).order_by("order"))
    projects = list(Project.objects.filter(year=year, owner__path__startswith=root.path, state="inspected"))
    for n, username in enumerate(OPEN_PANEL_DONE):
        clock.at(today - dt.timedelta(days=3 - n), 16, rng.randrange(60))
        scores = [
            {"project": p, "criterion": c, "value": Decimal(rng.randint(80, 92)), "comment": ""}
            for p in projects
            for c in criteria
        ]
        acceptance.scores_save(actor=seeder.cast.users[username], panel=panel, scores=scores)
