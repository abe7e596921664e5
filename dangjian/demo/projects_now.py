"""The demo projects under way on the seed day (project_plans.NOW), so every stage of the lifecycle shows: drafts,
projects waiting for approval, one returned and one rejected with reasons, one approved and not yet started,
projects running with their monthly reviews — most on track, one with last month's review not written yet, one behind
its path, one with two months unreviewed and a task over a month overdue — two checked on site, one cancelled.

Dates count back from the seed day; nothing happens on or after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import months
from dangjian.demo.data import project_plans as plans
from dangjian.projects.projects import services

DAY = dt.timedelta(days=1)
RUNNING = ("in_progress", "inspected", "cancelled")
# Days before the seed day of each step for a project that has not started: (create, submit, decide).
NOT_STARTED = {
    "proposed": (6, None, None),
    "submitted": (9, 8, None),
    "returned": (20, 19, 15),
    "approved": (20, 18, 12),
    "rejected": (30, 28, 25),
}
DECISION = {"returned": "return", "approved": "approve", "rejected": "reject"}
AHEAD = {"ok": (100, 105), "late": (100, 104), "behind": (68, 72), "lapsed": (96, 100), "overdue": (100, 103)}


def live_now(seeder) -> None:
    today, rng = seeder.today, seeder.rng
    first = months.first_of(today)
    for n, spec in enumerate(plans.NOW):
        owner = seeder.org(spec.owner)
        actor = seeder.owner_actor(owner)
        running = spec.state in RUNNING
        starts_on = months.add_months(first, -spec.months_ago if running else 1)
        ends_on = months.add_months(starts_on, 12) - DAY
        created = starts_on - 25 * DAY if running else today - NOT_STARTED[spec.state][0] * DAY
        seeder.at(created, 9 + n % 8)
        project, people, focus = seeder.create(
            owner=owner,
            title=spec.title,
            domain=spec.domain,
            problem=spec.problem,
            year=starts_on.year,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        n_tasks = 3 if running else 2
        span = (ends_on - starts_on).days
        due = [starts_on + dt.timedelta(days=span * (k + 1) // (n_tasks + 1)) for k in range(n_tasks)]
        late_task = {"lapsed": 45, "overdue": 14}.get(spec.review)
        if late_task:
            due[0] = today - late_task * DAY
        # Entered in the reviews (no indicator code): the series carry no effect for these projects, so colours read
        # from them would follow the noise of the data rather than the story each project tells.
        goals = [
            ("goals", None, seeder.goal_fields(g, i, spec.unit, starts_on, ends_on)) for i, g in enumerate(spec.goals)
        ]
        counts = {"measures": 3, "sub_plans": 1, "tasks": n_tasks}
        changes = goals + seeder.plan_rows(spec.domain, focus, people, counts, due)
        services.plan_apply(actor=actor, project=project, changes=changes)
        if not running:
            _not_started(seeder, spec, project, actor)
            continue
        seeder.at(created + DAY, 10)
        seeder.move(actor, project, "submit")
        seeder.at(created + 5 * DAY, 16)
        seeder.move(seeder.office, project, "approve", rng.choice(("同意立项。", "目标明确，措施可行，同意立项。")))
        seeder.at(starts_on, 8, 30)
        seeder.move(actor, project, "start", "项目启动，党员攻坚小组进入现场。")
        _run(seeder, spec, project, actor, starts_on, ends_on, late_task is not None)


def _not_started(seeder, spec, project, actor) -> None:
    _created, submit, decide = NOT_STARTED[spec.state]
    if submit is not None:
        seeder.at(seeder.today - submit * DAY, 10)
        seeder.move(actor, project, "submit")
    if decide is not None:
        seeder.at(seeder.today - decide * DAY, 15)
        seeder.move(seeder.office, project, DECISION[spec.state], spec.comment)


def _run(seeder, spec, project, actor, starts_on: dt.date, ends_on: dt.date, late_task: bool) -> None:
    """Reviews, tasks and the on-site check or cancellation of a running project, in date order, up to yesterday."""
    today, rng = seeder.today, seeder.rng
    yesterday = today - DAY
    # A cancelled project stops there; an inspected one goes on with its reviews and tasks after the check.
    stop = today - 7 * DAY if spec.state == "cancelled" else today
    check = {"inspected": today - 10 * DAY, "cancelled": stop}.get(spec.state)
    reviewed = months.add_months(months.first_of(today), -1)
    skip = {"late": 1, "lapsed": 2}.get(spec.review, 0)
    events = []
    month = starts_on
    while month <= reviewed:
        written = min(months.add_months(month, 1) + 3 * DAY, yesterday)
        missing = month > months.add_months(reviewed, -skip)
        if written < stop and not missing:
            events.append((written, 16, ("review", month, True)))
        elif spec.review == "late" and month == reviewed:  # started but not submitted: a draft
            events.append((yesterday, 20, ("review", month, False)))
        month = months.add_months(month, 1)
    tasks = list(project.tasks.order_by("order"))
    for k, task in enumerate(tasks):
        if late_task and k == 0:
            continue
        done = min(max(starts_on, task.due_on - rng.randint(0, 5) * DAY), yesterday)
        if task.due_on < today and done < stop:
            events.append((done, 17, ("task", task, None)))
    if check:
        events.append((check, 10, (spec.state, None, None)))
    goals = list(project.goals.order_by("order"))
    low, high = AHEAD[spec.review]
    for day, hour, (what, item, submit) in sorted(events, key=lambda e: (e[0], e[1])):
        seeder.at(day, hour)
        if what == "review":
            share = Decimal(months.count(starts_on, item)) / Decimal(months.count(starts_on, ends_on))
            share = share * Decimal(rng.randint(low, high)) / 100
            values = {
                row.pk: seeder.value_at(g, Decimal(g.target), share)
                for row, g in zip(goals, spec.goals, strict=True)
                if row.source == "review"
            }
            done = sum(1 for t in tasks if t.due_on <= months.last_day(item) and not (late_task and t == tasks[0]))
            seeder.review(actor, project, item, values, done, len(tasks), submit=submit)
        elif what == "task":
            evidence = f"{item.title}{rng.choice(plans.EVIDENCE)}"
            services.task_report(actor=actor, task=item, done_on=day, evidence=evidence)
        elif what == "inspected":
            seeder.move(
                seeder.office, project, "inspect", "现场检查：措施落实到位，台账资料齐全。建议加快剩余任务进度。"
            )
        else:
            seeder.move(actor, project, "cancel", spec.comment)
