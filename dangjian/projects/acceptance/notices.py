"""A panel member's scoring sheet as work in their inbox (core/notifications): seated on an open panel → "评分表待
评分", an action linking to their sheet, one per member and panel; closed when their sheet is complete (every project
they may score, on every qualitative criterion), when the panel is submitted (nothing more can be scored), or when
they leave the panel. Written inside the services' transactions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dangjian.core.notifications import services as notifications
from dangjian.projects.acceptance import selectors
from dangjian.projects.acceptance.models import Panel, PanelMember

KIND = "acceptance.score"
SUBJECT = gettext_lazy("Scoring sheet to fill in")
TEXT = gettext_lazy("You sit on %(panel)s: score each project on your sheet.")


def seated(member: PanelMember) -> None:
    """Ask the new member to score (once per member and panel)."""
    panel = member.panel
    notifications.notify(
        recipients=[member.user_id],
        kind=KIND,
        subject=SUBJECT,
        text=TEXT,
        params={"panel": panel.name},
        link=reverse("acceptance:sheet", kwargs={"pk": panel.pk}),
        about=panel,
        key=f"{KIND}:{panel.pk}",
        action=True,
    )


def scored(member: PanelMember) -> None:
    """After the member saved scores: their item is done once their sheet is complete (four queries)."""
    panel = member.panel
    projects = list(selectors.panel_projects(panel))
    typed = [c for c in selectors.criteria(panel) if not c.is_computed]
    conflicted = selectors.conflicts([member], projects)
    if typed and selectors.progress(panel, [member], projects, typed, conflicted).complete:
        notifications.notifications_done(about=panel, kinds=[KIND], recipients=[member.user_id])


def left(member: PanelMember) -> None:
    notifications.notifications_done(about=member.panel, kinds=[KIND], recipients=[member.user_id])


def closed(panel: Panel) -> None:
    """The panel was submitted: nothing is left to score, for anyone."""
    notifications.notifications_done(about=panel, kinds=[KIND])


__all__ = ["KIND", "closed", "left", "scored", "seated"]
