"""The acceptance panel's say in the project lifecycle, as subscribers of the projects' events (listed in
settings.EVENT_SUBSCRIBERS): a project is accepted (验收) only once a panel has scored it and locked its result, and
rated (评比) only once that result carries a grade or an award. Each runs inside project_transition's transaction and
refuses with a Conflict, which undoes the move."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dangjian.core.errors import Conflict
from dangjian.projects.acceptance.models import ProjectResult


def accept_needs_locked_result(*, project, actor) -> None:
    """On "project_accepted": refuse while the panel has not locked its result."""
    if not ProjectResult.objects.filter(project=project, locked_at__isnull=False).exists():
        raise Conflict(
            _("The acceptance panel has not yet submitted its scores for this project; it can be accepted after that.")
        )


def rate_needs_grade_or_award(*, project, actor) -> None:
    """On "project_rated": refuse while the locked result has neither a grade nor an award."""
    result = ProjectResult.objects.filter(project=project, locked_at__isnull=False).values("grade", "award").first()
    if result is None or not (result["grade"] or result["award"]):
        raise Conflict(_("This project has no acceptance grade or award yet, so it cannot be rated."))
