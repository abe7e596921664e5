"""Red / amber / green for running projects: pure functions on a project's goals, tasks and reviews, and one selector
that loads what they need for many projects in a fixed number of queries.

Rules, each giving a flag with a sentence that says why:
- Goal: the straight line runs from the baseline at the start of the period to the target at the end of its last
  month; a month's expected value is the point on it at the end of that month:
      expected = baseline + (target − baseline) × months elapsed ÷ months in the period.
  deviation = (actual − expected) ÷ |target − baseline|, turned so that a negative number is behind whichever way is
  better. Behind by more than REVIEW_AMBER_MARGIN (share of the planned change) is amber, by more than
  REVIEW_RED_MARGIN red. A goal whose target equals its baseline ("hold the line") is green while held, red otherwise.
  The actual values are those of the latest submitted review.
- Task: past its due date and not done → amber; more than 30 days overdue → red.
- Review: no submitted review for the last month that has ended (within the period) → amber; two or more months in
  a row missing → red. A month before the company's go-live date (org/tenancy.counted_from) is never missing.
The project's colour is the worst of its flags. All arithmetic is Decimal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core import months
from dangjian.core.permissions import VIEW
from dangjian.org import tenancy
from dangjian.projects.reviews import periods

GREEN, AMBER, RED = "green", "amber", "red"
SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}
LABELS = {GREEN: gettext_lazy("on track"), AMBER: gettext_lazy("at risk"), RED: gettext_lazy("off track")}
OVERDUE_RED_DAYS = 30
GOAL, TASK, REVIEW = "goal", "task", "review"


@dataclass(frozen=True)
class Margins:
    """How far behind (a share of the planned change) turns a goal amber and red."""

    amber: Decimal
    red: Decimal

    @classmethod
    def from_settings(cls) -> Margins:
        return cls(Decimal(settings.REVIEW_AMBER_MARGIN), Decimal(settings.REVIEW_RED_MARGIN))


@dataclass(frozen=True)
class Flag:
    """Something that needs attention: its colour, what kind of thing it is about, and a sentence saying why."""

    level: str
    kind: str
    reason: str
    ref: int | None = None  # the goal or task it is about


@dataclass(frozen=True)
class GoalCheck:
    """One goal against its straight-line path in one month (deviation None for a goal with no span)."""

    goal_id: int
    name: str
    month: dt.date
    actual: Decimal
    expected: Decimal
    deviation: Decimal | None
    level: str
    reason: str


@dataclass
class ProjectRag:
    """A project's colour at `as_of`, its flags (worst first) and every goal checked (green ones too)."""

    project_id: int
    as_of: dt.date
    level: str = GREEN
    flags: list[Flag] = field(default_factory=list)
    goals: list[GoalCheck] = field(default_factory=list)
    review_month: dt.date | None = None  # the review the goals were read from
    missing: list[dt.date] = field(default_factory=list)  # months without a review, latest first

    @property
    def label(self) -> str:
        return str(LABELS[self.level])


SHOWN = Decimal("0.0001")


def num(value: Decimal) -> str:
    """A Decimal as people write it: at most four places, no exponent, no trailing zeros (92.2250 → 92.225,
    42.708333… → 42.7083)."""
    text = format(value.quantize(SHOWN, rounding=ROUND_HALF_UP).normalize(), "f")
    return "0" if text == "-0" else text


def percent(share: Decimal) -> str:
    return num((share * 100).quantize(Decimal("0.1")))


def worst(levels: Iterable[str]) -> str:
    return max(levels, key=SEVERITY.__getitem__, default=GREEN)


# --- goals -----------------------------------------------------------------------------------------------------------


def expected_value(
    *, baseline: Decimal, target: Decimal, starts_on: dt.date, ends_on: dt.date, month: dt.date
) -> Decimal:
    """The point on the straight line from `baseline` (start of the period) to `target` (end of its last month) at
    the end of `month`; before the period it is the baseline, after it the target."""
    total = months.count(starts_on, ends_on)
    elapsed = min(months.count(starts_on, month), total)
    if total == 0:
        return target
    return baseline + (target - baseline) * elapsed / total


def deviation(
    *, actual: Decimal, expected: Decimal, baseline: Decimal, target: Decimal, higher: bool
) -> Decimal | None:
    """(actual − expected) ÷ |target − baseline|, negative when behind in the goal's direction; None when the target
    equals the baseline (there is no planned change to measure against)."""
    span = abs(target - baseline)
    if span == 0:
        return None
    return (actual - expected) / span if higher else (expected - actual) / span


def level_for(share: Decimal, margins: Margins) -> str:
    """Behind by MORE than a margin crosses it: exactly at the margin keeps the better colour."""
    if share < -margins.red:
        return RED
    if share < -margins.amber:
        return AMBER
    return GREEN


def check_goal(
    *, goal, actual: Decimal, month: dt.date, starts_on: dt.date, ends_on: dt.date, margins: Margins
) -> GoalCheck:
    """One goal's actual value in `month` against its path. `goal` needs pk, indicator_name, baseline, target and
    direction."""
    higher = goal.direction != "lower"
    baseline, target = goal.baseline, goal.target
    expected = expected_value(baseline=baseline, target=target, starts_on=starts_on, ends_on=ends_on, month=month)
    share = deviation(actual=actual, expected=expected, baseline=baseline, target=target, higher=higher)
    values = {
        "goal": goal.indicator_name,
        "month": months.label(month),
        "actual": num(actual),
        "expected": num(expected),
        "baseline": num(baseline),
        "target": num(target),
    }
    if share is None:
        held = actual >= target if higher else actual <= target
        level = GREEN if held else RED
        reason = (
            _("%(goal)s holds its target of %(target)s in %(month)s (%(actual)s).")
            if held
            else _("%(goal)s should hold at %(target)s but is %(actual)s in %(month)s.")
        ) % values
    else:
        level = level_for(share, margins)
        values["share"] = percent(abs(share))
        if level != GREEN:
            reason = _(
                "%(goal)s is %(share)s%% of the planned change behind its path in %(month)s: %(actual)s against "
                "%(expected)s expected on the way from %(baseline)s to %(target)s."
            )
        elif share < 0:
            reason = _(
                "%(goal)s is on track in %(month)s: %(actual)s against %(expected)s expected (%(share)s%% behind)."
            )
        else:
            reason = _(
                "%(goal)s is on track in %(month)s: %(actual)s against %(expected)s expected (%(share)s%% ahead)."
            )
        reason %= values
    return GoalCheck(goal.pk, goal.indicator_name, month, actual, expected, share, level, reason)


# --- tasks and reviews -----------------------------------------------------------------------------------------------


def check_task(*, task, as_of: dt.date) -> Flag | None:
    """A task past its due date and not done by `as_of` (inclusive): amber, red after OVERDUE_RED_DAYS days."""
    if task.due_on is None or task.due_on >= as_of:
        return None
    if task.done_on is not None and task.done_on <= as_of:
        return None
    days = (as_of - task.due_on).days
    level = RED if days > OVERDUE_RED_DAYS else AMBER
    reason = _("Task “%(task)s” was due on %(due)s and is %(days)s days overdue.") % {
        "task": task.title,
        "due": task.due_on.isoformat(),
        "days": days,
    }
    return Flag(level, TASK, reason, task.pk)


def missing_months(*, project, reviewed: set[dt.date], as_of: dt.date, since: dt.date | None = None) -> list[dt.date]:
    """The months without a submitted review, counted back from the month due at `as_of` until one has a review
    (latest first); empty when the due month has its review. `since`: the first month counted (the company's go-live,
    tenancy.counted_from) — a month before it is not missing."""
    due = periods.due_month(project, as_of)
    first = max(periods.period(project)[0], since) if since else periods.period(project)[0]
    missing = []
    while due is not None and due >= first and due not in reviewed:
        missing.append(due)
        due = months.add_months(due, -1)
    return missing


def check_reviews(*, project, reviewed: set[dt.date], as_of: dt.date, since: dt.date | None = None) -> Flag | None:
    """No submitted review for the last month that has ended: amber; two or more months in a row: red (months before
    `since`, the go-live, not counted)."""
    missing = missing_months(project=project, reviewed=reviewed, as_of=as_of, since=since)
    if not missing:
        return None
    if len(missing) == 1:
        return Flag(
            AMBER, REVIEW, _("No review has been submitted for %(month)s.") % {"month": months.label(missing[0])}
        )
    reason = _("No review has been submitted for %(n)s months in a row (%(first)s to %(last)s).") % {
        "n": len(missing),
        "first": months.label(missing[-1]),
        "last": months.label(missing[0]),
    }
    return Flag(RED, REVIEW, reason)


# --- a whole project -------------------------------------------------------------------------------------------------


def assess(
    *,
    project,
    tasks: Iterable,
    reviewed: set[dt.date],
    latest: tuple[dt.date, Sequence[tuple[object, Decimal | None]]] | None,
    as_of: dt.date,
    margins: Margins,
    since: dt.date | None = None,
) -> ProjectRag:
    """The colour of `project` at `as_of` from its tasks, the months with a submitted review and `latest` — the
    month of the latest submitted review and its (goal, actual) pairs. Goals without an actual are not judged; no
    review is missing for a month before `since` (the first month counted after the company's go-live)."""
    result = ProjectRag(project_id=project.pk, as_of=as_of)
    if latest is not None:
        month, actuals = latest
        result.review_month = month
        for goal, actual in actuals:
            if actual is None:
                continue
            result.goals.append(
                check_goal(
                    goal=goal,
                    actual=actual,
                    month=month,
                    starts_on=project.starts_on,
                    ends_on=project.ends_on,
                    margins=margins,
                )
            )
    flags = [Flag(g.level, GOAL, g.reason, g.goal_id) for g in result.goals if g.level != GREEN]
    flags += [f for f in (check_task(task=t, as_of=as_of) for t in tasks) if f is not None]
    result.missing = missing_months(project=project, reviewed=reviewed, as_of=as_of, since=since)
    review_flag = check_reviews(project=project, reviewed=reviewed, as_of=as_of, since=since)
    if review_flag is not None:
        flags.append(review_flag)
    kinds = (GOAL, TASK, REVIEW)
    result.flags = sorted(flags, key=lambda f: (-SEVERITY[f.level], kinds.index(f.kind)))
    result.level = worst(f.level for f in flags)
    return result


def as_of_for(month: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The day a month is judged on: the first day after it (so it has ended), or today if that is earlier."""
    today = today or timezone.localdate()
    return today if month is None else min(today, months.add_months(month, 1))


# --- the selector ----------------------------------------------------------------------------------------------------


def project_rags(
    *, user, projects: Sequence, as_of: dt.date | None = None, margins: Margins | None = None
) -> dict[int, ProjectRag]:
    """{project id: ProjectRag} for `projects` (already read through a scoped selector), in three queries however
    many projects: submitted reviews, the actuals of each project's latest one, and the tasks overdue at `as_of` (and
    the go-live dates of their companies, one more)."""
    from dangjian.projects.projects.models import Task
    from dangjian.projects.reviews.models import GoalActual, ProjectReview

    as_of = as_of or timezone.localdate()
    margins = margins or Margins.from_settings()
    projects = list(projects)
    if not projects:
        return {}
    ids = [p.pk for p in projects]
    reviewed: dict[int, set[dt.date]] = defaultdict(set)
    latest_review: dict[int, tuple[dt.date, int]] = {}
    rows = (
        ProjectReview.objects.restrict(user, VIEW)
        .filter(project_id__in=ids, status=ProjectReview.Status.SUBMITTED, month__lt=as_of)
        .values_list("pk", "project_id", "month")
    )
    for pk, project_id, month in rows:
        reviewed[project_id].add(month)
        if project_id not in latest_review or month > latest_review[project_id][0]:
            latest_review[project_id] = (month, pk)
    actuals: dict[int, list] = defaultdict(list)
    if latest_review:
        review_ids = [pk for _month, pk in latest_review.values()]
        for row in (
            GoalActual.objects.filter(review_id__in=review_ids)
            .select_related("goal")
            .order_by("goal__order", "goal_id")
        ):
            actuals[row.review_id].append((row.goal, row.value))
    tasks: dict[int, list] = defaultdict(list)
    overdue = (
        Task.objects.restrict(user, VIEW)
        .filter(project_id__in=ids, due_on__lt=as_of)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=as_of))
        .only("pk", "project_id", "title", "due_on", "done_on")
        .order_by("due_on", "pk")
    )
    for task in overdue:
        tasks[task.project_id].append(task)
    live = tenancy.go_live_dates([p.owner for p in projects])
    result = {}
    for project in projects:
        latest = latest_review.get(project.pk)
        result[project.pk] = assess(
            project=project,
            tasks=tasks[project.pk],
            reviewed=reviewed[project.pk],
            latest=(latest[0], actuals[latest[1]]) if latest else None,
            as_of=as_of,
            margins=margins,
            since=tenancy.counted_from(live.get(tenancy.company_pk(project.owner))),
        )
    return result
