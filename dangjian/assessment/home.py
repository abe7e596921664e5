"""The home-page section: the user's overdue key tasks (owned by them or by an org they run) and the assessment sheets
waiting for them — their branch's self-assessment to submit, or sheets to review. Four queries at most."""

from __future__ import annotations

from django.utils import timezone

from dangjian.assessment import keytask_selectors, workflow
from dangjian.assessment.models import Sheet
from dangjian.core.scoping import can_anywhere, scope_for

HOME_ROWS = 8


def _sheets(user) -> tuple[list[Sheet], list[Sheet]]:
    scope = scope_for(user, "assessment", "change")
    if not (scope.paths or scope.everywhere):
        return [], []
    sheets = list(
        Sheet.objects.restrict(user, "change")
        .filter(period__status="open", status__in=[Sheet.Status.DRAFT, Sheet.Status.SUBMITTED])
        .select_related("org", "period")
        .order_by("-period__month", "org__path")[:200]
    )
    to_fill, to_review = [], []
    for sheet in sheets:
        held = workflow.standings(user, sheet.org)
        if sheet.status == Sheet.Status.DRAFT and workflow.is_own(user, sheet.org) and workflow.OWNER in held:
            to_fill.append(sheet)
        elif sheet.status == Sheet.Status.SUBMITTED and workflow.REVIEWER in held:
            to_review.append(sheet)
    return to_fill[:HOME_ROWS], to_review[:HOME_ROWS]


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "keytask", "view") and not can_anywhere(user, "assessment", "view"):
        return []
    overdue, overdue_total = keytask_selectors.overdue_for(user=user, today=timezone.localdate(), limit=HOME_ROWS)
    to_fill, to_review = _sheets(user)
    if not (overdue or to_fill or to_review):
        return []
    context = {"overdue": overdue, "overdue_total": overdue_total, "to_fill": to_fill, "to_review": to_review}
    return [("assessment/_home.html", context)]
