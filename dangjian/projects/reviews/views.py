"""Review pages: a project's review of one month (a form while it may be written, otherwise the record). The user's
reminders are notifications (core/notifications), listed on the one notifications page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import months
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import paginate, refusal_on, require_anywhere
from dangjian.projects.projects.selectors import project_get
from dangjian.projects.reviews import rag, selectors, services
from dangjian.projects.reviews.forms import ReviewForm, goal_field
from dangjian.projects.reviews.series import series_actuals


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc


def _initial(review, tasks, month: dt.date) -> dict:
    if review is None:
        return {"task_progress": selectors.task_progress(tasks=tasks, month=month)}
    initial = {name: getattr(review, name) for name in services.REVIEW_FIELDS}
    initial.update({goal_field(a.goal_id): a.value for a in review.actuals.all() if a.source == "entered"})
    return initial


def _goal_rows(project, goals, review, form, month: dt.date, editable: bool) -> list[dict]:
    """One row per goal: the path's expected value for the month, the actual (a field, or the computed/stored value
    with how it was computed) and its check when there is a value."""
    stored = {a.goal_id: a for a in review.actuals.all()} if review else {}
    # A draft's production values are computed afresh (the data may have been corrected); a record shows its own.
    computed = series_actuals(goals, month) if editable else {}
    margins = rag.Margins.from_settings()
    rows = []
    for goal in goals:
        row = {
            "goal": goal,
            "expected": rag.num(
                rag.expected_value(
                    baseline=goal.baseline,
                    target=goal.target,
                    starts_on=project.starts_on,
                    ends_on=project.ends_on,
                    month=month,
                )
            ),
            "field": form[goal_field(goal.pk)] if editable and goal.source == "review" else None,
            "value": None,
            "computation": "",
        }
        if goal.pk in computed:
            row["value"], row["computation"] = computed[goal.pk].value, computed[goal.pk].computation
        elif goal.pk in stored:
            row["value"], row["computation"] = stored[goal.pk].value, stored[goal.pk].computation
        if row["value"] is not None:
            row["check"] = rag.check_goal(
                goal=goal,
                actual=row["value"],
                month=month,
                starts_on=project.starts_on,
                ends_on=project.ends_on,
                margins=margins,
            )
        rows.append(row)
    return rows


@login_required
def review_page(request, pk: int, year: int, month: int):
    """The review of one month: a form for whoever may write it while the project runs and the review is a draft;
    otherwise the record (or "not written yet"). Months outside the period or in the future do not exist (404)."""
    user = request.user
    project = project_get(user=user, pk=pk)
    the_month = _month(year, month)
    if services.month_error(project, the_month) is not None:
        raise Http404
    may_change = can_at(user, "project", "change", project.owner)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    review = selectors.review_get(user=user, project=project, month=the_month)
    goals = selectors.review_goals(project=project)
    tasks = selectors.review_tasks(project=project)
    editable = may_change and project.state in services.REVIEWABLE and not (review and review.submitted)
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST, goals=goals)
        status = 400
        if form.is_valid():
            submit = "submit" in request.POST
            with refusal_on(form) as refused:
                services.review_save(
                    actor=user,
                    project=project,
                    month=the_month,
                    actuals=form.actuals(),
                    submit=submit,
                    **form.review_fields(),
                )
            if refused:
                status = refused.status
            else:
                done = _("Review of %(month)s submitted.") if submit else _("Draft of %(month)s saved.")
                messages.success(request, done % {"month": months.label(the_month)})
                return redirect("projects:detail", pk=project.pk)
    else:
        form = ReviewForm(initial=_initial(review, tasks, the_month), goals=goals)
    context = {
        "project": project,
        "month": the_month,
        "review": review,
        "form": form,
        "editable": editable,
        "goal_rows": _goal_rows(project, goals, review, form, the_month, editable),
        "progress": selectors.task_progress(tasks=tasks, month=the_month),
        "not_running": may_change and project.state not in services.REVIEWABLE and review is None,
    }
    return render(request, "reviews/review.html", context, status=status)


@login_required
def rag_list(request):
    """The running projects the user may see by red / amber / green, worst first: the list the cockpit's colour
    counts open (`org` narrows to an org's subtree, `level` to one colour; an unknown colour shows them all)."""
    user = request.user
    require_anywhere(user, "project", "view")
    org = request.GET.get("org", "")[:40]
    level = request.GET.get("level", "")
    level = level if level in rag.LABELS else ""
    today = timezone.localdate()
    rows = selectors.rag_judged(user=user, org=org, level=level, as_of=today)
    context = {
        "page": paginate(request, rows),
        "org": org,
        "level": level,
        "levels": [(code, label) for code, label in rag.LABELS.items()],
        "today": today,
    }
    return render(request, "reviews/rag_list.html", context)
