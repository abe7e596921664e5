"""Writes for monthly reviews: save a draft, submit it, and remind secretaries of reviews not yet written. Each service
checks permission, validates and writes its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core import audit, months
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.notifications.services import notifications_done_by_key, notify
from dangjian.core.services import SYSTEM, is_system, require_at, validate
from dangjian.org import tenancy
from dangjian.projects.projects import lifecycle
from dangjian.projects.projects.models import Goal, Project
from dangjian.projects.reviews import periods
from dangjian.projects.reviews.models import GoalActual, ProjectReview
from dangjian.projects.reviews.series import series_actuals

# The reminder of a review not yet submitted: a notification (core/notifications), at most one per project, month and
# account.
REMINDER_KIND = "reviews.due"
REMINDER_SUBJECT = gettext_lazy("Monthly review due")
REMINDER_TEXT = gettext_lazy("The review of %(code)s %(title)s for %(month)s has not been submitted yet.")

# Reviews are written while the project runs: approved, in progress, inspected (the same states as reported work).
REVIEWABLE = lifecycle.WORK_EDITABLE
REVIEW_FIELDS = ("task_progress", "narrative", "problems", "next_steps", "held_at")


def reminder_key(project_id: int, month: dt.date) -> str:
    """The key of the reminders of one project's review of one month (one per account)."""
    return f"{REMINDER_KIND}:{project_id}:{months.label(month)}"


def review_url(project_id: int, month: dt.date) -> str:
    return reverse("reviews:review", kwargs={"pk": project_id, "year": month.year, "month": month.month})


def month_error(project: Project, month: dt.date, today: dt.date | None = None) -> str | None:
    """Why `month` cannot be reviewed for `project` (outside its period, or in the future), or None."""
    today = today or timezone.localdate()
    first, last = periods.period(project)
    if month.day != 1:
        return _("A review is for a whole month: use the first day of the month.")
    if month > months.first_of(today):
        return _("%(month)s has not begun yet; review a month that has begun.") % {"month": months.label(month)}
    if not first <= month <= last:
        return _("The project runs from %(first)s to %(last)s; choose a month in that period.") % {
            "first": months.label(first),
            "last": months.label(last),
        }
    return None


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("owner").get(pk=project.pk)


def _require_reviewable(actor, project: Project, month: dt.date) -> None:
    require_at(actor, "project", "change", project.owner)
    if project.state not in REVIEWABLE:
        raise Conflict(
            _("Reviews are written while the project runs (approved to inspected); it is now %(state)s.")
            % {"state": project.get_state_display()}
        )
    error = month_error(project, month)
    if error:
        raise InvalidInput(error, errors={"month": [error]})


def _snapshot(review: ProjectReview) -> dict:
    data = audit.snapshot(review)
    data["actuals"] = {str(a.goal_id): None if a.value is None else str(a.value) for a in review.actuals.all()}
    return data


def _goals(project: Project) -> list[Goal]:
    related = ("indicator__weight", "indicator__numerator", "indicator__denominator", "unit")
    return list(Goal.objects.filter(project=project).select_related(*related).order_by("order", "pk"))


def _write_actuals(review: ProjectReview, goals: list[Goal], entered: dict[int, Decimal | None]) -> None:
    """Store the entered values of goals entered in reviews (None clears one; goals not mentioned keep theirs) and
    (re)compute every goal read from production data from the indicator roll-up of the review's month."""
    by_id = {g.pk: g for g in goals}
    unknown = [str(pk) for pk in entered if pk not in by_id]
    if unknown:
        message = _("These goals are not part of this project: %(goals)s.") % {"goals": ", ".join(unknown)}
        raise InvalidInput(message, errors={"actuals": [message]})
    read = [by_id[pk].indicator_name for pk in entered if by_id[pk].source == Goal.Source.SERIES]
    if read:
        message = _("%(goals)s are read from production data; their values cannot be entered.") % {
            "goals": "、".join(read)
        }
        raise InvalidInput(message, errors={"actuals": [message]})
    existing = {a.goal_id: a for a in GoalActual.objects.filter(review=review)}
    rows: list[tuple[Goal, Decimal | None, str, str]] = []
    for pk, value in entered.items():
        rows.append((by_id[pk], value, GoalActual.Source.ENTERED, ""))
    for pk, computed in series_actuals(goals, review.month).items():
        rows.append((by_id[pk], computed.value, GoalActual.Source.SERIES, computed.computation))
    for goal, value, source, computation in rows:
        row = existing.get(goal.pk)
        if value is None and source == GoalActual.Source.ENTERED:
            if row is not None:
                row.delete()
            continue
        row = row or GoalActual(review=review, goal=goal)
        row.value, row.source, row.computation = value, source, computation[:400]
        try:
            validate(row)
        except InvalidInput as exc:
            message = _("%(goal)s: %(error)s") % {"goal": goal.indicator_name, "error": exc.message}
            raise InvalidInput(message, errors={f"goal_{goal.pk}": [exc.message], "actuals": [message]}) from exc
        row.save()


@transaction.atomic
def review_save(
    *,
    actor,
    project: Project,
    month: dt.date,
    actuals: dict[int, Decimal | None] | None = None,
    submit: bool = False,
    **fields,
) -> ProjectReview:
    """Write (or change) the draft review of `project` for `month` — the owner's secretary, or anyone with the
    project change grant over the owner org — while the project runs and for a month of its period that has begun.
    `actuals` maps goal ids to entered values; goals read from production data are filled in from the roll-up.
    With `submit` the review is also submitted, all or nothing. A submitted review cannot be changed."""
    extra = set(fields) - set(REVIEW_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    project = _locked(project)
    _require_reviewable(actor, project, month)
    review = ProjectReview.objects.filter(project=project, month=month).first()
    if review is not None and review.submitted:
        raise Conflict(
            _("The review of %(month)s has been submitted and can no longer be changed.")
            % {"month": months.label(month)}
        )
    before = _snapshot(review) if review is not None else None
    review = review or ProjectReview(project=project, month=month)
    for name, value in fields.items():
        setattr(review, name, (value or "").strip())
    review.written_by = None if is_system(actor) else actor
    review.written_at = timezone.now()
    validate(review)
    review.save()
    _write_actuals(review, _goals(project), actuals or {})
    after = _snapshot(review)
    if before is None or audit.changes(before, after):
        action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
        audit.record(actor=actor, action=action, obj=review, before=before, after=after)
    if submit:
        review = review_submit(actor=actor, review=review)
    return review


@transaction.atomic
def review_submit(*, actor, review: ProjectReview) -> ProjectReview:
    """Submit a draft review: the values read from production data are refreshed, every goal entered in reviews
    needs its actual value and the narrative must say how the month went. Then it counts for red/amber/green."""
    project = _locked(review.project)
    _require_reviewable(actor, project, review.month)
    review = ProjectReview.objects.select_for_update().get(pk=review.pk)
    if review.submitted:
        raise Conflict(_("The review of %(month)s has already been submitted.") % {"month": months.label(review.month)})
    goals = _goals(project)
    _write_actuals(review, goals, {})
    before = _snapshot(review)
    have = {a.goal_id for a in review.actuals.all() if a.value is not None}
    missing = [g for g in goals if g.source == Goal.Source.REVIEW and g.pk not in have]
    errors = {f"goal_{g.pk}": [_("Enter the actual value.")] for g in missing}
    if missing:
        errors["actuals"] = [
            _("Enter the actual value of every goal before submitting: %(goals)s.")
            % {"goals": "、".join(g.indicator_name for g in missing)}
        ]
    if not review.narrative.strip():
        errors["narrative"] = [_("Say how the month went before submitting.")]
    if errors:
        first = errors.get("actuals", errors.get("narrative"))[0]
        raise InvalidInput(first, errors=errors)
    review.status, review.submitted_at = ProjectReview.Status.SUBMITTED, timezone.now()
    review.save(update_fields=["status", "submitted_at"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=review, before=before, after=_snapshot(review))
    # The month's reminders asked for this review: done for everyone reminded, whoever submitted it.
    notifications_done_by_key(keys=[reminder_key(project.pk, review.month)])
    return review


# --- reminders -------------------------------------------------------------------------------------------------------


def _recipients(projects: list[Project]) -> dict[int, list]:
    """{project id: accounts to remind}: the responsible secretary's account and every account holding the secretary
    role over the owner org itself (two queries)."""
    from dangjian.accounts.models import RoleAssignment, User

    by_person = {
        u.person_id: u for u in User.objects.filter(is_active=True, person_id__in={p.secretary_id for p in projects})
    }
    by_org: dict[int, list] = {}
    seats = (
        RoleAssignment.objects.active()
        .filter(role="secretary", org_id__in={p.owner_id for p in projects}, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for assignment in seats:
        by_org.setdefault(assignment.org_id, []).append(assignment.user)
    result = {}
    for project in projects:
        users = {u.pk: u for u in by_org.get(project.owner_id, [])}
        if project.secretary_id in by_person:
            users.setdefault(by_person[project.secretary_id].pk, by_person[project.secretary_id])
        result[project.pk] = list(users.values())
    return result


@transaction.atomic
def reminders_send(*, actor=SYSTEM, today: dt.date | None = None) -> int:
    """Remind the secretaries of running projects whose review of last month has not been submitted once that month
    ended REVIEW_REMINDER_DAYS days ago: one in-app reminder per project, month and account (sending again adds
    nothing), e-mailed when the account has an address. A month before the company's go-live date is not reminded
    (tenancy.counted_from). Returns how many reminders were new."""
    if not is_system(actor):
        raise NotPermitted(_("Reminders are sent by the system."))
    today = today or timezone.localdate()
    month = months.add_months(months.first_of(today), -1)
    if today < months.last_day(month) + dt.timedelta(days=settings.REVIEW_REMINDER_DAYS):
        return 0
    projects = list(
        Project.objects.filter(state__in=REVIEWABLE, starts_on__lte=months.last_day(month), ends_on__gte=month)
        .exclude(
            pk__in=ProjectReview.objects.filter(month=month, status=ProjectReview.Status.SUBMITTED).values("project")
        )
        .select_related("owner")
        .order_by("pk")
    )
    live = tenancy.go_live_dates([p.owner for p in projects])
    projects = [p for p in projects if (tenancy.counted_from(live.get(tenancy.company_pk(p.owner))) or month) <= month]
    if not projects:
        return 0
    created = 0
    reminded = set()
    recipients = _recipients(projects)
    for project in projects:
        if not recipients[project.pk]:
            continue
        made = notify(
            recipients=recipients[project.pk],
            kind=REMINDER_KIND,
            subject=REMINDER_SUBJECT,
            text=REMINDER_TEXT,
            params={"code": project.code, "title": project.title, "month": months.label(month)},
            link=review_url(project.pk, month),
            about=project,
            key=reminder_key(project.pk, month),
            action=True,
        )
        created += len(made)
        if made:
            reminded.add(project.pk)
    if not created:
        return 0
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        object_type="core.notification",
        object_repr=_("Review reminders for %(month)s") % {"month": months.label(month)},
        after={"month": months.label(month), "reminders": created, "projects": len(reminded)},
    )
    return created
