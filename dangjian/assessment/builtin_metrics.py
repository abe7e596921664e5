"""The metrics this app provides itself: monthly project reviews submitted on time (from the reviews app) and key
tasks closed on time (this app's key-task list). Registered when the app loads (apps.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.assessment import metrics
from dangjian.core import months

SHOWN_MAX = 5  # how many late tasks or projects the explanation names
RATE_PLACES = Decimal("0.0001")


def _rate(good: int, due: int) -> Decimal | None:
    return (Decimal(good) / Decimal(due)).quantize(RATE_PLACES) if due else None


def _names(codes: list[str]) -> str:
    more = len(codes) - SHOWN_MAX
    text = "、".join(codes[:SHOWN_MAX])
    return text + (_(" and %(n)s more") % {"n": more} if more > 0 else "")


def review_deadline(month: dt.date) -> dt.date:
    """A month's review is on time when submitted within REVIEW_REMINDER_DAYS days after the month ends."""
    return months.last_day(month) + dt.timedelta(days=settings.REVIEW_REMINDER_DAYS)


def reviews_on_time(org, start: dt.date, end: dt.date, today: dt.date | None = None) -> metrics.MetricResult:
    """Of the monthly reviews due for the org subtree's approved projects in the months starting in [start, end]
    (a project owes a review for each month of its period), the share submitted by the deadline. A month whose
    deadline has not passed counts only if its review is already in. Two queries."""
    from dangjian.projects.projects.models import Project, State
    from dangjian.projects.reviews.models import ProjectReview

    today = today or timezone.localdate()
    ran = (State.APPROVED, State.IN_PROGRESS, State.INSPECTED, State.ACCEPTED, State.RATED)
    projects = list(
        Project.objects.filter(owner__path__startswith=org.path, state__in=ran, starts_on__lte=end, ends_on__gte=start)
        .only("pk", "code", "starts_on", "ends_on")
        .order_by("code")
    )
    submitted = {
        (r.project_id, r.month): timezone.localdate(r.submitted_at)
        for r in ProjectReview.objects.filter(
            project__in=projects, month__gte=months.first_of(start), month__lte=end, status="submitted"
        ).only("project_id", "month", "submitted_at")
    }
    due = on_time = 0
    late = []
    for project in projects:
        month = max(months.first_of(start), months.first_of(project.starts_on))
        while month <= end and month <= project.ends_on:
            deadline = review_deadline(month)
            done = submitted.get((project.pk, month))
            if done is not None or deadline < today:
                due += 1
                if done is not None and done <= deadline:
                    on_time += 1
                else:
                    late.append(project.code)
            month = months.add_months(month, 1)
    if not due:
        return metrics.MetricResult(
            None, _("No monthly review was due for %(org)s in %(start)s–%(end)s.") % _words(org, start, end)
        )
    text = _(
        "%(good)s of %(due)s monthly reviews due for %(org)s in %(start)s–%(end)s were submitted within "
        "%(days)s days after their month."
    ) % {**_words(org, start, end), "good": on_time, "due": due, "days": settings.REVIEW_REMINDER_DAYS}
    if late:
        text = metrics.sentences(text, _("Late or missing: %(codes)s.") % {"codes": _names(sorted(set(late)))})
    return metrics.MetricResult(_rate(on_time, due), text)


def keytasks_on_time(org, start: dt.date, end: dt.date, today: dt.date | None = None) -> metrics.MetricResult:
    """Of the org subtree's key tasks due in [start, end] (a task due later than today counts only once closed),
    the share closed out (销号, confirmed) with the closure submitted by the due date; cancelled tasks do not count.
    One query."""
    from dangjian.assessment.models import KeyTask

    today = today or timezone.localdate()
    tasks = list(
        KeyTask.objects.filter(owner_org__path__startswith=org.path, due_on__gte=start, due_on__lte=end)
        .exclude(status=KeyTask.Status.CANCELLED)
        .only("code", "due_on", "completed_on")
        .order_by("due_on", "code")
    )
    counted = [t for t in tasks if t.due_on < today or t.completed_on is not None]
    good = [t for t in counted if t.on_time]
    if not counted:
        return metrics.MetricResult(
            None, _("No key task of %(org)s fell due in %(start)s–%(end)s.") % _words(org, start, end)
        )
    text = _("%(good)s of %(due)s key tasks of %(org)s due in %(start)s–%(end)s were closed out by their due date.") % {
        **_words(org, start, end),
        "good": len(good),
        "due": len(counted),
    }
    late = [t.code for t in counted if not t.on_time]
    if late:
        text = metrics.sentences(text, _("Not on time: %(codes)s.") % {"codes": _names(late)})
    return metrics.MetricResult(_rate(len(good), len(counted)), text)


def _words(org, start, end) -> dict:
    return {"org": org.name, "start": start.isoformat(), "end": end.isoformat()}


def register_builtin() -> None:
    metrics.register(metrics.REVIEW_ON_TIME, metrics.KNOWN[metrics.REVIEW_ON_TIME], reviews_on_time)
    metrics.register(metrics.KEYTASK_ON_TIME, metrics.KNOWN[metrics.KEYTASK_ON_TIME], keytasks_on_time)
