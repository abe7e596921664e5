"""The acceptance panel's say in the project lifecycle: a project is accepted (验收) only once a panel has scored it
and locked its result, and rated (评比) only once that result carries a grade or an award."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dangjian.acceptance.models import ProjectResult
from dangjian.core.errors import Conflict
from dangjian.projects import lifecycle


def accept_needs_locked_result(project) -> None:
    if not ProjectResult.objects.filter(project=project, locked_at__isnull=False).exists():
        raise Conflict(
            _("The acceptance panel has not yet submitted its scores for this project; it can be accepted after that.")
        )


def rate_needs_grade_or_award(project) -> None:
    result = ProjectResult.objects.filter(project=project, locked_at__isnull=False).values("grade", "award").first()
    if result is None or not (result["grade"] or result["award"]):
        raise Conflict(_("This project has no acceptance grade or award yet, so it cannot be rated."))


def register() -> None:
    """Called from AcceptanceConfig.ready(); registering twice has no further effect."""
    for action, check in ((lifecycle.ACCEPT, accept_needs_locked_result), (lifecycle.RATE, rate_needs_grade_or_award)):
        if check not in lifecycle.PRECONDITIONS.get(action, []):
            lifecycle.add_precondition(action, check)
