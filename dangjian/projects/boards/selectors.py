"""Reads for the boards (展板): an org's wall of project cards and one project's kiosk. Every read is scoped with
`restrict`; an org or project out of scope is NotFound. Query counts do not grow with the number of projects: one
query for the projects, one per prefetched relation, one roll-up per distinct production indicator."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import EXPORT, VIEW
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg
from dangjian.projects.boards.actuals import NONE, Actual, latest_actuals
from dangjian.projects.boards.attainment import GoalAttainment, goal_attainment
from dangjian.projects.boards.models import CompilationJob
from dangjian.projects.projects.models import Domain, Goal, Project, State, Task

# A wall shows at most this many cards (a year of a whole company is a few dozen); the rest are counted.
BOARD_MAX = 120
# The kiosk lists this many tasks (open ones first); the ring counts them all.
KIOSK_TASKS = 12
# Closed projects do not go on the wall.
HIDDEN_STATES = (State.REJECTED, State.CANCELLED)
DOMAIN_COLOURS = {
    Domain.SAFETY_ENV: "#2e7d32",
    Domain.PRODUCTION: "#1565c0",
    Domain.COST: "#ef6c00",
    Domain.INNOVATION: "#6a1b9a",
    Domain.WORKFORCE: "#00838f",
    Domain.REFORM: "#c62828",
    Domain.HARMONY: "#ad1457",
    Domain.CUSTOM: "#546e7a",
}


@dataclass
class GoalView:
    """A goal with its latest actual and attainment, as the boards show it."""

    goal: Goal
    actual: Actual
    attainment: GoalAttainment


@dataclass
class Card:
    """One project on a board: its goals with attainment and its task progress."""

    project: Project
    goals: list[GoalView]
    tasks: int
    tasks_done: int
    tasks_overdue: int
    task_list: list[Task] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return DOMAIN_COLOURS.get(self.project.domain, DOMAIN_COLOURS[Domain.CUSTOM])

    @property
    def task_percent(self) -> int | None:
        return round(100 * self.tasks_done / self.tasks) if self.tasks else None

    def chart(self) -> dict:
        """What the page's script draws: attainment per goal (clamped), the real percent as the label."""
        return {
            "goals": [
                {
                    "name": g.goal.indicator_name,
                    "value": _float(g.attainment.display),
                    "label": _percent_label(g.attainment.percent),
                    "band": g.attainment.band,
                }
                for g in self.goals
            ],
            "tasks": {
                "done": self.tasks_done,
                "overdue": self.tasks_overdue,
                "open": self.tasks - self.tasks_done - self.tasks_overdue,
            },
        }

    @property
    def chart_json(self) -> str:
        return json.dumps(self.chart(), ensure_ascii=False)


def _float(value: Decimal | None) -> float | None:
    # ECharts takes numbers; the exact Decimal stays in the page's text.
    return None if value is None else float(value)


def _percent_label(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


def board_org(*, user, code: str) -> PartyOrg:
    """The org whose wall is shown, if the user may see it."""
    org = PartyOrg.objects.restrict(user, VIEW).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation, or you do not have access to it."))
    return org


def board_year(*, user, org: PartyOrg, requested: int | None, today: dt.date | None = None) -> int:
    """The year asked for, else this year if the org's subtree has projects in it, else its latest plan year."""
    if requested:
        return requested
    today = today or timezone.localdate()
    years = (
        Project.objects.restrict(user, VIEW)
        .filter(owner__path__startswith=org.path)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()[:30]
    )
    years = list(years)
    return today.year if not years or today.year in years else years[0]


def tree_order(orgs) -> dict[int, tuple]:
    """A sort key per org that walks the tree as the org pages do: siblings by (sort order, code), each org before
    the orgs under it. One query for the orgs on the paths (read for their order only; nothing of them is shown)."""
    chains = {org.pk: [int(part) for part in org.path.strip("/").split("/")] for org in orgs}
    ids = {pk for chain in chains.values() for pk in chain}
    rank = {
        pk: (order, code)
        for pk, order, code in PartyOrg.objects.filter(pk__in=ids).values_list("pk", "sort_order", "code")
    }
    return {pk: tuple(rank.get(part, (0, "")) for part in chain) for pk, chain in chains.items()}


def _goals_prefetch() -> Prefetch:
    return Prefetch("goals", queryset=Goal.objects.select_related("indicator", "unit").order_by("order", "id"))


def goal_views(goals, actuals: dict[int, Actual]) -> list[GoalView]:
    """Each goal with its actual (from `latest_actuals`) and its attainment."""
    views = []
    for goal in goals:
        actual = actuals.get(goal.pk, NONE)
        higher = goal.direction == Goal.Direction.HIGHER
        attainment = goal_attainment(baseline=goal.baseline, target=goal.target, actual=actual.value, higher=higher)
        views.append(GoalView(goal, actual, attainment))
    return views


def _cards(user, projects: list[Project], *, today: dt.date) -> list[Card]:
    goals = [goal for project in projects for goal in project.goals.all()]
    actuals = latest_actuals(goals, user=user, today=today)
    cards = []
    for project in projects:
        cards.append(
            Card(
                project=project,
                goals=goal_views(project.goals.all(), actuals),
                tasks=project.task_count,
                tasks_done=project.tasks_done,
                tasks_overdue=project.tasks_overdue,
            )
        )
    return cards


def _with_task_counts(qs, today: dt.date):
    return qs.annotate(
        task_count=Count("tasks"),
        tasks_done=Count("tasks", filter=Q(tasks__done_on__isnull=False)),
        tasks_overdue=Count("tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today)),
    )


@dataclass
class Wall:
    org: PartyOrg
    year: int
    cards: list[Card]
    more: int  # projects past BOARD_MAX, not shown


def org_wall(*, user, org: PartyOrg, year: int, today: dt.date | None = None) -> Wall:
    """The cards of the projects of `year` owned in `org`'s subtree that the user may see, ordered by org then code."""
    today = today or timezone.localdate()
    qs = (
        Project.objects.restrict(user, VIEW)
        .filter(owner__path__startswith=org.path, year=year)
        .exclude(state__in=HIDDEN_STATES)
    )
    total = qs.count()
    projects = list(
        _with_task_counts(qs.select_related("owner"), today)
        .prefetch_related(_goals_prefetch())
        .order_by("owner__path", "code")[:BOARD_MAX]
    )
    keys = tree_order([p.owner for p in projects])
    projects.sort(key=lambda p: (keys[p.owner_id], p.code))
    return Wall(org=org, year=year, cards=_cards(user, projects, today=today), more=max(total - BOARD_MAX, 0))


def kiosk_card(*, user, pk: int, today: dt.date | None = None) -> Card:
    """One project's card with its first tasks (open ones first, by due date), for the kiosk screen."""
    today = today or timezone.localdate()
    qs = _with_task_counts(Project.objects.restrict(user, VIEW).select_related("owner", "secretary"), today)
    tasks = (
        Task.objects.restrict(user, VIEW)
        .select_related("owner")
        .order_by(F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "order", "id")
    )
    project = qs.prefetch_related(_goals_prefetch()).filter(pk=pk).first()
    if project is None:
        raise NotFound(_("No such project, or you do not have access to it."))
    card = _cards(user, [project], today=today)[0]
    card.task_list = list(tasks.filter(project=project)[:KIOSK_TASKS])
    return card


# --- annual compilation ----------------------------------------------------------------------------------------------

# The compile form offers orgs down to this many levels below the user's outermost export subtree (no party groups).
COMPILE_LEVELS = 3
JOBS_SHOWN = 30


def compilation_orgs(*, user):
    """Orgs the user may compile a book for: inside their project-export scope, groups left out, bounded."""
    scope = scope_for(user, "project", EXPORT)
    if scope.empty:
        return PartyOrg.objects.none()
    qs = PartyOrg.objects.restrict(user, VIEW).exclude(kind=PartyOrg.Kind.GROUP)
    if scope.everywhere:
        return qs.filter(depth__lt=COMPILE_LEVELS).only("code", "name", "depth", "path")[:500]
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path, depth__lt=path.count("/") - 2 + COMPILE_LEVELS)
    return qs.filter(q).only("code", "name", "depth", "path")[:500]


def compilation_jobs(*, user):
    """The compilations the user may download (those over orgs in their project-export scope), newest first."""
    return CompilationJob.objects.restrict(user, EXPORT).select_related("org", "requested_by")[:JOBS_SHOWN]


def compilation_get(*, user, pk: int) -> CompilationJob:
    job = CompilationJob.objects.restrict(user, EXPORT).select_related("org", "requested_by").filter(pk=pk).first()
    if job is None:
        raise NotFound(_("No such compilation, or you do not have access to it."))
    return job


def outermost_org(*, user) -> PartyOrg:
    """The outermost org the user sees (whose wall the boards open on), or NotFound."""
    org = PartyOrg.objects.restrict(user, VIEW).order_by("depth", "path").only("code").first()
    if org is None:
        raise NotFound(_("There is no organisation you can see."))
    return org
