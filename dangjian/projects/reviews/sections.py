"""The review sections other pages include:
- the project page: `context.update(project_section(request, project))`, then
  `{% include "reviews/_project_reviews.html" %}`; it also fills each goal's `review_actual` for
  projects/_goal_actual.html (the latest submitted actual value, its month and colour);
- the home page: `context.update(home_actions(request))`, then `{% include "reviews/_home_actions.html" %}` — what
  needs the user's action on the projects they may change, and their unread reminders.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangjian.core import months
from dangjian.core.notifications.selectors import unread_notifications
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.org import tenancy
from dangjian.projects.reviews import rag, selectors
from dangjian.projects.reviews.services import REMINDER_KIND, REVIEWABLE, month_error, review_url

HOME_ROWS = 8
# The home page judges at most this many running projects (a whole company's year is a few hundred).
HOME_PROJECTS_MAX = 2000


def _judge(project, tasks, submitted, as_of: dt.date, margins: rag.Margins, since=None) -> rag.ProjectRag:
    """RAG at `as_of` from reviews already loaded (`submitted`: submitted reviews with their actuals); no review is
    missing before `since` (the first month counted after the company's go-live)."""
    latest = max((r for r in submitted if r.month < as_of), key=lambda r: r.month, default=None)
    pairs = (latest.month, [(a.goal, a.value) for a in latest.actuals.all()]) if latest else None
    reviewed = {r.month for r in submitted}
    return rag.assess(
        project=project, tasks=tasks, reviewed=reviewed, latest=pairs, as_of=as_of, margins=margins, since=since
    )


def _goal_actuals(project, submitted, margins: rag.Margins) -> None:
    """Set `review_actual` on each of the project's goals: the latest submitted value with its month and check."""
    latest: dict[int, tuple] = {}
    for review in sorted(submitted, key=lambda r: r.month):
        for actual in review.actuals.all():
            if actual.value is not None:
                latest[actual.goal_id] = (review.month, actual)
    for goal in project.goals.all():
        found = latest.get(goal.pk)
        if found is None:
            goal.review_actual = None
            continue
        month, actual = found
        check = rag.check_goal(
            goal=goal,
            actual=actual.value,
            month=month,
            starts_on=project.starts_on,
            ends_on=project.ends_on,
            margins=margins,
        )
        goal.review_actual = {
            "value": actual.value,
            "month": month,
            "level": check.level,
            "reason": check.reason,
            "computation": actual.computation,
        }


def project_section(request, project) -> dict:
    """Context for reviews/_project_reviews.html: the reviews (latest first) with each submitted month's colour, the
    project's colour today with its reasons, and the months to write. Three queries, and one for the company's
    go-live date when there is something to judge (the project's tasks and goals come prefetched with the project
    page's project)."""
    user, today = request.user, timezone.localdate()
    margins = rag.Margins.from_settings()
    reviews = selectors.review_list(user=user, project=project)
    submitted = [r for r in reviews if r.submitted]
    tasks = list(project.tasks.all())
    running = project.state in REVIEWABLE
    since = tenancy.counted_from_of(project.owner) if submitted or running else None
    rows = [
        {
            "review": r,
            "url": review_url(project.pk, r.month),
            "rag": _judge(project, tasks, submitted, rag.as_of_for(r.month, today), margins, since)
            if r.submitted
            else None,
        }
        for r in reviews
    ]
    current = _judge(project, tasks, submitted, today, margins, since) if running else None
    can_write = running and can_at(user, "project", "change", project.owner)
    this_month = months.first_of(today)
    written = {r.month for r in reviews}
    write = []
    if can_write:
        if month_error(project, this_month, today) is None and this_month not in written:
            write.append((this_month, review_url(project.pk, this_month), True))
        write += [(m, review_url(project.pk, m), False) for m in (current.missing if current else [])[:3]]
    _goal_actuals(project, submitted, margins)
    return {"reviews_section": {"rows": rows, "current": current, "can_write": can_write, "write": write}}


def home_actions(request) -> dict:
    """Context for reviews/_home_actions.html: reviews due, red and amber projects, overdue tasks — over the running
    projects the user may change — and the user's unread reminders. At most five queries."""
    user, today = request.user, timezone.localdate()
    # A reminder that asks to act is in the work inbox at the top of the page: not repeated here.
    reminders = [r for r in unread_notifications(user=user, kinds=[REMINDER_KIND], limit=HOME_ROWS + 1) if not r.action]
    section = {
        "reminders": reminders[:HOME_ROWS],
        "more_reminders": len(reminders) > HOME_ROWS,
        "due": [],
        "flagged": [],
        "overdue": [],
        "manages": can_anywhere(user, "project", "change"),
    }
    if section["manages"]:
        projects = list(selectors.rag_projects(user=user, action="change")[:HOME_PROJECTS_MAX])
        rags = rag.project_rags(user=user, projects=projects, as_of=today)
        for project in projects:
            result = rags[project.pk]
            if result.missing:
                month = result.missing[0]
                section["due"].append((project, month, review_url(project.pk, month), len(result.missing)))
            if result.level != rag.GREEN:
                section["flagged"].append((project, result))
            section["overdue"] += [(project, f) for f in result.flags if f.kind == rag.TASK]
        section["flagged"].sort(key=lambda item: -rag.SEVERITY[item[1].level])
        section["overdue"].sort(key=lambda item: -rag.SEVERITY[item[1].level])
    counts = {key: len(section[key]) for key in ("due", "flagged", "overdue")}
    for key in counts:
        section[key] = section[key][:HOME_ROWS]
    section["counts"] = counts
    shown = section["manages"] or section["reminders"]
    return {"review_actions": section if shown else None}
