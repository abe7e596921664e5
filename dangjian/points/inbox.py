"""The points ledger's work notifications (待办): an entry waiting for a decision and an appeal go to who decides them
(the points change grant over the member's branch: its secretary, else the nearest 党群工作部 above — never the member
themselves), and are closed by the service that decides them, whoever does; the member is told the outcome.

Called inside the ledger services' transactions (they checked the permission and write the audit rows)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.holders import accounts_of_people, nearest_holders
from dangjian.core.notifications.services import notifications_done, notify
from dangjian.core.permissions import Role
from dangjian.points.models import Appeal, PointsEntry

ENTRY_KIND = "points.entry"
APPEAL_KIND = "points.appeal"
OUTCOME_KIND = "points.outcome"
# The roles whose points grant decides (grants.py: change over the branch).
DECIDERS = (Role.SECRETARY, Role.PARTY_OFFICE)


def _deciders(person):
    """Who decides on `person`'s points: the nearest secretary or 党群工作部 over their branch, not them."""
    return nearest_holders(person.branch, DECIDERS, exclude=lambda user, _org: user.person_id == person.pk)


def entry_waiting(entry: PointsEntry) -> int:
    """A pending entry (a member's claim, or one whose rule needs approval): ask who decides it. Idempotent."""
    if entry.status != PointsEntry.Status.PENDING:
        return 0
    person = entry.person
    made = notify(
        recipients=_deciders(person),
        kind=ENTRY_KIND,
        subject=_("Points to decide"),
        text=_("%(name)s: %(points)s points for “%(reason)s” (%(rule)s) wait for your decision."),
        params={"name": person.name, "points": entry.points, "reason": entry.reason, "rule": entry.rule.name},
        link=reverse("points:queue") + f"#entry-{entry.pk}",
        about=entry,
        key=f"{ENTRY_KIND}:{entry.pk}",
        action=True,
    )
    return len(made)


def entry_decided(entry: PointsEntry) -> None:
    """The entry is decided (approved, rejected, or withdrawn with its source): nobody is asked any more, and the
    member hears the outcome of an entry that waited for someone."""
    notifications_done(about=entry, kinds=[ENTRY_KIND])
    if entry.status == PointsEntry.Status.APPROVED:
        text = _("Your %(points)s points for “%(reason)s” were approved: %(awarded)s awarded. %(note)s")
    else:
        text = _("Your %(points)s points for “%(reason)s” were not approved: %(note)s")
    _tell_member(
        entry.person_id,
        about=entry,
        key=f"{OUTCOME_KIND}:entry:{entry.pk}",
        subject=_("Points decided"),
        text=text,
        params={
            "points": entry.points,
            "reason": entry.reason,
            "awarded": entry.awarded if entry.awarded is not None else "",
            "note": entry.decision_note,
        },
    )


def appeal_lodged(appeal: Appeal) -> int:
    """A member appealed one of their entries: ask who decides appeals on their points. Idempotent."""
    entry = appeal.entry
    person = entry.person
    made = notify(
        recipients=_deciders(person),
        kind=APPEAL_KIND,
        subject=_("Appeal to decide"),
        text=_("%(name)s appeals the entry “%(reason)s” (%(points)s points): %(appeal)s"),
        params={"name": person.name, "reason": entry.reason, "points": entry.points, "appeal": appeal.reason},
        link=reverse("points:queue") + f"#appeal-{appeal.pk}",
        about=appeal,
        key=f"{APPEAL_KIND}:{appeal.pk}",
        action=True,
    )
    return len(made)


def appeal_decided(appeal: Appeal) -> None:
    """The appeal is decided: closed for everyone asked, and the member is told the decision."""
    notifications_done(about=appeal, kinds=[APPEAL_KIND])
    upheld = appeal.status == Appeal.Status.UPHELD
    _tell_member(
        appeal.entry.person_id,
        about=appeal,
        key=f"{OUTCOME_KIND}:appeal:{appeal.pk}",
        subject=_("Appeal decided"),
        text=_("Your appeal about “%(reason)s” was upheld: %(decision)s")
        if upheld
        else _("Your appeal about “%(reason)s” was dismissed: %(decision)s"),
        params={"reason": appeal.entry.reason, "decision": appeal.decision},
    )


def _tell_member(person_id: int, *, about, key: str, subject, text, params) -> None:
    """A notice (nothing to do) to the member's own account, about their own points only."""
    account = accounts_of_people([person_id]).get(person_id)
    if account is None:
        return
    notify(
        recipients=[account],
        kind=OUTCOME_KIND,
        subject=subject,
        text=text,
        params=params,
        link=reverse("points:mine"),
        about=about,
        key=key,
    )


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    ENTRY_KIND: _("Go and decide"),
    APPEAL_KIND: _("Go and decide"),
}
