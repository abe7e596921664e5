"""What the acceptance services share: who counts as 党群工作部 for a panel, and the locked panel row."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dangjian.core.errors import Conflict, NotPermitted
from dangjian.projects.acceptance.models import Panel
from dangjian.projects.projects import lifecycle


def require_office(actor, org) -> None:
    """Refuse unless `actor` is 党群工作部 over `org` (a party_office assignment at the org or above) — the same
    standing the project lifecycle asks for to accept and rate."""
    if lifecycle.OFFICE not in lifecycle.standings(actor, org):
        raise NotPermitted(_("Only the party affairs department (党群工作部) may do this."))


def locked_panel(panel: Panel) -> Panel:
    """The panel row, locked for the rest of the transaction: scoring and submitting serialise on it, so no score
    lands after the results are computed."""
    return Panel.objects.select_for_update(of=("self",)).select_related("org").get(pk=panel.pk)


def require_status(panel: Panel, *statuses: str) -> None:
    if panel.status not in statuses:
        messages = {
            Panel.Status.OPEN: _("The panel has already submitted its scores; they are locked and cannot change."),
            Panel.Status.SUBMITTED: _("This can be done only once the panel has submitted its scores."),
        }
        if panel.status == Panel.Status.LOCKED:
            raise Conflict(_("The panel's results are locked; nothing can change any more."))
        raise Conflict(messages[statuses[0]])
