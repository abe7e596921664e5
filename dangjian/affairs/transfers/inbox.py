"""Transfers' work notifications (待办): a request asks who approves it (the nearest 党群工作部 or secretary strictly
above the asking branch: services.may_approve), closed when it is approved, rejected or withdrawn; a letter to
accept (sent within the company, the return slip of one sent out, or a transfer in approved) asks the confirming
branch's officer — its secretary, else the nearest 党群工作部 above — closed when it is confirmed or withdrawn.

Called inside the transfer services' transactions (they checked the standing and write the audit rows)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.holders import nearest_holders
from dangjian.affairs.transfers.models import Transfer
from dangjian.core.notifications.services import notifications_done, notify
from dangjian.core.permissions import Role

APPROVE_KIND = "transfers.approve"
ACCEPT_KIND = "transfers.accept"
OFFICERS = (Role.SECRETARY, Role.PARTY_OFFICE)


def _who(transfer: Transfer) -> str:
    return transfer.name or (transfer.person.name if transfer.person_id else "")


def requested(transfer: Transfer, asking_org) -> int:
    """A request waits for approval above the branch that asked."""
    made = notify(
        recipients=nearest_holders(asking_org, OFFICERS, start_above=True),
        kind=APPROVE_KIND,
        subject=_("Transfer to approve: %(name)s"),
        text=_("%(org)s asks to transfer %(name)s (%(kind)s): %(reason)s"),
        params={
            "name": _who(transfer),
            "org": asking_org.name,
            "kind": transfer.get_kind_display(),
            "reason": transfer.reason,
        },
        link=reverse("transfers:detail", args=[transfer.pk]),
        about=transfer,
        key=f"{APPROVE_KIND}:{transfer.pk}",
        action=True,
    )
    return len(made)


def moved(transfer: Transfer, confirming_org) -> None:
    """After a step: close what it did; a letter now waiting asks the confirming branch to accept it."""
    S = Transfer.Status
    if transfer.status != S.REQUESTED:
        notifications_done(about=transfer, kinds=[APPROVE_KIND])
    if transfer.status in (S.CONFIRMED, S.REJECTED, S.CANCELLED):
        notifications_done(about=transfer, kinds=[ACCEPT_KIND])
        return
    waiting = transfer.status == S.SENT or (transfer.status == S.APPROVED and transfer.kind == Transfer.Kind.IN)
    if not waiting or confirming_org is None:
        return
    notify(
        recipients=nearest_holders(confirming_org, OFFICERS),
        kind=ACCEPT_KIND,
        subject=_("Letter to accept: %(name)s"),
        text=_("%(name)s's transfer letter %(no)s waits for %(org)s to confirm the arrival (report by %(by)s)."),
        params={
            "name": _who(transfer),
            "no": transfer.letter_no or transfer.pk,
            "org": confirming_org.name,
            "by": transfer.report_by.isoformat() if transfer.report_by else "—",
        },
        link=reverse("transfers:detail", args=[transfer.pk]),
        about=transfer,
        key=f"{ACCEPT_KIND}:{transfer.pk}",
        action=True,
    )


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    APPROVE_KIND: _("Go and approve"),
    ACCEPT_KIND: _("Go and receive"),
}
