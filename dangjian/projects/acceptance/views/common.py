"""What the acceptance pages share: the panel in scope, and who may manage it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dangjian.projects.acceptance import selectors
from dangjian.projects.projects import lifecycle


def panel_or_404(request, pk: int):
    return selectors.panel_get(user=request.user, pk=pk)


def manages(user, panel) -> bool:
    """党群工作部 over the panel's org: sets it up, submits it, gives the awards."""
    return lifecycle.OFFICE in lifecycle.standings(user, panel.org)


def managed_panel_or_403(request, pk: int):
    """The panel, for a write by 党群工作部: 404 out of scope, 403 for those who may only read it."""
    panel = panel_or_404(request, pk)
    if not manages(request.user, panel):
        raise PermissionDenied
    return panel
