"""The public showcase (展示): what the company's 党建+X projects achieved and which teams created the most value,
readable by everyone signed in within the company. The numbers are read where they live — goal attainment through
the boards' `latest_actuals` and `goal_views` (projects), team results through value's `ranking` and
`annual_winners` — never copied.

Why the projects are read without the user's project scope: a showcase is the company's own publication (the
boards hang in the corridor too). It shows only what a project has to show — title, org, goals with attainment and
the results summary of projects approved or further — and only of the reader's own company (its root org's
subtree); a member without the project grant still cannot open a project's page (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch
from django.utils import timezone

from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg
from dangjian.projects.boards.actuals import latest_actuals
from dangjian.projects.boards.selectors import GoalView, goal_views
from dangjian.projects.projects.models import Goal, Project, State
from dangjian.value.models import PeerGroup
from dangjian.value.rankings import month_bounds, ranking
from dangjian.value.selectors import annual_winners

SHOWN_STATES = (State.APPROVED, State.IN_PROGRESS, State.INSPECTED, State.ACCEPTED, State.RATED)
MAX_PROJECTS = 60
TOP_TEAMS = 5


@dataclass
class ProjectShow:
    project: Project
    goals: list[GoalView]

    @property
    def met(self) -> int:
        return sum(1 for g in self.goals if g.attainment.met)


@dataclass
class Showcase:
    root: PartyOrg
    year: int
    projects: list[ProjectShow]
    month: dt.date
    teams: list[dict] = field(default_factory=list)
    winners: list = field(default_factory=list)


def project_results(*, root: PartyOrg, year: int, today: dt.date) -> list[ProjectShow]:
    """The company's projects of `year` approved or further, finished ones first, with their goals' attainment."""
    goals = Prefetch("goals", queryset=Goal.objects.select_related("indicator", "unit").order_by("order", "id"))
    projects = list(
        Project.objects.filter(owner__path__startswith=root.path, year=year, state__in=SHOWN_STATES)
        .select_related("owner")
        .prefetch_related(goals)
        .order_by("-state_changed_at", "code")[:MAX_PROJECTS]
    )
    finished = {State.ACCEPTED: 0, State.RATED: 0}
    projects.sort(key=lambda p: (finished.get(p.state, 1), p.owner.path, p.code))
    all_goals = [g for p in projects for g in p.goals.all()]
    actuals = latest_actuals(all_goals, user=SYSTEM, today=today)
    return [ProjectShow(p, goal_views(p.goals.all(), actuals)) for p in projects]


def team_results(*, root: PartyOrg, month: dt.date) -> list[dict]:
    """The best teams of each peer group of the company in `month`, by value created per hour (value's ranking)."""
    groups = {
        g.pk: g
        for g in PeerGroup.objects.filter(org__path__startswith=root.path, active=True).order_by("sort_order", "code")
    }
    if not groups:
        return []
    first, last = month_bounds(month)
    rows = [
        r for r in ranking(start=first, end=last, groups=list(groups)) if r.rank is not None and r.rank <= TOP_TEAMS
    ]
    return [{"group": groups[r.group_id], "row": r} for r in rows]


def showcase(*, root: PartyOrg, year: int | None = None, today: dt.date | None = None) -> Showcase:
    today = today or timezone.localdate()
    if year is None:
        # The latest year with finished (accepted or rated) projects: a year just planned has no results to show.
        shown = Project.objects.filter(owner__path__startswith=root.path, year__lte=today.year)
        latest = shown.filter(state__in=(State.ACCEPTED, State.RATED)).aggregate(year=Max("year"))["year"]
        year = latest or shown.filter(state__in=SHOWN_STATES).aggregate(year=Max("year"))["year"] or today.year
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    winners = [u for u in annual_winners(year=year) if u.org.path.startswith(root.path)]
    if not winners:
        winners = [u for u in annual_winners(year=year - 1) if u.org.path.startswith(root.path)]
    return Showcase(
        root=root,
        year=year,
        projects=project_results(root=root, year=year, today=today),
        month=month,
        teams=team_results(root=root, month=month),
        winners=winners,
    )
