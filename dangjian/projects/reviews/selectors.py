"""Reads for reviews. Every selector takes the user and goes through `restrict`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from dangjian.core import months
from dangjian.core.permissions import VIEW
from dangjian.projects.projects.models import Goal, Project, Task
from dangjian.projects.reviews.models import GoalActual, ProjectReview

# A project has one review a month: ten years of them is plenty for one page or one API answer.
REVIEWS_MAX = 120
# Running projects judged for one list by colour (the cockpit counts the same many; a group runs a few hundred).
RAG_MAX = 2000


def review_list(*, user, project: Project) -> list[ProjectReview]:
    """The reviews of a project the user may see, latest month first, with their actual values and authors (three
    queries however many reviews)."""
    qs = (
        ProjectReview.objects.restrict(user, VIEW)
        .filter(project=project)
        .select_related("written_by__person")
        .prefetch_related(Prefetch("actuals", queryset=GoalActual.objects.select_related("goal")))
        .order_by("-month")
    )
    return list(qs[:REVIEWS_MAX])


def review_get(*, user, project: Project, month: dt.date) -> ProjectReview | None:
    """The review of `project` for `month`, with its actual values, or None when none has been written."""
    qs = (
        ProjectReview.objects.restrict(user, VIEW)
        .filter(project=project, month=month)
        .select_related("written_by__person")
        .prefetch_related(Prefetch("actuals", queryset=GoalActual.objects.select_related("goal")))
    )
    return qs.first()


def review_goals(*, project: Project) -> list[Goal]:
    """A project's goals with what reading their production data needs (the project is already in scope)."""
    related = ("indicator__weight", "indicator__numerator", "indicator__denominator", "unit")
    return list(Goal.objects.filter(project=project).select_related(*related).order_by("order", "pk"))


def task_progress(*, tasks: Iterable[Task], month: dt.date) -> str:
    """A sentence on the tasks at the end of `month`: how many were done, how many are past due."""
    end = months.last_day(month)
    tasks = list(tasks)
    done = sum(1 for t in tasks if t.done_on is not None and t.done_on <= end)
    overdue = sum(1 for t in tasks if t.due_on and t.due_on < end and (t.done_on is None or t.done_on > end))
    return _("%(done)s of %(total)s tasks done by the end of %(month)s; %(overdue)s overdue.") % {
        "done": done,
        "total": len(tasks),
        "month": months.label(month),
        "overdue": overdue,
    }


def rag_projects(*, user, org: str = "", action: str = VIEW) -> QuerySet[Project]:
    """The running projects (approved to inspected) the user may `action`, optionally under one org code (an org the
    user cannot see gives nothing), by code."""
    from dangjian.projects.projects.selectors import ProjectFilters, project_list
    from dangjian.projects.reviews.services import REVIEWABLE

    qs = project_list(user=user, filters=ProjectFilters(org=org), action=action)
    return qs.filter(state__in=REVIEWABLE).order_by("code", "pk")


def rag_judged(*, user, org: str = "", level: str = "", as_of: dt.date) -> list[tuple[Project, object]]:
    """The running projects the user may see (under `org` if given) with their colour at `as_of`, worst first, then
    by code; only those of `level` when given. What the cockpit's red/amber/green counts count, as a list (at most
    RAG_MAX projects judged, in the same order the cockpit takes them)."""
    from dangjian.projects.reviews import rag

    projects = list(rag_projects(user=user, org=org).select_related("owner")[:RAG_MAX])
    results = rag.project_rags(user=user, projects=projects, as_of=as_of)
    rows = [(p, results[p.pk]) for p in projects if not level or results[p.pk].level == level]
    rows.sort(key=lambda row: -rag.SEVERITY[row[1].level])  # stable: code order within a colour
    return rows


def review_tasks(*, project: Project) -> list[Task]:
    """The project's tasks with what a month's review counts of them (due and done dates)."""
    return list(Task.objects.filter(project=project).only("pk", "due_on", "done_on"))
