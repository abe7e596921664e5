"""The assessment's work notifications (待办), as the workflow says (workflow.py):

- a key task's close-out submitted → the reviewers (the nearest secretary or 党群工作部 above the owner org, never
  someone whose own branch it is), closed when it is confirmed, returned or taken off the list; returned → the
  owner (their account, else the branch secretary) to submit again, closed when they do;
- a month's sheet opened → the branch's own secretary to self-assess, closed when the sheet is submitted; submitted
  → the reviewers to score, closed when the review is finished or the sheet goes back (then the branch is asked
  again).

Called inside the services' transactions, which checked the permission and write the audit rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.holders import accounts_of_people, nearest_holders, nearest_holders_many
from dangjian.assessment import workflow
from dangjian.assessment.models import KeyTask, Sheet
from dangjian.core.notifications.services import notifications_done, notify
from dangjian.core.permissions import Role

KEYTASK_CONFIRM = "assessment.keytask"
KEYTASK_RETURNED = "assessment.keytask_back"
SHEET_SELF = "assessment.sheet_self"
SHEET_REVIEW = "assessment.sheet_review"
REVIEWERS = (Role.SECRETARY, Role.PARTY_OFFICE)


def _reviewers(org):
    """Who reviews `org`: the nearest secretary or 党群工作部 above it to whom it is not their own branch."""
    return nearest_holders(org, REVIEWERS, start_above=True, exclude=lambda user, o: workflow.is_own(user, o))


# --- key tasks ---------------------------------------------------------------------------------------------------


def keytask_submitted(task: KeyTask) -> int:
    """The owner submitted the close-out: it is no longer waiting on them; the reviewers are asked to confirm."""
    notifications_done(about=task, kinds=[KEYTASK_RETURNED])
    made = notify(
        recipients=_reviewers(task.owner_org),
        kind=KEYTASK_CONFIRM,
        subject=_("Key task to confirm: %(code)s"),
        text=_("%(org)s submitted the close-out of “%(title)s” (due %(due)s): %(evidence)s"),
        params={
            "code": task.code,
            "org": task.owner_org.name,
            "title": task.title,
            "due": task.due_on.isoformat(),
            "evidence": task.evidence,
        },
        link=reverse("assessment:keytask", args=[task.pk]),
        about=task,
        action=True,
    )
    return len(made)


def keytask_decided(task: KeyTask) -> None:
    """Confirmed, returned or cancelled: nobody is asked to confirm any more; a returned one asks its owner."""
    notifications_done(about=task, kinds=[KEYTASK_CONFIRM])
    if task.status == KeyTask.Status.CANCELLED:
        notifications_done(about=task, kinds=[KEYTASK_RETURNED])
    if task.status != KeyTask.Status.RETURNED:
        return
    owner = accounts_of_people([task.owner_id]).get(task.owner_id) if task.owner_id else None
    recipients = [owner] if owner else nearest_holders(task.owner_org, [Role.SECRETARY], walk_up=False)
    notify(
        recipients=recipients,
        kind=KEYTASK_RETURNED,
        subject=_("Key task returned: %(code)s"),
        text=_("The close-out of “%(title)s” came back: %(reason)s. Submit it again."),
        params={"code": task.code, "title": task.title, "reason": task.return_reason},
        link=reverse("assessment:keytask", args=[task.pk]),
        about=task,
        action=True,
    )


# --- monthly sheets ----------------------------------------------------------------------------------------------


def _ask_branch(sheets: list[Sheet], period, *, key: bool) -> int:
    secretaries = nearest_holders_many([s.org for s in sheets], [Role.SECRETARY], walk_up=False)
    created = 0
    for sheet in sheets:
        created += len(
            notify(
                recipients=secretaries[sheet.org.pk],
                kind=SHEET_SELF,
                subject=_("Self-assessment due: %(month)s"),
                text=_("%(org)s: fill in the self-assessment of %(month)s and submit it."),
                params={"org": sheet.org.name, "month": f"{period.month:%Y-%m}"},
                link=reverse("assessment:sheet", args=[sheet.pk]),
                about=sheet,
                key=f"{SHEET_SELF}:{sheet.pk}" if key else "",
                action=True,
            )
        )
    return created


def period_opened(period, sheets: list[Sheet]) -> int:
    """A month opened: each branch's own secretary is asked to self-assess (once per sheet, by key)."""
    return _ask_branch(sheets, period, key=True)


def sheet_moved(sheet: Sheet, action: str) -> None:
    """After a move of the sheet's table: close what the move did, ask whoever acts next."""
    period = sheet.period
    if action == workflow.SUBMIT:
        notifications_done(about=sheet, kinds=[SHEET_SELF])
        notify(
            recipients=_reviewers(sheet.org),
            kind=SHEET_REVIEW,
            subject=_("Sheet to score: %(org)s %(month)s"),
            text=_("%(org)s submitted its self-assessment of %(month)s: review and score it."),
            params={"org": sheet.org.name, "month": f"{period.month:%Y-%m}"},
            link=reverse("assessment:sheet", args=[sheet.pk]),
            about=sheet,
            action=True,
        )
    elif action == workflow.RETURN:
        notifications_done(about=sheet, kinds=[SHEET_REVIEW])
        _ask_branch([sheet], period, key=False)
    elif action == workflow.REVIEW:
        notifications_done(about=sheet, kinds=[SHEET_REVIEW])


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    KEYTASK_CONFIRM: _("Go and confirm"),
    KEYTASK_RETURNED: _("Go and submit again"),
    SHEET_SELF: _("Go and self-assess"),
    SHEET_REVIEW: _("Go and score"),
}
