"""The home page's transfers section: the transfers waiting for the user (to approve, to send the letter, to confirm)
and the letters past their deadline, for whoever sees transfers somewhere. Two queries."""

from __future__ import annotations

from django.utils import timezone

from dangjian.affairs.transfers import selectors, services
from dangjian.core.scoping import can_anywhere

SHOWN = 5


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "transfer", "view"):
        return []
    today = timezone.localdate()
    waiting, overdue = [], []
    for transfer in selectors.open_transfers(user=user):
        step = next((s for s in ("approve", "send", "confirm") if services.may_step(user, transfer, s)), None)
        if step:
            waiting.append((transfer, step))
        elif transfer.overdue_on(today):
            overdue.append(transfer)
    if not waiting and not overdue:
        return []
    return [
        (
            "transfers/_home.html",
            {"waiting": waiting[:SHOWN], "more": len(waiting) > SHOWN, "overdue": overdue[:SHOWN], "today": today},
        )
    ]
