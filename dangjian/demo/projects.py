"""The demo's 党建+X projects (seed 000): the 68 projects of 2020–2022 lived through from 立项 to 评比, and the
projects under way on the seed day in every other state.

Every row is written by the services, on the day it would have happened (clock.py), so each project has its history,
its audit rows, monthly reviews with actual values, tasks done with evidence, an on-site check in July and a place in
its year's acceptance panel (panels.py). Reviews are monthly from 2022, when the platform came; 2020 and 2021
carry quarter-end reviews. 电解三车间's projects are moved by the `secretary` login; the other branches
have no demo login, so the system actor moves theirs; 党群工作部 (`office`) approves, inspects, accepts and rates.

A goal reads production data (source "series") when the demo has that indicator with data at the project's unit in
its period; otherwise its actual values are entered in the monthly reviews, drawn along the straight line from the
baseline to the final value (seed 000: every project met or beat its goals).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core import months
from dangjian.core.notifications.services import notifications_read_as_of
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import TZ, DemoClock
from dangjian.demo.data import project_plans as plans
from dangjian.demo.data import qineng
from dangjian.demo.data.projects import PROJECTS, G, P
from dangjian.demo.panels import PANEL_LOGINS, open_panel, run_panel
from dangjian.demo.projects_now import live_now
from dangjian.indicators.models import Indicator
from dangjian.indicators.rollup import rollup
from dangjian.org.models import CommitteeSeat, PartyOrg, Person, Unit
from dangjian.projects.boards.actuals import latest_actuals
from dangjian.projects.projects import services
from dangjian.projects.projects.models import Project
from dangjian.projects.reviews.rag import num
from dangjian.projects.reviews.services import review_save

SEED = 2020
YEARS = (2020, 2021, 2022)
# Seed 000: 294 measures, 90-odd sub-plans and 118 tasks for the 68 projects (each has at least 4, 1 and 1).
TOTALS = {"measures": (294, 4), "sub_plans": (92, 1), "tasks": (118, 1)}
RETURNED = 4  # projects sent back once for a higher target before approval
# The platform came in 2022 (seed 000's third step): 2020 and 2021 carry the quarter-end reviews entered when their
# paper records were moved in; from 2022 every month is reviewed.
MONTHLY_FROM, QUARTER_ENDS = 2022, (3, 6, 9, 12)
NARRATIVES = (
    "{focus}按计划推进，党员攻坚小组完成本月攻关任务。",
    "本月围绕{focus}开展现场攻关，主要指标稳中向好。",
    "党员先锋岗带头落实措施，{focus}进度符合计划。",
)
PROBLEMS = ("个别班组措施落实不到位。", "设备检修对部分指标有影响。", "原料质量波动对指标有影响。", "")
NEXT_STEPS = ("巩固已有措施，重点帮扶薄弱班组。", "组织一次现场观摩和经验交流。", "按计划推进剩余工作任务。")
MEETINGS = ("{m}月支委会", "{m}月主题党日", "{m}月党支部党员大会")
APPROVALS = ("同意立项。", "目标明确，措施可行，同意立项。", "同意立项，请按月评估推进情况。")
RETURN_REASON = "目标值偏低，请对标行业标杆调高目标后重新报批。"
FINDINGS = (
    "年中现场检查：措施落实到位，台账资料齐全，目标进度符合计划。建议加强过程数据分析。",
    "年中现场检查：党员攻坚小组作用发挥明显，现场展板内容及时更新。个别工作任务需加快进度。",
    "年中现场检查：项目推进有序，主要指标好于计划进度。建议总结经验做法并推广。",
)


def D(text: str) -> Decimal:
    return Decimal(text)


def places(*values: Decimal) -> int:
    return max(-v.as_tuple().exponent for v in values)


@dataclass
class Cast:
    """Who and what the projects are about, read from the demo company: orgs, secretaries, members, units, logins."""

    orgs: dict[str, PartyOrg]
    secretaries: dict[int, Person]
    people: list[Person]
    units: dict[str, Unit]
    users: dict[str, User]
    indicators: dict[str, Indicator]

    @classmethod
    def load(cls) -> Cast:
        root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
        orgs = {o.code: o for o in PartyOrg.objects.filter(path__startswith=root.path)}
        seats = CommitteeSeat.objects.filter(org__in=list(orgs.values()), role="secretary").select_related("person")
        people = Person.objects.filter(branch__path__startswith=root.path, party_status="member")
        usernames = ["secretary", "office", *PANEL_LOGINS]
        return cls(
            orgs=orgs,
            secretaries={s.org_id: s.person for s in seats.order_by("since")},
            people=list(people.select_related("branch").order_by("employee_no")),
            units={u.code: u for u in Unit.objects.filter(code__startswith="QN")},
            users={u.username: u for u in User.objects.filter(username__in=usernames)},
            indicators={i.code: i for i in Indicator.objects.filter(active=True)},
        )

    def members(self, org: PartyOrg) -> list[Person]:
        return [p for p in self.people if p.branch.path.startswith(org.path)]


def ready() -> str:
    """Why the projects cannot be seeded on this database ('' when they can): the logins that make the history must
    exist and have held their roles since before 2020 (a demo loaded by an older seed_demo has neither)."""
    wanted = {"secretary", "office", *PANEL_LOGINS}
    held = set(
        RoleAssignment.objects.filter(user__username__in=wanted, since__lt=dt.date(2020, 1, 1)).values_list(
            "user__username", flat=True
        )
    )
    missing = sorted(wanted - held)
    return f"the demo logins {', '.join(missing)} are missing or too new; reload the demo" if missing else ""


def seeded() -> bool:
    """Whether the demo company already has its projects (the seed runs once)."""
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    return root is not None and Project.objects.filter(owner__path__startswith=root.path).exists()


def quoted(focus: str) -> str:
    """“focus”, unless it has quotation marks of its own (“六不能一切换”与“四个0.1”攻坚)."""
    return focus if "“" in focus else f"“{focus}”"


def allocate(rng: random.Random, n: int, total: int, base: int) -> list[int]:
    counts = [base] * n
    for i in rng.sample(range(n), total - base * n):
        counts[i] += 1
    return counts


class ProjectSeeder:
    """Lives the demo projects through the services. `today` anchors the projects under way (see project_plans.NOW)."""

    def __init__(self, *, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.cast = Cast.load()
        self.office = self.cast.users["office"]
        self.clock = DemoClock(today)
        # Projects whose final values are the article's figures.
        self.flagships = {spec.title for spec in PROJECTS if any(g.actual for g in spec.goals)}

    # --- helpers ------------------------------------------------------------------------------------------------------

    def org(self, short: str) -> PartyOrg:
        return self.cast.orgs[f"{qineng.ROOT_CODE}-{short}"]

    def owner_actor(self, org: PartyOrg):
        return self.cast.users["secretary"] if org.code == "QNDL-DJ3" else SYSTEM

    def at(self, day: dt.date, hour: int = 9, minute: int | None = None) -> None:
        self.clock.at(day, hour, self.rng.randrange(60) if minute is None else minute)

    def move(self, actor, project: Project, action: str, comment: str = "") -> Project:
        return services.project_transition(actor=actor, project=project, action=action, comment=comment)

    def year_before(self, goal: G, unit_code: str, start: dt.date, end: dt.date) -> tuple[Indicator, Decimal] | None:
        """The demo indicator a goal reads and its value over the 12 months before the project — when the demo has
        that indicator with data at the unit both then and in the project's period."""
        indicator, unit = self.cast.indicators.get(goal.code), self.cast.units.get(unit_code)
        if indicator is None or unit is None:
            return None
        before = rollup(indicator, unit, months.add_months(start, -12), start - dt.timedelta(days=1))
        if before is None or rollup(indicator, unit, start, end) is None:
            return None
        if indicator.rollup == Indicator.Rollup.SUM:
            before /= 12  # a quantity (元, kWh) is planned per month, as its actual value is read
        return indicator, before.quantize(D(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)

    def goal_fields(self, goal: G, order: int, unit_code: str, start: dt.date, end: dt.date, soften: bool = False):
        """A goal's plan row. One that reads production data is planned against the data: its baseline is the year
        before the project, its target that plus the planned change."""
        baseline, target = D(goal.baseline), D(goal.target)
        unit_code = goal.unit or unit_code
        found = self.year_before(goal, unit_code, start, end) if goal.code else None
        if found:
            baseline, target = found[1], found[1] + target - baseline
        change = (target - baseline) * (D("0.8") if soften else 1)  # soften: the first, lower target of a return
        target = (baseline + change).quantize(D(1).scaleb(-places(baseline, target)))
        fields = {
            "indicator_name": goal.name,
            "unit_of_measure": goal.uom,
            "baseline": baseline,
            "target": target,
            "benchmark": D(goal.benchmark) if goal.benchmark else (found[0].benchmark if found else None),
            "direction": "lower" if target < baseline else "higher",
            "source": "review",
            "order": order,
        }
        if found:
            fields.update(source="series", indicator=found[0], unit=self.cast.units[unit_code])
        return fields

    def final_value(self, goal: G) -> Decimal:
        """The goal's value at the end: the article's figure, or at or a little beyond the target."""
        baseline, target = D(goal.baseline), D(goal.target)
        if goal.actual:
            return D(goal.actual)
        beyond = target + (target - baseline) * D(self.rng.choice(("0", "0", "0.03", "0.06", "0.1")))
        if goal.uom == "%":
            beyond = min(beyond, D(100))
        return max(beyond, D(0)).quantize(D(1).scaleb(-places(baseline, target)))

    def value_at(self, goal: G, final: Decimal, share: Decimal) -> Decimal:
        """The goal's value once `share` of its way from the baseline to `final` is covered."""
        baseline, target = D(goal.baseline), D(goal.target)
        shown = places(baseline, target, final) + (1 if abs(target - baseline) < 1 else 0)
        value = baseline + (final - baseline) * min(share, D(1))
        if goal.uom == "%":
            value = min(value, D(100))
        return max(value, D(0)).quantize(D(1).scaleb(-min(shown, 4)), rounding=ROUND_HALF_UP)

    def create(self, *, owner: PartyOrg, title: str, domain: str, problem: str, year: int, starts_on, ends_on):
        actor = self.owner_actor(owner)
        secretary = self.cast.secretaries.get(owner.pk)
        crew = [p for p in self.cast.members(owner) if p != secretary]
        team = [(secretary, "leader")] if secretary else []
        team += [(p, "member") for p in self.rng.sample(crew, min(len(crew), self.rng.randint(2, 4)))]
        focus = title.split("：")[-1] if "：" in title else title.removeprefix("党建+")
        rationale = self.rng.choice(plans.RATIONALES[domain]).format(
            owner=owner.name, focus=focus, quoted=quoted(focus)
        )
        project = services.project_create(
            actor=actor,
            owner=owner,
            title=title,
            domain=domain,
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            secretary=secretary,
            problem=problem,
            rationale=rationale,
            members=team,
        )
        return project, [p for p, _role in team], focus

    def plan_rows(self, domain: str, focus: str, people: list[Person], counts: dict[str, int], due: list[dt.date]):
        """Measures, sub-plans and tasks for one project, as plan changes (section, None, fields)."""
        rng, changes = self.rng, []
        n = counts["measures"]
        texts = rng.sample(plans.PARTY_MEASURES, 2) + rng.sample(plans.MEASURES[domain], n - 2)
        for i, text in enumerate(texts):
            changes.append(
                (
                    "measures",
                    None,
                    {"text": text.format(focus=focus, quoted=quoted(focus)), "owner": rng.choice(people), "order": i},
                )
            )
        for i, (title, content) in enumerate(rng.sample(plans.SUB_PLANS, counts["sub_plans"])):
            fields = {"title": f"{focus}{title}", "content": content, "owner": rng.choice(people), "order": i}
            changes.append(("sub_plans", None, fields))
        for i, title in enumerate(rng.sample(plans.TASKS[domain], counts["tasks"])):
            fields = {"title": title, "owner": rng.choice(people), "due_on": due[i], "order": i}
            changes.append(("tasks", None, fields))
        return changes

    def review(self, actor, project, month, values: dict, tasks_done: int, tasks_total: int, submit=True):
        """The month's review with the goals' values entered in it, submitted unless `submit` is False (a draft)."""
        focus = project.title.split("：")[-1]
        review_save(
            actor=actor,
            project=project,
            month=month,
            actuals=values,
            submit=submit,
            task_progress=f"截至{month.month}月底，工作任务完成{tasks_done}/{tasks_total}项。",
            narrative=self.rng.choice(NARRATIVES).format(focus=focus),
            problems=self.rng.choice(PROBLEMS),
            next_steps=self.rng.choice(NEXT_STEPS),
            held_at=self.rng.choice(MEETINGS).format(m=month.month),
        )

    def report_results(self, actor, project: Project, domain: str) -> None:
        """The results (结题) in words, from each goal's latest actual value: in the reviews or in the data."""
        goals = list(project.goals.select_related("project", "indicator", "unit").order_by("order"))
        actuals = latest_actuals(goals, user=SYSTEM)
        lines, met = [], True
        for goal in goals:
            actual, uom = actuals[goal.pk].value, goal.unit_of_measure
            if actual is None:
                met = False
                continue
            higher = goal.direction == "higher"
            met = met and (actual >= goal.target if higher else actual <= goal.target)
            shown = actual.quantize(D(1).scaleb(-places(goal.baseline.normalize(), goal.target.normalize())))
            lines.append(
                f"{goal.indicator_name}由{num(goal.baseline)}{uom}到{num(shown)}{uom}（目标{num(goal.target)}{uom}）"
            )
        opening = "项目目标全部完成" if met else "项目主要目标基本完成"
        services.project_report_results(
            actor=actor,
            project=project,
            results_summary=f"{opening}：{'；'.join(lines)}。",
            highlights=plans.HIGHLIGHTS[domain],
        )

    # --- 2020–2022 ----------------------------------------------------------------------------------------------------

    def live(self, spec: P, index: int, counts: dict[str, int], returned: bool) -> Project:
        """One project of 2020–2022 from 立项 to its on-site check, monthly reviews and results (all before the
        panel meets in late December)."""
        rng, year = self.rng, spec.year
        owner = self.org(spec.owner)
        actor = self.owner_actor(owner)
        starts_on, ends_on = dt.date(year, spec.start or (2 if index % 3 else 3), 1), dt.date(year, 12, 31)
        # Planned about four weeks ahead: a January project in the December before.
        day = starts_on - dt.timedelta(days=28 - index % 10)
        self.at(day, 9 + index % 8)
        project, people, focus = self.create(
            owner=owner,
            title=spec.title,
            domain=spec.domain,
            problem=spec.problem,
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        span = (dt.date(year, 11, 30) - starts_on).days
        due = [starts_on + dt.timedelta(days=span * (k + 1) // (counts["tasks"] + 1)) for k in range(counts["tasks"])]
        changes = [
            ("goals", None, self.goal_fields(g, i, spec.unit, starts_on, ends_on, soften=returned))
            for i, g in enumerate(spec.goals)
        ]
        services.plan_apply(
            actor=actor, project=project, changes=changes + self.plan_rows(spec.domain, focus, people, counts, due)
        )
        day += dt.timedelta(days=1)
        self.at(day, 10)
        self.move(actor, project, "submit")
        if returned:
            day += dt.timedelta(days=3)
            self.at(day, 15)
            self.move(self.office, project, "return", RETURN_REASON)
            day += dt.timedelta(days=2)
            self.at(day, 11)
            goal_rows = list(project.goals.order_by("order"))
            fixes = [
                ("goals", row.pk, {"target": row.baseline + D(g.target) - D(g.baseline)})
                for row, g in zip(goal_rows, spec.goals, strict=True)
            ]
            services.plan_apply(actor=actor, project=project, changes=fixes)
            self.move(actor, project, "submit", "已按意见对标行业标杆调高目标值，重新报批。")
        day += dt.timedelta(days=rng.randint(2, 5))
        self.at(day, 16)
        self.move(self.office, project, "approve", rng.choice(APPROVALS))
        self.at(starts_on + dt.timedelta(days=3 if starts_on.month == 1 else 0), 8, 30)  # after the new-year holiday
        self.move(actor, project, "start", "项目启动，党员攻坚小组进入现场。")

        goals = list(project.goals.select_related("project", "indicator", "unit").order_by("order"))
        finals = {row.pk: self.final_value(g) for row, g in zip(goals, spec.goals, strict=True)}
        tasks = list(project.tasks.order_by("order"))
        done = {t.pk: max(starts_on, t.due_on - dt.timedelta(days=rng.randint(0, 10))) for t in tasks}
        events = []  # (day, hour, what) in the order they happened
        reviewed = (
            range(starts_on.month, 13) if year >= MONTHLY_FROM else [m for m in QUARTER_ENDS if m >= starts_on.month]
        )
        for month in [dt.date(year, m, 1) for m in reviewed]:
            written = dt.date(year, month.month + 1, rng.randint(3, 7)) if month.month < 12 else dt.date(year, 12, 20)
            events.append((written, 16, ("review", month)))
        events += [(done[t.pk], 17, ("task", t)) for t in tasks]
        events.append((dt.date(year, 7, rng.randint(10, 25)), 10, ("inspect", None)))
        if spec.rule:
            on = max(dt.date(year, rng.randint(5, 10), rng.randint(5, 25)), starts_on + dt.timedelta(days=30))
            events.append((on, 14, ("rule", spec.rule)))
        events.append((dt.date(year, 12, 21), 10, ("results", None)))  # after December's review
        total = len(tasks)
        for day, hour, (what, item) in sorted(events, key=lambda e: (e[0], e[1])):
            self.at(day, hour)
            if what == "review":
                share = D(months.count(starts_on, item)) / D(months.count(starts_on, ends_on))
                share = share * (1 + D(rng.randint(0, 8)) / 100)
                values = {
                    row.pk: self.value_at(g, finals[row.pk], share)
                    for row, g in zip(goals, spec.goals, strict=True)
                    if row.source == "review"
                }
                finished = sum(1 for d in done.values() if d <= months.last_day(item))
                self.review(actor, project, item, values, finished, total)
            elif what == "task":
                evidence = f"{item.title}{rng.choice(plans.EVIDENCE)}"
                services.task_report(actor=actor, task=item, done_on=day, evidence=evidence)
            elif what == "inspect":
                self.move(self.office, project, "inspect", rng.choice(FINDINGS))
            elif what == "rule":
                fields = {"title": item, "kind": rng.choice(("revised", "revised", "new")), "on": day, "order": 0}
                services.plan_item_save(actor=actor, project=project, section="rule_revisions", **fields)
            else:
                self.report_results(actor, project, spec.domain)
        return project

    def history(self) -> dict[int, list[Project]]:
        by_year: dict[int, list[Project]] = defaultdict(list)
        counts = {name: allocate(self.rng, len(PROJECTS), *total) for name, total in TOTALS.items()}
        returned = set(self.rng.sample(range(len(PROJECTS)), RETURNED))
        for n, spec in enumerate(PROJECTS):
            index = len(by_year[spec.year])
            project = self.live(spec, index, {name: c[n] for name, c in counts.items()}, n in returned)
            by_year[spec.year].append(project)
        return by_year

    def run(self) -> str:
        with self.clock:
            by_year = self.history()
            for year in YEARS:
                run_panel(self, year, by_year[year], keep_accepted=2 if year == YEARS[-1] else 0)
            live_now(self)
            open_panel(self, self.today.year - 1)  # last year's acceptance, under way
        # The years' notices (a project approved) were read at the time; the last week's are still new.
        recent = dt.datetime.combine(self.today - dt.timedelta(days=7), dt.time(), tzinfo=TZ)
        root = self.cast.orgs[qineng.ROOT_CODE]
        notifications_read_as_of(
            actor=SYSTEM, about=Project.objects.filter(owner__path__startswith=root.path), before=recent
        )
        done = sum(len(p) for p in by_year.values())
        return f"the 党建+X projects: {done} of {YEARS[0]}–{YEARS[-1]} accepted and rated, {len(plans.NOW)} under way"
