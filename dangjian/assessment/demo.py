"""The assessment's demo data (`manage.py seed_demo`), written through the services on the days things happened:

- the 双百分 template of the demo company (5 classes, 33 items, demo_data/template.py) for each year of the last 12
  months, weights 党建 0.6 / 生产 0.4, pay coefficient by rank;
- 95 key tasks of the potline system's four branches (demo_data/keytasks.py) for this year, closed out (销号) on time,
  late, awaiting confirmation, returned or overdue;
- 12 monthly periods for every branch: the earlier ones self-assessed, reviewed with deductions and locked, the current
  month open with a few branches part-way. The story: 电解三车间 (the main demo login's branch, with the +0.5 %
  current-efficiency project) climbs from the middle of the ranking to the top; 检测中心 stays near the top; the small
  热控车间 trails. Production scores are entered for every branch and month.
Idempotent: nothing is done once the company's template exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from dangjian.accounts.models import User
from dangjian.assessment import keytask_stats, services, workflow
from dangjian.assessment.demo_data import keytasks as kt_data
from dangjian.assessment.demo_data import template as tpl_data
from dangjian.assessment.models import KeyTask, Sheet, Template
from dangjian.core import months
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import CommitteeSeat, PartyOrg

SEED = 20260408
HALF = Decimal("0.5")
# How well each branch does its party work (share of the points), before noise; unnamed branches draw 0.84–0.93.
QUALITY = {"QNDL-JC": 0.95, "QNDL-RK": 0.74, "QNDL-DJ4": 0.80, "QNDL-JG1": 0.93}
PRODUCTION = {"QNDL-JC": 92, "QNDL-RK": 78, "QNDL-DJ4": 80, "QNDL-DJ1": 86, "QNDL-DJ2": 88}
STORY = "QNDL-DJ3"  # rises through the year


def _half(value: float) -> Decimal:
    return (Decimal(str(value)) / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF


class AssessmentSeeder:
    def __init__(self, *, today: dt.date, stdout):
        self.today, self.stdout = today, stdout
        self.rng = random.Random(SEED)
        self.clock = DemoClock(today)
        self.root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
        users = {u.username: u for u in User.objects.filter(username__in=["office", "secretary"])}
        self.office = users.get("office") or SYSTEM
        self.secretary = users.get("secretary") or SYSTEM
        self.orgs = {o.code: o for o in PartyOrg.objects.filter(path__startswith=self.root.path)}
        seats = CommitteeSeat.objects.filter(org__in=list(self.orgs.values()), role="secretary", until__isnull=True)
        self.secretaries = {s.org_id: s.person for s in seats.select_related("person")}

    def at(self, day: dt.date, hour: int = 9) -> None:
        self.clock.at(min(day, self.today), hour, self.rng.randrange(60))

    def branch_actor(self, org: PartyOrg):
        return self.secretary if org.code == STORY else SYSTEM

    def reviewer(self, org: PartyOrg):
        return SYSTEM if self.office is SYSTEM or workflow.is_own(self.office, org) else self.office

    # --- templates ------------------------------------------------------------------------------------------------

    def template(self, year: int) -> Template:
        found = Template.objects.filter(org=self.root, year=year).first()
        if found:
            return found
        template = services.template_create(
            actor=SYSTEM,
            org=self.root,
            year=year,
            name=f"旗能电铝{year}年党支部党建工作“双百分”考核细则",
            party_weight=Decimal("0.6"),
            production_weight=Decimal("0.4"),
            pay_scope=Template.PayScope.COMMITTEE,
            pay_bands="1:1.20, 3:1.10, 10:1.00, *:0.90",
        )
        for order, (category, code, title, pts, guide, freq, evidence, source, rule) in enumerate(tpl_data.ITEMS):
            fields = {"title": title, "max_points": Decimal(pts), "guide": guide, "frequency": freq}
            fields.update(evidence_required=evidence, source=source, order=order)
            if rule:
                fields.update(rule=rule[0], zero_at=Decimal(rule[1]), full_at=Decimal(rule[2]), thresholds=rule[3])
            services.item_upsert(actor=SYSTEM, template=template, category_name=category, code=code, **fields)
        return template

    # --- key tasks --------------------------------------------------------------------------------------------------

    def key_tasks(self, year: int) -> int:
        n = 0
        skill = {"QNDL-DJ1": 0.80, "QNDL-DJ2": 0.78, "QNDL-DJ3": 0.90, "QNDL-DJ4": 0.68}
        for b, (code, workshop) in enumerate(kt_data.WORKSHOPS):
            org = self.orgs.get(code)
            if org is None:
                continue
            rows = kt_data.TASKS if b < 3 else kt_data.TASKS[:-1]  # 24 + 24 + 24 + 23 = 95
            for i, (category, title, month, day, deliverable) in enumerate(rows, start=1):
                due = keytask_stats.due_in(year, month, day)
                self.at(dt.date(year, 1, 5))
                task, _action = services.keytask_upsert(
                    actor=SYSTEM,
                    code=f"ZG{year}-{b + 1}-{i:02d}",
                    year=year,
                    title=title.format(ws=workshop),
                    category=category,
                    owner_org=org,
                    owner=self.secretaries.get(org.pk),
                    due_on=due,
                    deliverable=deliverable,
                )
                self.live_task(task, org, skill[code], i)
                n += 1
        return n

    def live_task(self, task: KeyTask, org: PartyOrg, skill: float, index: int) -> None:
        """On time, late, awaiting confirmation, returned or overdue: each branch's 6th task is returned and its 9th
        awaits confirmation once they have fallen due; the rest are drawn by the branch's skill."""
        roll = self.rng.random()
        due, today = task.due_on, self.today
        owner = self.branch_actor(org)
        first = dt.date(due.year, 1, 6)
        if due >= today:
            if roll < 0.12 and due - dt.timedelta(days=25) < today:
                self.close(task, owner, max(today - dt.timedelta(days=self.rng.randint(1, 10)), first))
            return
        if index == 6 and due + dt.timedelta(days=3) <= today:
            self.close(task, owner, due, confirm=False)
            self.at(due + dt.timedelta(days=3))
            services.keytask_return(actor=self.reviewer(org), task=task, reason="交付成果未附佐证材料，请补充后再提交")
        elif index == 9:
            self.close(task, owner, due - dt.timedelta(days=1), confirm=False)
        elif roll < skill:
            self.close(task, owner, max(due - dt.timedelta(days=self.rng.randint(0, 6)), first))
        elif roll < skill + 0.12:
            self.close(task, owner, due + dt.timedelta(days=self.rng.randint(1, 12)))
        # otherwise: open and overdue

    def close(self, task: KeyTask, owner, on: dt.date, confirm: bool = True) -> None:
        if on > self.today:
            return
        self.at(on, 16)
        services.keytask_close(actor=owner, task=task, evidence=f"{task.deliverable}已完成，存支部档案盒", on=on)
        confirmed = on + dt.timedelta(days=2)
        if confirm and confirmed <= self.today:
            self.at(confirmed, 10)
            services.keytask_confirm(actor=self.reviewer(task.owner_org), task=task)

    # --- monthly periods --------------------------------------------------------------------------------------------

    def quality(self, org: PartyOrg, step: int) -> float:
        if org.code == STORY:
            return min(0.99, 0.80 + 0.02 * step)  # 0.80 → 0.99 over the year
        if org.code not in QUALITY:
            QUALITY[org.code] = 0.84 + 0.09 * random.Random(org.code).random()
        return QUALITY[org.code]

    def production_score(self, org: PartyOrg, step: int) -> Decimal:
        if org.code == STORY:
            base = 80 + 1.6 * step
        else:
            base = PRODUCTION.setdefault(org.code, 82 + int(10 * random.Random(org.code + "p").random()))
        return Decimal(str(min(99.5, base + self.rng.uniform(-3, 3)))).quantize(Decimal("0.1"))

    def self_assess(self, sheet: Sheet, q: float, partial: bool = False) -> None:
        entries = {}
        for line in sheet.lines.select_related("item"):
            if line.automatic:
                continue
            if partial and self.rng.random() < 0.5:
                continue
            item = line.item
            share = max(0.4, min(1.0, q + self.rng.uniform(-0.10, 0.06)))
            score = min(_half(float(item.max_points) * share), item.max_points)
            evidence = tpl_data.EVIDENCE.get(item.code, "")
            if item.evidence_required and not evidence:
                evidence = "见支部台账"
            entries[item.code] = (score, evidence.format(n=self.rng.randint(3, 60)), "")
        if entries:
            services.sheet_self_assess(actor=self.branch_actor(sheet.org), sheet=sheet, entries=entries)

    def deduct(self, sheet: Sheet, q: float) -> None:
        entries = {}
        for line in sheet.lines.select_related("item"):
            reason = tpl_data.DEDUCTIONS.get(line.item.code)
            start = line.start_points or Decimal(0)
            if reason and start >= 1 and self.rng.random() < (1 - q) * 0.9:
                entries[line.item.code] = (min(Decimal(self.rng.choice([1, 1, 2])), start), reason)
        if entries:
            services.sheet_deductions(actor=self.reviewer(sheet.org), sheet=sheet, entries=entries)

    def month(self, template: Template, month: dt.date, step: int, current: bool) -> None:
        self.at(month, 8)
        period = services.period_open(actor=self.office, template=template, month=month)
        sheets = list(period.sheets.select_related("org").order_by("org__path"))
        done = months.last_day(month)
        if not current:
            self.at(done + dt.timedelta(days=2), 17)
            by_reviewer = {}  # the office never scores its own member's branch: the system does that one
            for s in sheets:
                by_reviewer.setdefault(self.reviewer(s.org), {})[s.org] = str(self.production_score(s.org, step))
            for actor, values in by_reviewer.items():
                services.production_scores_set(actor=actor, month=month, values=values)
        for n, sheet in enumerate(sheets):
            q = self.quality(sheet.org, step)
            if current:
                if sheet.org.code == STORY or n % 4 == 0:
                    self.at(self.today, 15)
                    self.self_assess(sheet, q, partial=sheet.org.code == STORY)
                continue
            self.at(done + dt.timedelta(days=3 + n % 3), 10)
            self.self_assess(sheet, q)
            services.sheet_transition(actor=self.branch_actor(sheet.org), sheet=sheet, action=workflow.SUBMIT)
            self.at(done + dt.timedelta(days=6), 14)
            self.deduct(sheet, q)
            services.sheet_transition(actor=self.reviewer(sheet.org), sheet=sheet, action=workflow.REVIEW)
        if not current:
            self.at(done + dt.timedelta(days=8), 11)
            services.period_lock(actor=self.office, period=period)

    def run(self) -> None:
        started = time.monotonic()
        this_month = months.first_of(self.today)
        span = [months.add_months(this_month, -i) for i in range(11, -1, -1)]
        with self.clock, phase_atomic():
            templates = {year: self.template(year) for year in sorted({m.year for m in span})}
            tasks = self.key_tasks(self.today.year)
            for step, month in enumerate(span):
                self.month(templates[month.year], month, step, current=month == this_month)
        self.stdout.write(
            f"Assessment: {len(templates)} templates of {len(tpl_data.ITEMS)} items, {len(span)} months for "
            f"{Sheet.objects.filter(period__month=this_month).count()} branches, {tasks} key tasks in "
            f"{time.monotonic() - started:.1f} s."
        )


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None:
        return
    if Template.objects.filter(org=root).exists():
        stdout.write("Assessment: already loaded; nothing to do.")
        return
    AssessmentSeeder(today=today, stdout=stdout).run()
